import { apiRoute, readJson } from '@/lib/server/auth/api-route';
import { setRealServerState } from '@/lib/server/live/real-server-state';

// PUT /api/v1/virtual-services/{id}/real-servers/{rsId}/state - { state: online|drain|halt, allServices? }:
// live on every director, without a reload; says which directors have it
export const PUT = apiRoute<{ id: string; rsId: string }>('operator', async ({ req, params, actor }) =>
  setRealServerState({ virtualServiceId: params.id, id: params.rsId, input: await readJson(req), actor }),
);
