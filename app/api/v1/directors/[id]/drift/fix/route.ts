import { apiRoute } from '@/lib/server/auth/api-route';
import { fixDrift } from '@/lib/server/apply/drift';

// POST /api/v1/directors/{id}/drift/fix - put the last applied revision back (files, then table entries)
export const POST = apiRoute<{ id: string }>('operator', async ({ params, actor }) => fixDrift({ id: params.id, actor }));
