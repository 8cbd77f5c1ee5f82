import { apiRoute } from '@/lib/server/auth/api-route';
import { currentRendering } from '@/lib/server/config/rendering';

// GET /api/v1/render - every artefact each director would run, rendered from the current configuration
export const GET = apiRoute('read-only', async ({ cluster }) => (await currentRendering(await cluster.one())).rendered, {
  perCluster: true,
});
