import { NextResponse } from 'next/server';
import { apiRoute, readJson } from '@/lib/server/auth/api-route';
import { createDirector, listDirectors } from '@/lib/server/directors/directors';

// GET /api/v1/directors
export const GET = apiRoute('read-only', async () => listDirectors());

// POST /api/v1/directors - add one; a hostKeyFingerprint in the body pins it up front (as ssh-keyscan users do)
export const POST = apiRoute('admin', async ({ req, actor }) =>
  NextResponse.json(await createDirector({ input: await readJson(req), actor }), { status: 201 }),
);
