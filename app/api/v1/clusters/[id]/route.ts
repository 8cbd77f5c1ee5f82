import { NextResponse } from 'next/server';
import { apiRoute, readJson } from '@/lib/server/auth/api-route';
import { deleteCluster, getCluster, updateCluster } from '@/lib/server/clusters/clusters';

// GET /api/v1/clusters/{id} - one cluster with its roll-up
export const GET = apiRoute<{ id: string }>('read-only', async ({ params, cluster }) => getCluster(await cluster.one(params.id)), {
  perCluster: true,
});

// PATCH /api/v1/clusters/{id} - its name, site and description (with the version from the last GET)
export const PATCH = apiRoute<{ id: string }>('admin', async ({ req, params, actor }) =>
  updateCluster({ id: params.id, input: await readJson(req), actor }),
);

// DELETE /api/v1/clusters/{id} - only an empty cluster (no director, service or floating IP), never default
export const DELETE = apiRoute<{ id: string }>('admin', async ({ params, actor }) => {
  await deleteCluster({ id: params.id, actor });
  return new NextResponse(null, { status: 204 });
});
