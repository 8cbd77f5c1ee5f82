'use client';
import { useCallback, useEffect, useRef, useState, useTransition } from 'react';
import type { OverviewDirector, OverviewPage, OverviewRealServer, OverviewService, ServiceState, Health } from '@/lib/schemas/overview';
import { SERVICE_STATES, type OverviewQuery } from '@/lib/schemas/overview-query';
import { setRealServerStateAction } from '@/app/(console)/overview/actions';
import { Alert } from '@/components/ui/alert';

// State is never shown by colour alone: every badge has an icon (shape) and a word.
const SERVICE_STATE: Record<ServiceState, { icon: string; text: string; style: string }> = {
  up: { icon: '●', text: 'All up', style: 'border-green-700 text-green-800' },
  degraded: { icon: '◆', text: 'Degraded', style: 'border-amber-700 text-amber-800' },
  down: { icon: '✕', text: 'Down', style: 'border-red-700 text-red-800' },
  'no-real-servers': { icon: '○', text: 'No real servers', style: 'border-slate-500 text-slate-700' },
  unknown: { icon: '?', text: 'Unknown', style: 'border-slate-500 text-slate-700' },
};
const HEALTH: Record<Health, { icon: string; text: string; style: string }> = {
  up: { icon: '●', text: 'Up', style: 'text-green-800' },
  down: { icon: '✕', text: 'Down', style: 'text-red-800' },
  unknown: { icon: '?', text: 'Unknown', style: 'text-slate-700' },
};
const ADMIN: Record<OverviewRealServer['adminState'], string> = { online: 'Online', drain: 'Drain', halt: 'Halt' };

function Badge({ icon, text, style }: { icon: string; text: string; style: string }) {
  return (
    <span className={`inline-flex items-center gap-1 rounded border px-2 py-0.5 text-xs font-medium ${style}`}>
      <span aria-hidden="true">{icon}</span>
      {text}
    </span>
  );
}

export function age(iso: string | null, now: number): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 60
    ? `${s} s ago`
    : s < 3600
      ? `${Math.round(s / 60)} min ago`
      : new Date(iso).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

const REVISION: Record<OverviewDirector['revision'], string> = {
  'in-sync': 'in sync (runs the last revision)',
  behind: 'behind (missed an apply; caught up when it answers)',
  unknown: 'unknown',
};

export function DirectorCard({ d, now, children }: { d: OverviewDirector; now: number; children?: React.ReactNode }) {
  return (
    <section
      aria-label={`Director ${d.name}`}
      className={`rounded border bg-white p-3 text-sm ${d.reachable ? 'border-slate-200' : 'border-red-400'}`}
    >
      <h2 className="font-semibold">
        {d.name} <span className="font-normal text-slate-600">({d.role})</span>
      </h2>
      {d.reachable ? (
        <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3">
          <dt>VRRP</dt>
          <dd>
            <strong>{d.vrrpState ?? 'unknown'}</strong>
            {d.yielding ? (
              <span className="block text-red-800">
                <span aria-hidden="true">⚠ </span>held in FAULT by the console (vrrp.yield = 1): a make-active runs, or the console puts it
                back within seconds
              </span>
            ) : null}
          </dd>
          <dt>Floating IPs</dt>
          <dd>{d.holdsFloatingIps === null ? 'unknown' : d.holdsFloatingIps ? 'holds them (active)' : 'not here'}</dd>
          <dt>Sync daemon</dt>
          <dd>{d.syncDaemon ?? 'not running'}</dd>
          <dt>keepalived</dt>
          <dd>{d.keepalivedRunning ? 'running' : 'not running'}</dd>
          <dt>Load</dt>
          <dd>{d.loadAverage?.join(' ') ?? '—'}</dd>
          <dt>Revision</dt>
          <dd>
            {d.revision === 'behind' ? <strong>{REVISION.behind}</strong> : REVISION[d.revision]}
            {d.revision === 'behind' && d.catchUp ? <CatchUpLine c={d.catchUp} /> : null}
          </dd>
          <dt>Last VRRP change</dt>
          <dd>{d.vrrpSince ? age(d.vrrpSince, now) : 'unknown'}</dd>
          <dt>Data</dt>
          <dd>{age(d.takenAt, now)}</dd>
        </dl>
      ) : (
        <p role="status" className="mt-1 text-red-800">
          <span aria-hidden="true">✕ </span>
          <strong>Unreachable</strong>: {d.error ?? 'no answer'}. Last good data: {age(d.takenAt, now)}. Nothing from it is shown as
          healthy.
          {d.revision === 'behind' ? ' It is behind: it missed an apply, and is brought up to date when it answers.' : ''}
          {d.revision === 'behind' && d.catchUp ? <CatchUpLine c={d.catchUp} /> : null}
        </p>
      )}
      {children}
    </section>
  );
}

