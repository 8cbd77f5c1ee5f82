'use client';
// One virtual service of the System Overview (a row, expandable to its real servers) with the live
// actions an operator has on each real server: drain, halt, online (here or in every service), and
// drain-then-halt-when-idle with its deadline chosen beside the real server it applies to.
import { useState } from 'react';
import type { OverviewRealServer, OverviewService } from '@/lib/schemas/overview';
import { ADMIN, Badge, HEALTH, SERVICE_STATE } from './states';

export type StateAction = (
  s: OverviewService,
  r: OverviewRealServer,
  state: OverviewRealServer['adminState'],
  allServices: boolean,
  haltWhenIdleSeconds?: number | null,
) => void;

interface Operate {
  canOperate: boolean;
  pending: boolean;
  act: StateAction;
  /** address: drain, halt and online reach the address in every service (a large table), so only those are offered. */
  scope: 'service' | 'address';
}

export function ServiceRows({ s, open, toggle, ...operate }: { s: OverviewService; open: boolean; toggle: () => void } & Operate) {
  return (
    <tbody id={`svc-${s.id}`}>
      <tr className="border-b border-slate-200 bg-slate-50">
        <th scope="row" className="px-2 py-2 text-left">
          <button
            type="button"
            aria-expanded={open}
            aria-controls={`svc-${s.id}`}
            onClick={toggle}
            className="inline-flex items-start gap-1 text-left font-semibold underline"
          >
            {/* The triangle stands apart, so that a long label wraps beside it, not under it. */}
            <span aria-hidden="true" className="no-underline">
              {open ? '▾' : '▸'}
            </span>
            <span>
              {s.label}
              <span className="sr-only"> ({s.realServers.length} real servers)</span>
            </span>
          </button>
          <span className="block pl-4 text-xs font-normal text-slate-600">Check: {s.check}</span>
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
      {open ? s.realServers.map((r) => <RealServerRow key={r.id} s={s} r={r} {...operate} />) : null}
    </tbody>
  );
}

function RealServerRow({ s, r, ...operate }: { s: OverviewService; r: OverviewRealServer } & Operate) {
  return (
    <tr className="border-b border-slate-100">
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
        <span className={`whitespace-nowrap ${HEALTH[r.health].style}`}>
          <span aria-hidden="true">{HEALTH[r.health].icon} </span>
          {HEALTH[r.health].text}
        </span>
        {' · '}
        <strong>{ADMIN[r.adminState]}</strong>
        {r.pendingOn.length ? <span className="block text-xs text-amber-800">not yet on {r.pendingOn.join(', ')}</span> : null}
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
        {operate.canOperate ? (
          <RealServerActions s={s} r={r} {...operate} />
        ) : (
          <span className="text-xs text-slate-600">operator role needed</span>
        )}
      </td>
    </tr>
  );
}

const SMALL = 'rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100';
const OTHER_STATES = (r: OverviewRealServer) => (['drain', 'halt', 'online'] as const).filter((st) => st !== r.adminState);

function RealServerActions({ s, r, pending, act, scope }: { s: OverviewService; r: OverviewRealServer } & Operate) {
  const [askingIdle, setAskingIdle] = useState(false);
  if (askingIdle) return <HaltWhenIdleForm s={s} r={r} pending={pending} done={() => setAskingIdle(false)} act={act} />;
  return (
    <div className="flex flex-wrap gap-1">
      {(scope === 'service' ? OTHER_STATES(r) : []).map((st) => (
        <button
          key={st}
          type="button"
          disabled={pending}
          onClick={() => act(s, r, st, false)}
          className={SMALL}
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
          className={SMALL}
          aria-label={`Cancel halt when idle of ${r.label} in ${s.label} (stays drained)`}
        >
          Cancel halt when idle
        </button>
      ) : r.adminState !== 'halt' ? (
        <button
          type="button"
          disabled={pending}
          onClick={() => setAskingIdle(true)}
          className={SMALL}
          aria-label={`Drain ${r.label} in ${s.label}, then halt it when idle…`}
        >
          Drain, halt when idle…
        </button>
      ) : null}
      {OTHER_STATES(r).map((st) => (
        <button
          key={`all-${st}`}
          type="button"
          disabled={pending}
          onClick={() => act(s, r, st, true)}
          className={SMALL}
          aria-label={`${ADMIN[st]} ${r.ip} in every service`}
        >
          {ADMIN[st]} in all
        </button>
      ))}
    </div>
  );
}

const DEADLINES: [number, string][] = [
  [3600, '1 hour'],
  [4 * 3600, '4 hours'],
  [8 * 3600, '8 hours'],
  [24 * 3600, '24 hours'],
];

/** Drain now, halt when the last connection is gone or at the deadline chosen here, beside the real server. */
function HaltWhenIdleForm({
  s,
  r,
  pending,
  act,
  done,
}: {
  s: OverviewService;
  r: OverviewRealServer;
  pending: boolean;
  act: StateAction;
  done: () => void;
}) {
  const [deadline, setDeadline] = useState(8 * 3600);
  return (
    <div
      role="group"
      aria-label={`Drain ${r.label} in ${s.label}, then halt it when idle`}
      className="flex flex-wrap items-end gap-1 text-xs"
    >
      <label className="flex flex-col">
        <span>Halt at the latest after</span>
        <select
          value={deadline}
          onChange={(e) => setDeadline(Number(e.target.value))}
          className="rounded border border-slate-300 bg-white px-1 py-0.5"
        >
          {DEADLINES.map(([v, t]) => (
            <option key={v} value={v}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={pending}
        className={SMALL}
        onClick={() => {
          act(s, r, 'drain', false, deadline);
          done();
        }}
      >
        Drain now
      </button>
      <button type="button" className={SMALL} onClick={done}>
        Cancel
      </button>
    </div>
  );
}
