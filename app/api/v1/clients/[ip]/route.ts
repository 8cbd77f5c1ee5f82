import { apiRoute, pathParam } from '@/lib/server/auth/api-route';
import { findClient } from '@/lib/server/live/clients';

// GET /api/v1/clients/{ip} - where a client lands: its persistence templates and connections on each director
export const GET = apiRoute<{ ip: string }>('read-only', async ({ params }) => findClient(pathParam(params.ip, 'ip')));
