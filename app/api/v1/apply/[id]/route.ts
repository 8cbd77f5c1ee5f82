import { apiRoute } from '@/lib/server/auth/api-route';
import { getApplyRun } from '@/lib/server/apply/runs';

// GET /api/v1/apply/{id} - status running | succeeded | failed, with the steps per director (a caller with
// roles in chosen clusters sees the runs of those)
export const GET = apiRoute<{ id: string }>(
  'read-only',
  async ({ params, cluster }) => {
    const run = await getApplyRun(params.id);
    await cluster.one(run.clusterId);
    return run;
  },
  { perCluster: true },
);
