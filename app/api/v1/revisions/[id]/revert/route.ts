import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/server/auth/api-route';
import { revertToRevision } from '@/lib/server/apply/revisions';

// POST /api/v1/revisions/{id}/revert - bring the configuration back to that revision and apply it; 202
export const POST = apiRoute<{ id: string }>('operator', async ({ params, actor }) => {
  const { id } = await revertToRevision({ id: params.id, actor });
  return NextResponse.json({ id, status: 'running' }, { status: 202 });
});
