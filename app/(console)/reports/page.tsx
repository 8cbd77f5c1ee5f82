import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { getAvailability, getReportGraphs, getReportTargets, getVrrpHistory, reportSpan } from '@/lib/server/metrics/reports';
import { reportQuerySchema } from '@/lib/schemas/reports';
import { AvailabilityTable, VrrpTable } from '@/components/reports/report-tables';
import { ReportPicker } from '@/components/reports/report-picker';
import { ReportGraphs } from '@/components/reports/report-graphs';

export const metadata: Metadata = { title: 'Reports' };

// GET /reports?service=<id>&realServer=<id>&range=1h|24h|7d|30d (or target=service:<id>|realServer:<id>) - graphs of one service or real
// server, the real servers' availability and the directors' failover history, each downloadable as CSV. Without a range it opens on
// the shortest one that holds everything recorded (the last hour on a new console).
export default async function ReportsPage({
  searchParams,
}: {
  searchParams: Promise<{ target?: string; service?: string; realServer?: string; range?: string }>;
}) {
  await requirePageUser();
  const sp = await searchParams;
  const { since, range, stopped, kept } = reportSpan(sp.range);
  // ?target=service:<id>|realServer:<id> (links, the API's form) or the form's service= and realServer=.
  const fromTarget = (kind: string) => (sp.target?.startsWith(`${kind}:`) ? sp.target.slice(kind.length + 1) : undefined);
  const targets = await getReportTargets({
    service: sp.service || fromTarget('service'),
    realServer: sp.realServer || fromTarget('realServer'),
  });
  const target = targets.realServer ? `realServer:${targets.realServer}` : targets.service ? `service:${targets.service}` : null;
  const q = reportQuerySchema.parse({ range });
  const chosenService = targets.service ?? undefined;
  const [graphs, availability, vrrp] = await Promise.all([
    target
      ? getReportGraphs(target, { ...q, range }).then(
          (series) => ({ series, problem: null }),
          (err: unknown) => ({ series: null, problem: err instanceof Error ? err.message : String(err) }),
        )
      : { series: null, problem: null },
    getAvailability({ ...q, service: chosenService }),
    getVrrpHistory(q),
  ]);
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
        <ReportPicker targets={targets} range={range} from={q.from} to={q.to} since={since} stopped={stopped} kept={kept} />
      )}
      {graphs.problem ? (
        <p role="alert" className="text-sm text-red-800">
          {graphs.problem}
        </p>
      ) : null}
      {graphs.series ? <ReportGraphs series={graphs.series} /> : null}
      <AvailabilityTable
        rows={availability}
        csvHref={`/api/v1/reports/availability?${query}&format=csv`}
        scope={targets.services.find((s) => s.id === chosenService)?.label ?? 'all services'}
      />
      <VrrpTable changes={vrrp} csvHref={`/api/v1/reports/vrrp?from=${q.from}&to=${q.to}&format=csv`} />
    </section>
  );
}
