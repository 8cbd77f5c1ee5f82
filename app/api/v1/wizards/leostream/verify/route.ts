import { apiRoute } from '@/lib/server/auth/api-route';
import { verifyLeostream } from '@/lib/server/leostream/verify';

// POST /api/v1/wizards/leostream/verify - check the deployment from the directors (health pages, kernels, ARP)
export const POST = apiRoute('operator', async () => verifyLeostream());
