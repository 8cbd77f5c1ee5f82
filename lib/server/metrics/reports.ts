// Graphs and Reports, read side: one series, the System Overview's dashboard graphs, and the Reports
// page's availability table and VRRP history. The series come from the metrics store; names and labels
// from the configuration.
import 'server-only';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { getMetricsStore, type MetricsStore, type RetentionInForce } from './store';
import { availability, chooseStep, spanText } from '../../render/timeseries';
import {
  TARGET_METRICS,
  METRIC_UNITS,
  type HealthState,
  type Metric,
  type RangeName,
  type Step,
  type TargetKind,
  RANGES,
  rangeCovering,
} from '../../schemas/metrics';
import { TARGET_PATTERN, type ReportQuery, type SeriesQuery } from '../../schemas/reports';
import { Series, DashboardGraphs, AvailabilityRow, VrrpChange, ReportTargets } from '../../schemas/metrics';

interface ResolvedTarget {
  kind: TargetKind;
  ref: string;
  name: string;
  /** When a service or real server was created (seconds): its series starts there. */
  since?: number;
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

async function resolveTarget(target: string): Promise<ResolvedTarget> {
  const m = TARGET_PATTERN.exec(target)!;
  const kind = m[1] as TargetKind;
  const key = m[2];
  const db = getDb();
  if (kind === 'service') {
    const vs = await db.virtualService.findUnique({ where: { id: key }, select: { id: true, label: true, createdAt: true } });
    if (!vs)
      throw new AppError('NOT_FOUND', `There is no virtual service with id "${key}". Its id is in GET /api/v1/virtual-services.`, {
        field: 'target',
      });
    return { kind, ref: vs.id, name: vs.label, since: seconds(vs.createdAt) };
  }
  if (kind === 'realServer') {
    const rs = await db.realServer.findUnique({
      where: { id: key },
      select: { id: true, label: true, createdAt: true, virtualService: { select: { label: true } } },
    });
    if (!rs)
      throw new AppError(
        'NOT_FOUND',
        `There is no real server with id "${key}". Its id is in GET /api/v1/virtual-services/{id}/real-servers.`,
        { field: 'target' },
      );
    return { kind, ref: rs.id, name: `${rs.virtualService.label} / ${rs.label}`, since: seconds(rs.createdAt) };
  }
  const [dirName, iface] = kind === 'interface' ? [key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1)] : [key, ''];
  const d = await db.director.findUnique({ where: { name: dirName }, select: { id: true, name: true } });
  if (!d)
    throw new AppError('NOT_FOUND', `There is no director named "${dirName}" (Local Configuration > Directors).`, { field: 'target' });
  if (kind === 'interface') {
    if (!iface)
      throw new AppError('BAD_REQUEST', 'Name the interface: interface:<director>/<interface>, e.g. interface:director1/eth0.', {
        field: 'target',
      });
    return { kind, ref: `${d.id}/${iface}`, name: `${d.name} ${iface}` };
  }
  return { kind, ref: d.id, name: d.name };
}

function checkMetric(kind: TargetKind, metric: Metric) {
  const allowed = TARGET_METRICS[kind] as readonly Metric[];
  if (!allowed.includes(metric))
    throw new AppError('BAD_REQUEST', `A ${kind} has no "${metric}" series: use ${allowed.join(', ')}.`, { field: 'metric' });
}

function readSeries(
  store: MetricsStore,
  t: ResolvedTarget,
  metric: Metric,
  from: number,
  to: number,
  step: Step | undefined,
  target: string,
): Series {
  const s = step ?? chooseStep(from, to, Math.floor(Date.now() / 1000), undefined, store.retention().kept);
  return {
    target,
    metric,
    title: `${t.name} - ${METRIC_UNITS[metric].label}`,
    unit: METRIC_UNITS[metric].unit,
    step: s,
    from,
    to,
    points: store.series(t.kind, t.ref, metric, from, to, s, t.since),
  };
}

