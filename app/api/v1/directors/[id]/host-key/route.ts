import { apiRoute, readJson } from '@/lib/server/api-route';
import { pinHostKey } from '@/lib/server/directors';
import { AppError } from '@/lib/server/errors';

// PUT /api/v1/directors/{id}/host-key - { fingerprint }: pin the host key the admin confirmed
export const PUT = apiRoute<{ id: string }>(async ({ req, params, actor }) => {
  const body = (await readJson(req)) as { fingerprint?: unknown };
  if (typeof body?.fingerprint !== 'string') throw new AppError('VALIDATION_FAILED', 'Send { "fingerprint": "SHA256:..." }.', { field: 'fingerprint' });
  return pinHostKey({ id: params.id, fingerprint: body.fingerprint, actor });
});
