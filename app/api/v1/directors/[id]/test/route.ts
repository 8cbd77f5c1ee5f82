import { apiRoute } from '@/lib/server/auth/api-route';
import { testDirectorConnection } from '@/lib/server/directors/directors';

// POST /api/v1/directors/{id}/test - connect, and report what the director has (and its host key)
export const POST = apiRoute<{ id: string }>('operator', async ({ params }) => testDirectorConnection(params.id));
