import { apiRoute } from '@/lib/server/auth/api-route';
import { parseOrThrow } from '@/lib/server/platform/validation';
import { getAvailability } from '@/lib/server/metrics/reports';
import { reportQuerySchema } from '@/lib/schemas/reports';
import { csvResponse } from '@/lib/server/metrics/reports-csv';

// GET /api/v1/reports/availability?from=...&to=...&service=<id> - uptime %, outages and the longest per real server
export const GET = apiRoute('read-only', async ({ req }) => {
  const q = parseOrThrow(reportQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  const rows = await getAvailability(q);
  return q.format === 'csv' ? csvResponse('availability', rows) : { from: q.from, to: q.to, realServers: rows };
});
