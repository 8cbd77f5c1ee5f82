import { apiRoute } from '@/lib/server/auth/api-route';
import { listRevisions } from '@/lib/server/apply/revisions';

// GET /api/v1/revisions[?cluster=ID] - successfully applied configurations, newest first (every cluster's, or one's)
export const GET = apiRoute('read-only', async ({ cluster }) => listRevisions(50, await cluster.filter()), { perCluster: true });
