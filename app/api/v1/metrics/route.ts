import { apiRoute } from '@/lib/server/auth/api-route';
import { getOverview } from '@/lib/server/live/poller';
import { clusterChoices } from '@/lib/server/clusters/page-cluster';
import { renderPrometheus, type ClusterMetrics } from '@/lib/render/prometheus';

// GET /api/v1/metrics[?cluster=ID] - the live figures of every director, service and real server, in the
// Prometheus text format; each series names its cluster (every cluster's without ?cluster=, one after the
// other: an overview is built once per poll and shared with the pages)
export const GET = apiRoute(
  'read-only',
  async ({ cluster }) => {
    const only = await cluster.filter();
    const clusters: ClusterMetrics[] = [];
    for (const c of await clusterChoices())
      if (!only || c.id === only) clusters.push({ cluster: c.name, overview: await getOverview(c.id) });
    return new Response(renderPrometheus(clusters), { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } });
  },
  { perCluster: true },
);
