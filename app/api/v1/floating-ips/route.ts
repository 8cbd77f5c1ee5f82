import { NextResponse } from 'next/server';
import { apiRoute, readJson } from '@/lib/server/auth/api-route';
import { createFloatingIp, listFloatingIps } from '@/lib/server/config/floating-ips';
import { splitClusterField } from '@/lib/schemas/cluster';

// GET /api/v1/floating-ips[?cluster=ID] - service (vip) and gateway addresses (every cluster's, or one's)
export const GET = apiRoute('read-only', async ({ cluster }) => listFloatingIps(await cluster.filter()), { perCluster: true });

// POST /api/v1/floating-ips - add one (e.g. the NAT real servers' gateway; with its clusterId when there
// are several clusters); 201
export const POST = apiRoute(
  'admin',
  async ({ req, actor, cluster }) => {
    const { clusterId, input } = splitClusterField(await readJson(req));
    return NextResponse.json(await createFloatingIp({ input, actor, clusterId: await cluster.one(clusterId) }), { status: 201 });
  },
  { perCluster: true },
);
