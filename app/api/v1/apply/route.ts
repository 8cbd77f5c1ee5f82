import { NextResponse } from 'next/server';
import { apiRoute, parseJson, readBodyText } from '@/lib/server/auth/api-route';
import { parseOrThrow } from '@/lib/server/platform/validation';
import { applyRequestSchema } from '@/lib/schemas/apply';
import { listApplyRuns } from '@/lib/server/apply/runs';
import { startApply } from '@/lib/server/apply/start';

// GET /api/v1/apply - recent applies
export const GET = apiRoute('read-only', async () => listApplyRuns());

// POST /api/v1/apply - { comment } (optional): start applying to every director; 202 with the apply's id
export const POST = apiRoute('operator', async ({ req, actor }) => {
  // The body is optional; when there is one, it is checked like any other.
  const text = await readBodyText(req);
  const { comment } = parseOrThrow(applyRequestSchema, text.trim() ? parseJson(text) : {});
  const { id } = await startApply({ comment, actor });
  return NextResponse.json({ id, status: 'running' }, { status: 202 });
});
