import { apiRoute } from '@/lib/server/api-route';
import { authorizeCommand, getConsoleKey } from '@/lib/director/ssh-key';

// GET /api/v1/ssh-key - the console's public key, and the command that authorises it on a director
export const GET = apiRoute(async () => {
  const { publicKey } = await getConsoleKey();
  return { publicKey, authorizeCommand: authorizeCommand(publicKey) };
});
