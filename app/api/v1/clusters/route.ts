import { apiRoute } from '@/lib/server/auth/api-route';
import { listClusters } from '@/lib/server/clusters/clusters';

// GET /api/v1/clusters - every cluster with its roll-up (state counts, active director, flags, pending changes, last apply, alerts)
export const GET = apiRoute('read-only', async () => listClusters());