/** GET /api/v1/reports/series: one series of one target, at the finest step the range allows (or the one asked for). */
export async function getSeries(q: SeriesQuery, store: MetricsStore = getMetricsStore()): Promise<Series> {
  const t = await resolveTarget(q.target);
  checkMetric(t.kind, q.metric);
  return readSeries(store, t, q.metric, q.from, q.to, q.step ? (Number(q.step) as Step) : undefined, q.target);
}

const DASHBOARD_MAX_POINTS = 1_500;
/** How many of the busiest services are ranked to find the five that still exist. */
const BUSIEST_RANKED = 100;

/** The System Overview's graphs for a range ending now. */
export async function getDashboardGraphs(
  range: RangeName,
  store: MetricsStore = getMetricsStore(),
  nowS = Math.floor(Date.now() / 1000),
): Promise<DashboardGraphs> {
  const to = nowS + 1;
  const from = to - RANGES[range];
  // The dashboard refreshes itself: at most ~1,500 points a line (the 24 h view from the minutes, 7 and 30 days from the hours).
  const step = chooseStep(from, to, nowS, DASHBOARD_MAX_POINTS, store.retention().kept);
  const db = getDb();
  const directors = await db.director.findMany({
    where: { hostKeyFingerprint: { not: null } },
    orderBy: [{ role: 'asc' }, { name: 'asc' }],
    select: { id: true, name: true },
  });
  const bandwidth = directors.map((d) => ({
    director: d.name,
    series: store.refs('interface', `${d.id}/`).flatMap((ref) => {
      const iface = ref.slice(d.id.length + 1);
      const t = { kind: 'interface' as const, ref, name: `${d.name} ${iface}` };
      return (['rxBytes', 'txBytes'] as const).map((m) => readSeries(store, t, m, from, to, step, `interface:${d.name}/${iface}`));
    }),
  }));
  const load = directors.map((d) =>
    readSeries(store, { kind: 'director', ref: d.id, name: d.name }, 'load1', from, to, step, `director:${d.name}`),
  );
  // Ranked on the hours when the range has any (a few rows per service), else on the finer samples.
  const rankStep: Step = RANGES[range] > 3600 ? 3600 : step;
  // Ranked among more than shown: services deleted since still have samples in the range, and are left out.
  let busiestIds = store.busiest('service', 'activeConnections', from, to, rankStep, BUSIEST_RANKED);
  if (!busiestIds.length && rankStep !== step) busiestIds = store.busiest('service', 'activeConnections', from, to, step, BUSIEST_RANKED);
  const services = busiestIds.length
    ? await db.virtualService.findMany({ where: { id: { in: busiestIds } }, select: { id: true, label: true, createdAt: true } })
    : [];
  busiestIds = busiestIds.filter((id) => services.some((s) => s.id === id)).slice(0, 5);
  const connections = busiestIds.flatMap((id) => {
    const vs = services.find((s) => s.id === id);
    return vs
      ? [
          readSeries(
            store,
            { kind: 'service', ref: id, name: vs.label, since: seconds(vs.createdAt) },
            'activeConnections',
            from,
            to,
            step,
            `service:${id}`,
          ),
        ]
      : [];
  });
  return { range, from, to, step, bandwidth, load, connections };
}

/** The availability table: every real server (or one service's) over the range, from its health events. */
export async function getAvailability(q: ReportQuery, store: MetricsStore = getMetricsStore()): Promise<AvailabilityRow[]> {
  const servers = await getDb().realServer.findMany({
    where: q.service ? { virtualServiceId: q.service } : {},
    select: { id: true, label: true, ip: true, port: true, virtualServiceId: true },
    orderBy: [{ label: 'asc' }],
  });
  const services = new Map((await getDb().virtualService.findMany({ select: { id: true, label: true } })).map((s) => [s.id, s.label]));
  if (q.service && !services.has(q.service))
    throw new AppError('NOT_FOUND', `There is no virtual service with id "${q.service}".`, { field: 'service' });
  const to = Math.min(q.to, Math.floor(Date.now() / 1000));
  const timelines = store.timelines('health', q.from, to);
  return servers
    .map((r) => ({
      realServerId: r.id,
      serviceId: r.virtualServiceId,
      service: services.get(r.virtualServiceId) ?? '',
      realServer: r.label,
      address: r.port ? `${r.ip}:${r.port}` : r.ip,
      ...availability(
        (timelines.get(r.id)?.before as HealthState | undefined) ?? null,
        (timelines.get(r.id)?.events ?? []) as { t: number; state: HealthState }[],
        q.from,
        Math.max(q.from, to),
      ),
    }))
    .sort((a, b) => a.service.localeCompare(b.service) || a.realServer.localeCompare(b.realServer));
}

