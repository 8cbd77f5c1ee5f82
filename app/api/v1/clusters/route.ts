import { NextResponse } from 'next/server';
import { apiRoute, readJson } from '@/lib/server/auth/api-route';
import { createCluster, listClusters } from '@/lib/server/clusters/clusters';

// GET /api/v1/clusters[?cluster=ID] - every cluster with its roll-up (state counts, active director, flags,
// pending changes, last apply, alerts); a caller with roles in chosen clusters sees those
export const GET = apiRoute(
  'read-only',
  async ({ cluster }) => {
    const one = await cluster.filter();
    return listClusters(one ? [one] : undefined);
  },
  { perCluster: true },
);

// POST /api/v1/clusters - { name, site, description }: a new, empty cluster; 201 with it
export const POST = apiRoute('admin', async ({ req, actor }) =>
  NextResponse.json(await createCluster({ input: await readJson(req), actor }), { status: 201 }),
);
