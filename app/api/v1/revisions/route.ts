import { apiRoute } from '@/lib/server/auth/api-route';
import { listRevisions } from '@/lib/server/apply/revisions';

// GET /api/v1/revisions - successfully applied configurations, newest first
export const GET = apiRoute('read-only', async () => listRevisions());
