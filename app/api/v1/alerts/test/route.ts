import { apiRoute } from '@/lib/server/auth/api-route';
import { sendTestAlert } from '@/lib/server/alerts/test-alert';

// POST /api/v1/alerts/test - send a test alert on every channel now; what each server answered
export const POST = apiRoute('admin', async ({ actor }) => ({ results: await sendTestAlert({ actor }) }));
