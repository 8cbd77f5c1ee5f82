// What the System Overview is asked for: a filter (label, IP, port, or a real server's label or IP), a
// service state, a sort and a page. The page and GET /api/v1/overview share it, so that 10,000 services
// are filtered and paged on the server and the browser receives (and refreshes every 2 s) one page.
import { z } from 'zod';

export const OVERVIEW_PAGE_SIZE = 50;
export const SERVICE_STATES = ['down', 'degraded', 'unknown', 'no-real-servers', 'up'] as const;
export const OVERVIEW_SORTS = ['label', 'state', 'connections'] as const;

export const overviewQuerySchema = z.object({
  q: z.string().trim().max(200, 'A filter is 200 characters at most.').default(''),
  state: z.enum(SERVICE_STATES, { error: `Use one of: ${SERVICE_STATES.join(', ')}.` }).optional(),
  sort: z.enum(OVERVIEW_SORTS, { error: `Use one of: ${OVERVIEW_SORTS.join(', ')}.` }).default('label'),
  page: z.coerce.number().int('page is a whole number from 1.').min(1, 'page is a whole number from 1.').default(1),
});
export type OverviewQuery = z.output<typeof overviewQuerySchema>;