/** Every VRRP state change of the directors in the range, newest first (failovers and directors lost). */
export async function getVrrpHistory(q: ReportQuery, store: MetricsStore = getMetricsStore()): Promise<VrrpChange[]> {
  const names = new Map((await getDb().director.findMany({ select: { id: true, name: true } })).map((d) => [d.id, d.name]));
  return store
    .events('vrrp', q.from, q.to)
    .map((e) => ({ t: e.t, director: names.get(e.ref) ?? e.detail?.split(':')[0] ?? e.ref, state: e.state, detail: e.detail }))
    .reverse();
}

/** What the Reports page offers to pick: every service, and the real servers of the chosen one only. */
export async function getReportTargets(asked: { service?: string; realServer?: string }): Promise<ReportTargets> {
  const db = getDb();
  const [services, rs] = await Promise.all([
    db.virtualService.findMany({ select: { id: true, label: true }, orderBy: { label: 'asc' } }),
    asked.realServer ? db.realServer.findUnique({ where: { id: asked.realServer }, select: { id: true, virtualServiceId: true } }) : null,
  ]);
  // A service picked in the form wins over a real server of another one left in the URL.
  const service =
    asked.service && services.some((s) => s.id === asked.service) ? asked.service : (rs?.virtualServiceId ?? services[0]?.id ?? null);
  const realServers = service
    ? await db.realServer.findMany({ where: { virtualServiceId: service }, select: { id: true, label: true }, orderBy: { label: 'asc' } })
    : [];
  return { services, service, realServers, realServer: rs && rs.virtualServiceId === service ? rs.id : null };
}

/**
 * Since when the console has recorded (the oldest poll kept, in seconds; null before its first
 * poll), and the range Reports shows: the one asked for, else the shortest holding all of it.
 */
export function reportSpan(
  asked: string | undefined,
  store: MetricsStore = getMetricsStore(),
): { since: number | null; range: RangeName; stopped: string | null; kept: string } {
  const since = store.firstPollTime();
  const stopped = store.floor.message();
  const kept = keptText(store.retention());
  if (asked && Object.hasOwn(RANGES, asked)) return { since, range: asked as RangeName, stopped, kept };
  return { since, range: rangeCovering(since, Math.floor(Date.now() / 1000)), stopped, kept };
}

/** "Kept: 10 s samples for 24 h, minutes for 30 days, hours for 365 days." and, when the budget shortens them, why. */
export function keptText(r: RetentionInForce): string {
  const spans = `10 s samples for ${spanText(r.kept[10])}, minutes for ${spanText(r.kept[60])}, hours for ${spanText(r.kept[3600])}`;
  const mb = (b: number) => Math.round(b / 1024 / 1024).toLocaleString('en-US');
  return r.limited
    ? `Kept: ${spans}, shorter than the longest (24 h, 30 days, 365 days) so that the metrics file stays within ${mb(r.budgetBytes)} MB (LVS_METRICS_MAX_MB).`
    : `Kept: ${spans}.`;
}

/** The Reports page's three graphs of one service or real server: connections, new connections, traffic. */
export async function getReportGraphs(
  target: string,
  q: { from: number; to: number; range: RangeName },
): Promise<{ connections: Series[]; rate: Series[]; traffic: Series[] }> {
  const get = (metric: Series['metric']) => getSeries({ target, metric, from: q.from, to: q.to, range: q.range });
  const [active, inactive, rate, inB, outB] = await Promise.all([
    get('activeConnections'),
    get('inactiveConnections'),
    get('newConnections'),
    get('inBytes'),
    get('outBytes'),
  ]);
  return { connections: [active, inactive], rate: [rate], traffic: [inB, outB] };
}
