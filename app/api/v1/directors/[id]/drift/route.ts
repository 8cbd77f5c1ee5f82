import { apiRoute } from '@/lib/server/auth/api-route';
import { directorDrift } from '@/lib/server/apply/drift';

// GET /api/v1/directors/{id}/drift - the director's files and kernel table against the last applied revision
export const GET = apiRoute<{ id: string }>('read-only', async ({ params }) => directorDrift(params.id));
