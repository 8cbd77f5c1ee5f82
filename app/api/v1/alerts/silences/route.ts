import { NextResponse } from 'next/server';
import { apiRoute, readJson } from '@/lib/server/auth/api-route';
import { createSilence, listSilences } from '@/lib/server/alerts/silences';

// GET /api/v1/alerts/silences - the active silences (ending soonest first), then the last 50 that ended
export const GET = apiRoute('read-only', async () => listSilences());

// POST /api/v1/alerts/silences - no alerts about a service, or one of its real servers, for a maintenance window; 201
// { "service": "GW_VIP_L4", "realServer": "GW02", "minutes": 60, "reason": "patching GW02" } (or "until": an ISO time)
export const POST = apiRoute('operator', async ({ req, actor }) =>
  NextResponse.json(await createSilence({ input: await readJson(req), actor }), { status: 201 }),
);
