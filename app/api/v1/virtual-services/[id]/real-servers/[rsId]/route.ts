import { apiRoute, readJson, versionParam } from '@/lib/server/auth/api-route';
import { deleteRealServer, getRealServer, updateRealServer } from '@/lib/server/config/real-servers';

type P = { id: string; rsId: string };

// GET /api/v1/virtual-services/{id}/real-servers/{rsId}
export const GET = apiRoute<P>('read-only', async ({ params }) => getRealServer(params.id, params.rsId));

// PATCH /api/v1/virtual-services/{id}/real-servers/{rsId} - body carries the version it edits
export const PATCH = apiRoute<P>('admin', async ({ req, params, actor }) =>
  updateRealServer({ virtualServiceId: params.id, id: params.rsId, patch: await readJson(req), actor }),
);

// DELETE /api/v1/virtual-services/{id}/real-servers/{rsId}[?version=N]
export const DELETE = apiRoute<P>('admin', async ({ req, params, actor }) => {
  await deleteRealServer({ virtualServiceId: params.id, id: params.rsId, version: versionParam(req), actor });
  return new Response(null, { status: 204 });
});
