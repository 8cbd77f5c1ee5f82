import { NextResponse } from 'next/server';
import { apiRoute, parseJson, readBodyText } from '@/lib/server/auth/api-route';
import { parseOrThrow } from '@/lib/server/platform/validation';
import { applyRequestSchema } from '@/lib/schemas/apply';
import { listApplyRuns } from '@/lib/server/apply/runs';
import { startApply } from '@/lib/server/apply/start';

// GET /api/v1/apply[?cluster=ID] - recent applies (every cluster's, or one's)
export const GET = apiRoute('read-only', async ({ cluster }) => listApplyRuns(20, await cluster.filter()), { perCluster: true });

// POST /api/v1/apply[?cluster=ID] - { comment, cluster } (both optional; the cluster is required when there
// are several): start applying to that cluster's directors, and no other's; 202 with the apply's id
export const POST = apiRoute(
  'operator',
  async ({ req, actor, cluster }) => {
    // The body is optional; when there is one, it is checked like any other.
    const text = await readBodyText(req);
    const body = parseOrThrow(applyRequestSchema, text.trim() ? parseJson(text) : {});
    const clusterId = await cluster.one(body.cluster);
    const { id } = await startApply({ comment: body.comment, actor, clusterId });
    return NextResponse.json({ id, clusterId, status: 'running' }, { status: 202 });
  },
  { perCluster: true },
);
