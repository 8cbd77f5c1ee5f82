import { apiRoute } from '@/lib/server/auth/api-route';
import { parseOrThrow } from '@/lib/server/platform/validation';
import { getDashboardGraphs } from '@/lib/server/metrics/reports';
import { dashboardQuerySchema } from '@/lib/schemas/reports';

// GET /api/v1/reports/dashboard?range=1h|24h|7d|30d - the System Overview's graphs (bandwidth, load, busiest services)
export const GET = apiRoute('read-only', async ({ req }) => {
  const q = parseOrThrow(dashboardQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  return getDashboardGraphs(q.range);
});
