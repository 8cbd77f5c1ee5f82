import { apiRoute } from '@/lib/server/auth/api-route';
import { getOverview } from '@/lib/server/live/poller';
import { overviewPage } from '@/lib/server/live/overview-page';
import { parseOrThrow } from '@/lib/server/platform/validation';
import { overviewQuerySchema } from '@/lib/schemas/overview-query';

// GET /api/v1/overview[?cluster=ID] - the live state of a cluster's directors, virtual services and real
// servers (the System Overview; the cluster may be left out while there is one); with q, state, sort or
// page: one page of 50 services, filtered and sorted, with the counts
export const GET = apiRoute(
  'read-only',
  async ({ req, cluster }) => {
    const { cluster: _asked, ...params } = Object.fromEntries(new URL(req.url).searchParams);
    const full = await getOverview(await cluster.one());
    return Object.keys(params).length ? overviewPage(full, parseOrThrow(overviewQuerySchema, params)) : full;
  },
  { perCluster: true },
);
