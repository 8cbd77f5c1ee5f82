import { apiRoute } from '@/lib/server/api-route';
import { fixDrift } from '@/lib/server/apply';

// POST /api/v1/directors/{id}/drift/fix - put the last applied revision back (files, then table entries)
export const POST = apiRoute<{ id: string }>('operator', async ({ params, actor }) => fixDrift({ id: params.id, actor }));
