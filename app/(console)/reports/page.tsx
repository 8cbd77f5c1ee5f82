import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { getAvailability, getReportTargets, getSeries, getVrrpHistory } from '@/lib/server/metrics/reports';
import { type Series, RANGES, type RangeName } from '@/lib/schemas/metrics';
import { reportQuerySchema } from '@/lib/schemas/reports';
import { isoSeconds } from '@/lib/render/timeseries';
import { TimeChart } from '@/components/charts/time-chart';
import { AvailabilityTable, VrrpTable } from '@/components/reports/report-tables';

export const metadata: Metadata = { title: 'Reports' };

const RANGE_TEXT: Record<RangeName, string> = { '1h': 'Last hour', '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days' };

// GET /reports?service=<id>&realServer=<id>&range=1h|24h|7d|30d (or target=service:<id>|realServer:<id>) - graphs of one service or real
// server, the real servers' availability and the directors' failover history, each downloadable as CSV
export default async function ReportsPage({
  searchParams,
}: {
  searchParams: Promise<{ target?: string; service?: string; realServer?: string; range?: string }>;
}) {
  await requirePageUser();
  const sp = await searchParams;
  const range: RangeName = sp.range && sp.range in RANGES ? (sp.range as RangeName) : '24h';
  // ?target=service:<id>|realServer:<id> (links, the API's form) or the form's service= and realServer=.
  const fromTarget = (kind: string) => (sp.target?.startsWith(`${kind}:`) ? sp.target.slice(kind.length + 1) : undefined);
  const targets = await getReportTargets({
    service: sp.service || fromTarget('service'),
    realServer: sp.realServer || fromTarget('realServer'),
  });
  const target = targets.realServer ? `realServer:${targets.realServer}` : targets.service ? `service:${targets.service}` : null;
  const q = reportQuerySchema.parse({ range });
  const chosenService = targets.service ?? undefined;

  let series: { connections: Series[]; rate: Series[]; traffic: Series[] } | null = null;
  let problem: string | null = null;
  if (target) {
    try {
      const get = (metric: Series['metric']) => getSeries({ target, metric, from: q.from, to: q.to, range });
      const [active, inactive, rate, inB, outB] = await Promise.all([
        get('activeConnections'),
        get('inactiveConnections'),
        get('newConnections'),
        get('inBytes'),
        get('outBytes'),
      ]);
      series = { connections: [active, inactive], rate: [rate], traffic: [inB, outB] };
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
  }
  const [availability, vrrp] = await Promise.all([getAvailability({ ...q, service: chosenService }), getVrrpHistory(q)]);
  const name = series?.connections[0].title.replace(/ - .*$/, '') ?? '';
  const query = new URLSearchParams({ from: String(q.from), to: String(q.to), ...(chosenService ? { service: chosenService } : {}) });

  return (
    <section aria-labelledby="page-title" className="flex flex-col gap-4">
      <h1 id="page-title" className="text-2xl font-semibold text-slate-900">
        Reports
      </h1>
      {targets.services.length === 0 ? (
        <p className="text-sm text-slate-700">
          No virtual service yet: reports start when services are configured and applied, and the console has polled their directors.
        </p>
      ) : (
        <form method="get" className="flex flex-wrap items-end gap-3 rounded border border-slate-300 bg-white p-3 text-sm">
          <label className="flex flex-col gap-1">
            <span className="font-medium">Service</span>
            <select name="service" defaultValue={targets.service ?? ''} className="rounded border border-slate-300 bg-white px-2 py-1">
              {targets.services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-medium">Real server</span>
            <select
              name="realServer"
              defaultValue={targets.realServer ?? ''}
              className="rounded border border-slate-300 bg-white px-2 py-1"
            >
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
            <select name="range" defaultValue={range} className="rounded border border-slate-300 bg-white px-2 py-1">
              {(Object.keys(RANGE_TEXT) as RangeName[]).map((r) => (
                <option key={r} value={r}>
                  {RANGE_TEXT[r]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="rounded bg-brand-700 px-4 py-1.5 font-medium text-white hover:bg-brand-800">
            Show
          </button>
          <p className="text-slate-600">
            From {isoSeconds(q.from)} to {isoSeconds(q.to)} (UTC).
          </p>
        </form>
      )}
      {problem ? (
        <p role="alert" className="text-sm text-red-800">
          {problem}
        </p>
      ) : null}
      {series ? (
        <section aria-labelledby="graphs-title" className="flex flex-col gap-3">
          <h2 id="graphs-title" className="text-lg font-semibold text-slate-900">
            {name}
          </h2>
          <div className="grid gap-3 lg:grid-cols-2">
            <TimeChart title={`Connections: ${name}`} unit="" series={series.connections} names={['Active', 'Inactive']} />
            <TimeChart title={`New connections per second: ${name}`} unit="/s" series={series.rate} names={['New connections']} />
            <TimeChart
              title={`Traffic: ${name}`}
              unit="B/s"
              series={series.traffic}
              names={['In (clients to servers)', 'Out (servers to clients, NAT only)']}
            />
          </div>
        </section>
      ) : null}
      <AvailabilityTable
        rows={availability}
        csvHref={`/api/v1/reports/availability?${query}&format=csv`}
        scope={targets.services.find((s) => s.id === chosenService)?.label ?? 'all services'}
      />
      <VrrpTable changes={vrrp} csvHref={`/api/v1/reports/vrrp?from=${q.from}&to=${q.to}&format=csv`} />
    </section>
  );
}
