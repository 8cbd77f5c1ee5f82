import { NextResponse } from 'next/server';
import { apiRoute, readJson } from '@/lib/server/auth/api-route';
import { parseOrThrow } from '@/lib/server/platform/validation';
import { createVirtualService, listVirtualServices, searchVirtualServices } from '@/lib/server/config/virtual-services';
import { API_MAX_LIMIT, apiListQuerySchema } from '@/lib/schemas/list-query';

// GET /api/v1/virtual-services[?q=<label, IP or port>&limit=N&offset=N] - the Layer 4 virtual services
// (all of them; with q, limit or offset one page of them, and the number matching in X-Total-Count)
export const GET = apiRoute('read-only', async ({ req }) => {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  if (!Object.keys(params).length) return listVirtualServices();
  const q = parseOrThrow(apiListQuerySchema, params);
  const { items, total } = await searchVirtualServices({ q: q.q ?? '', skip: q.offset ?? 0, take: q.limit ?? API_MAX_LIMIT });
  return NextResponse.json(items, { headers: { 'X-Total-Count': String(total) } });
});

// POST /api/v1/virtual-services - create one; 201 with the service and any warnings
export const POST = apiRoute('admin', async ({ req, actor }) => {
  const { value, warnings } = await createVirtualService({ input: await readJson(req), actor });
  return NextResponse.json({ ...value, warnings }, { status: 201 });
});
