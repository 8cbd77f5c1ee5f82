import { NextResponse } from 'next/server';
import { apiRoute, readJson } from '@/lib/server/auth/api-route';
import { createFloatingIp, listFloatingIps } from '@/lib/server/config/floating-ips';

// GET /api/v1/floating-ips - service (vip) and gateway addresses
export const GET = apiRoute('read-only', async () => listFloatingIps());

// POST /api/v1/floating-ips - add one (e.g. the NAT real servers' gateway); 201
export const POST = apiRoute('admin', async ({ req, actor }) =>
  NextResponse.json(await createFloatingIp({ input: await readJson(req), actor }), { status: 201 }),
);
