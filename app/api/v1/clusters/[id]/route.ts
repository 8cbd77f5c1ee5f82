import { apiRoute, readJson } from '@/lib/server/auth/api-route';
import { getCluster, updateCluster } from '@/lib/server/clusters/clusters';

// GET /api/v1/clusters/{id} - one cluster with its roll-up
export const GET = apiRoute<{ id: string }>('read-only', async ({ params }) => getCluster(params.id));

// PATCH /api/v1/clusters/{id} - its name, site and description (with the version from the last GET)
export const PATCH = apiRoute<{ id: string }>('admin', async ({ req, params, actor }) =>
  updateCluster({ id: params.id, input: await readJson(req), actor }),
);
