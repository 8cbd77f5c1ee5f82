'use client';
// A director's live state (System Overview, High-Availability Configuration).
import type { OverviewDirector } from '@/lib/schemas/overview';

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
      className={`rounded border bg-white p-3 text-sm ${!d.reachable ? 'border-red-400' : d.slowSeconds !== null ? 'border-amber-400' : 'border-slate-200'}`}
    >
      <h2 className="font-semibold">
        {d.name} <span className="font-normal text-slate-600">({d.role})</span>
      </h2>
      {d.reachable && d.slowSeconds !== null ? (
        <p role="status" className="mt-1 text-amber-900">
          <span aria-hidden="true">⏱ </span>
          <strong>Slow</strong>: its status read has taken {d.slowSeconds} s so far (a large table); it answers, and the console waits for
          the read. The data below is from {age(d.takenAt, now)}.
        </p>
      ) : null}
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
          <dd>
            {age(d.takenAt, now)}
            {d.readSeconds !== null && d.readSeconds >= 1 ? ` (the read takes ${d.readSeconds} s)` : ''}
          </dd>
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
