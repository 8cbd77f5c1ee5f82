import { apiRoute } from '@/lib/server/auth/api-route';
import { listAlertDeliveries } from '@/lib/server/alerts/outbox';

// GET /api/v1/alerts/deliveries - the delivery log: each attempt, newest first (?ok=false, ?channel=email, ?q=GW02, ?limit=)
export const GET = apiRoute('read-only', async ({ req }) => {
  const q = new URL(req.url).searchParams;
  const ok = q.get('ok');
  return listAlertDeliveries({
    q: q.get('q') ?? undefined,
    take: Number(q.get('limit')) || 100,
    channel: q.get('channel') ?? undefined,
    ok: ok === null ? undefined : ok === 'true',
  });
});
