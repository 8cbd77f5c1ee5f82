import { apiRoute } from '@/lib/server/auth/api-route';
import { endSilence } from '@/lib/server/alerts/silences';

// DELETE /api/v1/alerts/silences/{id} - ends a silence now (it stays in the list as ended); twice is fine
export const DELETE = apiRoute<{ id: string }>('operator', async ({ params, actor }) => endSilence({ id: params.id, actor }));
