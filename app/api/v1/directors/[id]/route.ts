import { apiRoute, readJson } from '@/lib/server/auth/api-route';
import { deleteDirector, getDirector, updateDirector } from '@/lib/server/directors/directors';

type P = { id: string };

// GET /api/v1/directors/{id}
export const GET = apiRoute<P>('read-only', async ({ params }) => getDirector(params.id));

// PATCH /api/v1/directors/{id} - body carries the version it edits
export const PATCH = apiRoute<P>('admin', async ({ req, params, actor }) =>
  updateDirector({ id: params.id, patch: await readJson(req), actor }),
);

// DELETE /api/v1/directors/{id}
export const DELETE = apiRoute<P>('admin', async ({ params, actor }) => {
  await deleteDirector({ id: params.id, actor });
  return new Response(null, { status: 204 });
});
