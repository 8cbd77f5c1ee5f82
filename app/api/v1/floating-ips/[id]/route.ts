import { apiRoute } from '@/lib/server/auth/api-route';
import { deleteFloatingIp } from '@/lib/server/config/floating-ips';

// DELETE /api/v1/floating-ips/{id} - refused while a service uses the address
export const DELETE = apiRoute<{ id: string }>('admin', async ({ params, actor }) => {
  await deleteFloatingIp({ id: params.id, actor });
  return new Response(null, { status: 204 });
});
