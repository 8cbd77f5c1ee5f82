import { apiRoute } from '@/lib/server/auth/api-route';
import { parseOrThrow } from '@/lib/server/platform/validation';
import { getVrrpHistory } from '@/lib/server/metrics/reports';
import { reportQuerySchema } from '@/lib/schemas/reports';
import { csvResponse } from '@/lib/server/metrics/reports-csv';

// GET /api/v1/reports/vrrp?from=...&to=... - the directors' VRRP state changes (failovers), newest first
export const GET = apiRoute('read-only', async ({ req }) => {
  const q = parseOrThrow(reportQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  const changes = await getVrrpHistory(q);
  return q.format === 'csv' ? csvResponse('vrrp', changes) : { from: q.from, to: q.to, changes };
});
