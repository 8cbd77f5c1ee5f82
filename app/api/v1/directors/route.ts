import { NextResponse } from 'next/server';
import { apiRoute, readJson } from '@/lib/server/auth/api-route';
import { createDirector, listDirectors } from '@/lib/server/directors/directors';
import { splitClusterField } from '@/lib/schemas/cluster';

// GET /api/v1/directors[?cluster=ID] - every director, or one cluster's
export const GET = apiRoute('read-only', async ({ cluster }) => listDirectors(await cluster.filter()), { perCluster: true });

// POST /api/v1/directors - add one (with its clusterId when there are several clusters); a
// hostKeyFingerprint in the body pins it up front (as ssh-keyscan users do)
export const POST = apiRoute(
  'admin',
  async ({ req, actor, cluster }) => {
    const { clusterId, input } = splitClusterField(await readJson(req));
    return NextResponse.json(await createDirector({ input, actor, clusterId: await cluster.one(clusterId) }), { status: 201 });
  },
  { perCluster: true },
);
