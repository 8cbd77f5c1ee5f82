import { apiRoute } from '@/lib/server/api-route';
import { getOverview } from '@/lib/server/overview';

// GET /api/v1/overview - the live state of every director, virtual service and real server (the System Overview)
export const GET = apiRoute('read-only', async () => getOverview());