/** A catch-up that keeps failing: how often, the last error, and when the console tries next (it backs off to 15 minutes). */
function CatchUpLine({ c }: { c: NonNullable<OverviewDirector['catchUp']> }) {
  return (
    <span className="block text-red-800">
      <span aria-hidden="true">✕ </span>
      Catch-up failed {c.failures} time{c.failures > 1 ? 's' : ''} in a row{c.nextAt ? `; next try at ${c.nextAt.slice(11, 19)} UTC` : ''}:{' '}
      {c.error}
    </span>
  );
}

const SORTS: Record<OverviewQuery['sort'], string> = { label: 'Label', state: 'State', connections: 'Active connections' };

function queryString(q: OverviewQuery): string {
  const p = new URLSearchParams({ sort: q.sort, page: String(q.page) });
  if (q.q) p.set('q', q.q);
  if (q.state) p.set('state', q.state);
  return p.toString();
}

export function SystemOverview({ initial, canOperate, graphs }: { initial: OverviewPage; canOperate: boolean; graphs?: React.ReactNode }) {
  const [data, setData] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.parse(initial.generatedAt));
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  // Filtered, sorted and paged on the server: the browser holds one page of services, never 10,000.
  const [query, setQuery] = useState<OverviewQuery>(initial.query);
  const [filterText, setFilterText] = useState(initial.query.q);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const [idleDeadline, setIdleDeadline] = useState(8 * 3600);
  const lastGood = useRef(initial.generatedAt);
  const queryRef = useRef(query);
  const requestNo = useRef(0);

  const load = useCallback(async (q: OverviewQuery) => {
    const no = ++requestNo.current;
    try {
      const res = await fetch(`/api/v1/overview?${queryString(q)}`, { cache: 'no-store' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const next = (await res.json()) as OverviewPage;
      if (no !== requestNo.current) return; // a newer request (another filter or page) answers instead
      lastGood.current = next.generatedAt;
      setData(next);
      setNow(Date.parse(next.generatedAt));
      setError(null);
    } catch (e) {
      if (no === requestNo.current)
        setError(`Cannot refresh: ${(e as Error).message}. The figures below are from ${age(lastGood.current, Date.now())}.`);
    }
  }, []);

  // A new filter, state, sort or page is fetched at once (typing waits for a pause of 250 ms).
  const change = useCallback(
    (next: Partial<OverviewQuery>) => {
      const q = { ...queryRef.current, ...next };
      queryRef.current = q;
      setQuery(q);
      void load(q);
    },
    [load],
  );
  useEffect(() => {
    if (filterText.trim() === queryRef.current.q) return;
    const t = setTimeout(() => change({ q: filterText.trim(), page: 1 }), 250);
    return () => clearTimeout(t);
  }, [filterText, change]);

  // Updates in place on a named interval; expanded rows and focus are kept (rows are keyed by id).
  useEffect(() => {
    const timer = setInterval(() => void load(queryRef.current), initial.pollIntervalMs);
    const requests = requestNo;
    return () => {
      requests.current++; // an answer still on its way is dropped
      clearInterval(timer);
    };
  }, [initial.pollIntervalMs, load]);

  const services = data.virtualServices;
  const pages = Math.max(1, Math.ceil(data.matching / data.pageSize));

  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const act = (
    s: OverviewService,
    r: OverviewRealServer,
    state: OverviewRealServer['adminState'],
    allServices: boolean,
    haltWhenIdleSeconds: number | null = null,
  ) =>
    start(async () => {
      setMessage(null);
      const res = await setRealServerStateAction(s.id, r.id, state, allServices, haltWhenIdleSeconds);
      setMessage({ ok: res.ok, text: res.message ?? (res.ok ? 'Done.' : 'Refused.') });
    });

  return (
    <div className="flex flex-col gap-4">
      <div className="grid gap-3 md:grid-cols-2">
        {data.directors.length ? (
          data.directors.map((d) => <DirectorCard key={d.id} d={d} now={now} />)
        ) : (
          <p className="text-sm text-slate-700">No director yet: add one under Local Configuration &gt; Directors.</p>
        )}
      </div>
      {data.splitBrain ? <Alert>{data.splitBrain}</Alert> : null}
      {data.noStandby ? <Alert>{data.noStandby}</Alert> : null}
      {graphs}
      {error ? <Alert>{error}</Alert> : null}
      {message ? <Alert kind={message.ok ? 'success' : 'error'}>{message.text}</Alert> : null}
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          <span className="font-medium">Filter</span>
          <input
            type="search"
            value={filterText}
            onChange={(e) => setFilterText(e.target.value)}
            placeholder="label, IP or port"
            className="rounded border border-slate-300 px-2 py-1"
          />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">State</span>
          <select
            value={query.state ?? ''}
            onChange={(e) => change({ state: (e.target.value || undefined) as ServiceState | undefined, page: 1 })}
            className="rounded border border-slate-300 bg-white px-2 py-1"
          >
            <option value="">All ({data.total})</option>
            {SERVICE_STATES.map((s) => (
              <option key={s} value={s}>
                {SERVICE_STATE[s].text} ({data.counts[s]})
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Sort by</span>
          <select
            value={query.sort}
            onChange={(e) => change({ sort: e.target.value as OverviewQuery['sort'], page: 1 })}
            className="rounded border border-slate-300 bg-white px-2 py-1"
          >
            {Object.entries(SORTS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        {canOperate ? (
          <label className="flex flex-col gap-1">
            <span className="font-medium">Halt when idle, at the latest after</span>
            <select
              value={idleDeadline}
              onChange={(e) => setIdleDeadline(Number(e.target.value))}
              className="rounded border border-slate-300 bg-white px-2 py-1"
            >
              {[
                [3600, '1 hour'],
                [4 * 3600, '4 hours'],
                [8 * 3600, '8 hours'],
                [24 * 3600, '24 hours'],
              ].map(([v, t]) => (
                <option key={v} value={v}>
                  {t}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <p className="text-slate-600" role="status" aria-live="polite">
          {data.matching} of {data.total} services{pages > 1 ? `; page ${data.query.page} of ${pages}, ${data.pageSize} a page` : ''}
          {data.source ? `; figures from ${data.source}` : ''}; updated {age(data.generatedAt, now)}, every {data.pollIntervalMs / 1000} s.
        </p>
        {pages > 1 ? (
          <nav aria-label="Overview pages" className="flex gap-2">
            <button
              type="button"
              disabled={data.query.page <= 1}
              onClick={() => change({ page: 1 })}
              className="rounded border border-slate-300 px-2 py-1 disabled:opacity-50"
            >
              First
            </button>
            <button
              type="button"
              disabled={data.query.page <= 1}
              onClick={() => change({ page: data.query.page - 1 })}
              className="rounded border border-slate-300 px-2 py-1 disabled:opacity-50"
            >
              Previous
            </button>
            <button
              type="button"
              disabled={data.query.page >= pages}
              onClick={() => change({ page: data.query.page + 1 })}
              className="rounded border border-slate-300 px-2 py-1 disabled:opacity-50"
            >
              Next
            </button>
            <button
              type="button"
              disabled={data.query.page >= pages}
              onClick={() => change({ page: pages })}
              className="rounded border border-slate-300 px-2 py-1 disabled:opacity-50"
            >
              Last
            </button>
          </nav>
        ) : null}
      </div>
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">Virtual services and their real servers, live</caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            {[
              'Service / real server',
              'Address',
              'Ports',
              'Protocol',
              'Method',
              'State',
              'Weight (live / set)',
              'Active',
              'Inactive',
              'Persistent',
              'Actions',
            ].map((h) => (
              <th key={h} scope="col" className="px-2 py-2">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        {services.map((s) => {
          const open = expanded.has(s.id);
          return (
            <tbody key={s.id} id={`svc-${s.id}`}>
              <tr className="border-b border-slate-200 bg-slate-50">
                <th scope="row" className="px-2 py-2 text-left">
                  <button
                    type="button"
                    aria-expanded={open}
                    aria-controls={`svc-${s.id}`}
                    onClick={() => toggle(s.id)}
                    className="font-semibold underline"
                  >
                    <span aria-hidden="true">{open ? '▾ ' : '▸ '}</span>
                    {s.label}
                    <span className="sr-only"> ({s.realServers.length} real servers)</span>
                  </button>
                </th>
                <td className="px-2 py-2">{s.ip}</td>
                <td className="px-2 py-2">{s.ports}</td>
                <td className="px-2 py-2 uppercase">{s.protocol}</td>
                <td className="px-2 py-2 uppercase">{s.forwarding}</td>
                <td className="px-2 py-2">
                  <Badge {...SERVICE_STATE[s.state]} />
                </td>
                <td className="px-2 py-2" />
                <td className="px-2 py-2">{s.activeConnections ?? '—'}</td>
                <td className="px-2 py-2">{s.inactiveConnections ?? '—'}</td>
                <td className="px-2 py-2" />
                <td className="px-2 py-2" />
              </tr>
              {open
                ? s.realServers.map((r) => (
                    <tr key={r.id} className="border-b border-slate-100">
                      <th scope="row" className="px-2 py-1 pl-8 text-left font-normal">
                        {r.label}
                      </th>
                      <td className="px-2 py-1">
                        {r.ip}
                        {r.port ? `:${r.port}` : ''}
                      </td>
                      <td className="px-2 py-1" />
                      <td className="px-2 py-1" />
                      <td className="px-2 py-1" />
                      <td className="px-2 py-1">
                        <span className={HEALTH[r.health].style}>
                          <span aria-hidden="true">{HEALTH[r.health].icon} </span>
                          {HEALTH[r.health].text}
                        </span>
                        {' · '}
                        <strong>{ADMIN[r.adminState]}</strong>
                        {r.pendingOn.length ? (
                          <span className="block text-xs text-amber-800">not yet on {r.pendingOn.join(', ')}</span>
                        ) : null}
                        {r.haltWhenIdle ? (
                          <span className="block text-xs text-amber-800">
                            halts when idle: {(r.activeConnections ?? 0) + (r.inactiveConnections ?? 0)} connections left, at the latest{' '}
                            {r.haltWhenIdle.deadline.replace('T', ' ').slice(0, 16)} UTC
                          </span>
                        ) : null}
                      </td>
                      <td className="px-2 py-1">
                        {r.liveWeight ?? '—'} / {r.configuredWeight}
                      </td>
                      <td className="px-2 py-1">{r.activeConnections ?? '—'}</td>
                      <td className="px-2 py-1">{r.inactiveConnections ?? '—'}</td>
                      <td className="px-2 py-1">{r.persistentClients ?? '—'}</td>
                      <td className="px-2 py-1">
                        {canOperate ? (
                          <div className="flex flex-wrap gap-1">
                            {(['drain', 'halt', 'online'] as const)
                              .filter((st) => st !== r.adminState)
                              .map((st) => (
                                <button
                                  key={st}
                                  type="button"
                                  disabled={pending}
                                  onClick={() => act(s, r, st, false)}
                                  className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100"
                                  aria-label={`${ADMIN[st]} ${r.label} in ${s.label}`}
                                >
                                  {ADMIN[st]}
                                </button>
                              ))}
                            {r.haltWhenIdle ? (
                              <button
                                type="button"
                                disabled={pending}
                                onClick={() => act(s, r, 'drain', false)}
                                className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100"
                                aria-label={`Cancel halt when idle of ${r.label} in ${s.label} (stays drained)`}
                              >
                                Cancel halt when idle
                              </button>
                            ) : r.adminState !== 'halt' ? (
                              <button
                                type="button"
                                disabled={pending}
                                onClick={() => act(s, r, 'drain', false, idleDeadline)}
                                className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100"
                                aria-label={`Drain ${r.label} in ${s.label}, then halt it when idle`}
                              >
                                Drain, halt when idle
                              </button>
                            ) : null}
                            {(['drain', 'halt', 'online'] as const)
                              .filter((st) => st !== r.adminState)
                              .map((st) => (
                                <button
                                  key={`all-${st}`}
                                  type="button"
                                  disabled={pending}
                                  onClick={() => act(s, r, st, true)}
                                  className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100"
                                  aria-label={`${ADMIN[st]} ${r.ip} in every service`}
                                >
                                  {ADMIN[st]} in all
                                </button>
                              ))}
                          </div>
                        ) : (
                          <span className="text-xs text-slate-600">operator role needed</span>
                        )}
                      </td>
                    </tr>
                  ))
                : null}
            </tbody>
          );
        })}
      </table>
      <p className="text-xs text-slate-600">
        Drain: no new connections, open ones finish; persistent clients follow to other servers or stay until their persistence ends, as set
        under Cluster Configuration. Halt: removed, its connections are reset. Both take effect on every director at once, without a
        keepalived reload, and stay through applies and restarts. With Direct Routing the director never sees a connection close, so its
        counts are estimates (IPVS keeps a closed connection about 2 minutes).
      </p>
    </div>
  );
}
