import { NextResponse } from 'next/server';
import { apiRoute, readJson } from '@/lib/server/auth/api-route';
import { createRealServer, listRealServers } from '@/lib/server/config/real-servers';

type P = { id: string };

// GET /api/v1/virtual-services/{id}/real-servers
export const GET = apiRoute<P>('read-only', async ({ params }) => listRealServers(params.id));

// POST /api/v1/virtual-services/{id}/real-servers - add a real server; 201
export const POST = apiRoute<P>('admin', async ({ req, params, actor }) =>
  NextResponse.json(await createRealServer({ virtualServiceId: params.id, input: await readJson(req), actor }), { status: 201 }),
);
