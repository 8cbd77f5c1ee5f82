import { NextResponse } from 'next/server';
import { apiRoute, readJson } from '@/lib/server/auth/api-route';
import { parseOrThrow } from '@/lib/server/platform/validation';
import { createVirtualService, listVirtualServices, searchVirtualServices } from '@/lib/server/config/virtual-services';
import { API_MAX_LIMIT, apiListQuerySchema } from '@/lib/schemas/list-query';
import { splitClusterField } from '@/lib/schemas/cluster';

// GET /api/v1/virtual-services[?cluster=ID&q=<label, IP or port>&limit=N&offset=N] - the Layer 4 virtual
// services (every cluster's, or one's; with q, limit or offset one page of them, and the number matching
// in X-Total-Count)
export const GET = apiRoute(
  'read-only',
  async ({ req, cluster }) => {
    const { cluster: _c, ...params } = Object.fromEntries(new URL(req.url).searchParams);
    const clusterId = await cluster.filter();
    if (!Object.keys(params).length) return listVirtualServices(clusterId);
    const q = parseOrThrow(apiListQuerySchema, params);
    const { items, total } = await searchVirtualServices({ q: q.q ?? '', skip: q.offset ?? 0, take: q.limit ?? API_MAX_LIMIT, clusterId });
    return NextResponse.json(items, { headers: { 'X-Total-Count': String(total) } });
  },
  { perCluster: true },
);

// POST /api/v1/virtual-services - create one (with its clusterId when there are several clusters); 201
// with the service and any warnings
export const POST = apiRoute(
  'admin',
  async ({ req, actor, cluster }) => {
    const { clusterId, input } = splitClusterField(await readJson(req));
    const { value, warnings } = await createVirtualService({ input, actor, clusterId: await cluster.one(clusterId) });
    return NextResponse.json({ ...value, warnings }, { status: 201 });
  },
  { perCluster: true },
);
