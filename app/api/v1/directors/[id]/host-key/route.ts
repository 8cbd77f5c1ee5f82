import { apiRoute, readJson } from '@/lib/server/auth/api-route';
import { pinHostKey } from '@/lib/server/directors/directors';
import { parseOrThrow } from '@/lib/server/platform/validation';
import { hostKeyRequestSchema } from '@/lib/schemas/apply';

// PUT /api/v1/directors/{id}/host-key - { fingerprint }: pin the host key the admin confirmed
export const PUT = apiRoute<{ id: string }>('admin', async ({ req, params, actor }) => {
  const body = parseOrThrow(hostKeyRequestSchema, await readJson(req));
  return pinHostKey({ id: params.id, fingerprint: body.fingerprint, actor });
});
