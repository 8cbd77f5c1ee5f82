import { apiRoute, readJson, versionParam } from '@/lib/server/auth/api-route';
import { deleteVirtualService, getVirtualService, updateVirtualService } from '@/lib/server/config/virtual-services';

type P = { id: string };

// GET /api/v1/virtual-services/{id}
export const GET = apiRoute<P>('read-only', async ({ params }) => getVirtualService(params.id));

// PATCH /api/v1/virtual-services/{id} - body carries the version it edits; 409 if it is stale
export const PATCH = apiRoute<P>('admin', async ({ req, params, actor }) => {
  const { value, warnings } = await updateVirtualService({ id: params.id, patch: await readJson(req), actor });
  return { ...value, warnings };
});

// DELETE /api/v1/virtual-services/{id}[?version=N] - with its real servers
export const DELETE = apiRoute<P>('admin', async ({ req, params, actor }) => {
  await deleteVirtualService({ id: params.id, version: versionParam(req), actor });
  return new Response(null, { status: 204 });
});
