import { NextResponse } from 'next/server';
import { apiRoute, readJson } from '@/lib/server/api-route';
import { createVirtualService, listVirtualServices } from '@/lib/server/virtual-services';

// GET /api/v1/virtual-services - list the Layer 4 virtual services
export const GET = apiRoute('read-only', async () => listVirtualServices());

// POST /api/v1/virtual-services - create one; 201 with the service and any warnings
export const POST = apiRoute('admin', async ({ req, actor }) => {
  const { value, warnings } = await createVirtualService({ input: await readJson(req), actor });
  return NextResponse.json({ ...value, warnings }, { status: 201 });
});
