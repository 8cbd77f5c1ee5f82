import { apiRoute } from '@/lib/server/auth/api-route';
import { parseOrThrow } from '@/lib/server/platform/validation';
import { getSeries } from '@/lib/server/metrics/reports';
import { seriesQuerySchema } from '@/lib/schemas/reports';
import { csvResponse } from '@/lib/server/metrics/reports-csv';

// GET /api/v1/reports/series?target=service:<id>|realServer:<id>|director:<name>|interface:<director>/<if>&metric=...&from=...&to=...
// -> { points: [[t, min, avg, max], ...], step } (or text/csv with format=csv)
export const GET = apiRoute('read-only', async ({ req }) => {
  const q = parseOrThrow(seriesQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  const series = await getSeries(q);
  return q.format === 'csv' ? csvResponse('series', series) : series;
});
