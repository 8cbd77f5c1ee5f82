import { NextResponse } from 'next/server';
import { apiRoute, readJson } from '@/lib/server/api-route';
import { listApplyRuns, startApply } from '@/lib/server/apply';

// GET /api/v1/apply - recent applies
export const GET = apiRoute(async () => listApplyRuns());

// POST /api/v1/apply - { comment }: start applying to every director; 202 with the apply's id
export const POST = apiRoute(async ({ req, actor }) => {
  const body = (await readJson(req).catch(() => ({}))) as { comment?: unknown };
  const { id } = await startApply({ comment: typeof body?.comment === 'string' ? body.comment : '', actor });
  return NextResponse.json({ id, status: 'running' }, { status: 202 });
});
