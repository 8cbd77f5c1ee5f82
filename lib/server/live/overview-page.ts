// One page of the System Overview (pure): filtered, sorted and paged on the server.
import 'server-only';
import { OVERVIEW_PAGE_SIZE, SERVICE_STATES, type OverviewQuery } from '../../schemas/overview-query';
import type { Overview, OverviewPage, OverviewService, ServiceState } from '../../schemas/overview';

/**
 * One page of the overview, filtered and sorted on the server: at 10,000 services x 10 real servers the
 * whole overview is ~30 MB of JSON, too much to send to a browser every 2 s. The directors, the alarms
 * and the counts are always whole.
 */
export function overviewPage(full: Overview, query: OverviewQuery): OverviewPage {
  const q = query.q.toLowerCase();
  const counts = Object.fromEntries(SERVICE_STATES.map((s) => [s, 0])) as Record<ServiceState, number>;
  for (const s of full.virtualServices) counts[s.state]++;
  const list = full.virtualServices.filter(
    (s) =>
      (!query.state || s.state === query.state) &&
      (!q || [s.label, s.ip, s.ports, ...s.realServers.flatMap((r) => [r.label, r.ip])].some((t) => t.toLowerCase().includes(q))),
  );
  const byLabel = (a: OverviewService, b: OverviewService) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
  const order: Record<OverviewQuery['sort'], (a: OverviewService, b: OverviewService) => number> = {
    label: byLabel,
    state: (a, b) => SERVICE_STATES.indexOf(a.state) - SERVICE_STATES.indexOf(b.state) || byLabel(a, b),
    connections: (a, b) => (b.activeConnections ?? 0) - (a.activeConnections ?? 0) || byLabel(a, b),
  };
  list.sort(order[query.sort]);
  const pages = Math.max(1, Math.ceil(list.length / OVERVIEW_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  return {
    ...full,
    virtualServices: list.slice((page - 1) * OVERVIEW_PAGE_SIZE, page * OVERVIEW_PAGE_SIZE),
    query: { ...query, page },
    total: full.virtualServices.length,
    counts,
    matching: list.length,
    pageSize: OVERVIEW_PAGE_SIZE,
  };
}
