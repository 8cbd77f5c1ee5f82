import { apiRoute } from '@/lib/server/auth/api-route';
import { getOverview } from '@/lib/server/live/poller';
import { overviewPage } from '@/lib/server/live/overview-page';
import { parseOrThrow } from '@/lib/server/platform/validation';
import { overviewQuerySchema } from '@/lib/schemas/overview-query';

// GET /api/v1/overview - the live state of every director, virtual service and real server (the System
// Overview); with q, state, sort or page: one page of 50 services, filtered and sorted, with the counts
export const GET = apiRoute('read-only', async ({ req }) => {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const full = await getOverview();
  return Object.keys(params).length ? overviewPage(full, parseOrThrow(overviewQuerySchema, params)) : full;
});
