import { apiRoute } from '@/lib/server/auth/api-route';
import { getApplyRun } from '@/lib/server/apply/runs';

// GET /api/v1/apply/{id} - status running | succeeded | failed, with the steps per director
export const GET = apiRoute<{ id: string }>('read-only', async ({ params }) => getApplyRun(params.id));
