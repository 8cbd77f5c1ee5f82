// GET /api/v1/virtual-services - list the Layer 4 virtual services
import { apiRoute } from '@/lib/server/api-route';
import { listVirtualServices } from '@/lib/server/virtual-services';

export const GET = apiRoute(async () => listVirtualServices());
