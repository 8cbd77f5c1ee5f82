import { RANGES, type RangeName, type ReportTargets } from '@/lib/schemas/metrics';
import { isoSeconds } from '@/lib/render/timeseries';

const RANGE_TEXT: Record<RangeName, string> = { '1h': 'Last hour', '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days' };

/**
 * What Reports shows: a service, optionally one of its real servers, and a range (a plain GET
 * form, so a report is a link); then the times shown and since when the console has recorded.
 */
export function ReportPicker({
  targets,
  range,
  from,
  to,
  since,
  stopped,
  kept,
}: {
  targets: ReportTargets;
  range: RangeName;
  from: number;
  to: number;
  since: number | null;
  /** Why the console records no samples now (its disk is nearly full), if it does not. */
  stopped: string | null;
  /** How long each resolution is kept (and whether the file's budget shortens it). */
  kept: string;
}) {
  const select = 'rounded border border-slate-300 bg-white px-2 py-1';
  return (
    <form method="get" className="flex flex-wrap items-end gap-3 rounded border border-slate-300 bg-white p-3 text-sm">
      <label className="flex flex-col gap-1">
        <span className="font-medium">Service</span>
        <select name="service" defaultValue={targets.service ?? ''} className={select}>
          {targets.services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="font-medium">Real server</span>
        <select name="realServer" defaultValue={targets.realServer ?? ''} className={select}>
          <option value="">The whole service</option>
          {targets.realServers.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="font-medium">Range</span>
        <select name="range" defaultValue={range} className={select}>
          {(Object.keys(RANGES) as RangeName[]).map((r) => (
            <option key={r} value={r}>
              {RANGE_TEXT[r]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded bg-brand-700 px-4 py-1.5 font-medium text-white hover:bg-brand-800">
        Show
      </button>
      <p className="text-slate-600" data-testid="report-span">
        From {isoSeconds(from)} to {isoSeconds(to)} (UTC).{' '}
        {since === null ? 'Nothing recorded yet: the console records once it polls the directors.' : `Recorded since ${isoSeconds(since)}.`}{' '}
        {kept}
      </p>
      {stopped && (
        <p role="alert" className="w-full rounded border border-amber-400 bg-amber-50 p-2 text-amber-900">
          <span aria-hidden="true">⚠ </span>
          {stopped}
        </p>
      )}
    </form>
  );
}
