import { apiRoute } from '@/lib/server/auth/api-route';
import { makeDirectorActive } from '@/lib/server/ha/make-active';

// POST /api/v1/directors/{id}/make-active - move the floating IPs to this director of the pair (manual failover)
export const POST = apiRoute<{ id: string }>('operator', async ({ params, actor }) => makeDirectorActive({ id: params.id, actor }));
