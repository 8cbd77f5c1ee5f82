import { apiRoute } from '@/lib/server/auth/api-route';
import { getConsolePublicKey } from '@/lib/server/directors/console-key';

// GET /api/v1/ssh-key - the console's public key, and the command that authorises it on a director
export const GET = apiRoute('read-only', async () => getConsolePublicKey());
