import { apiRoute } from '@/lib/server/auth/api-route';
import { getOverview } from '@/lib/server/live/poller';
import { renderPrometheus } from '@/lib/render/prometheus';

// GET /api/v1/metrics - the live figures of every director, service and real server, in the Prometheus text format
export const GET = apiRoute(
  'read-only',
  async () =>
    new Response(renderPrometheus(await getOverview()), { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } }),
);
