import { apiRoute, readJson } from '@/lib/server/auth/api-route';
import { getConsoleSettings, updateConsoleSettings } from '@/lib/server/config/settings';

// GET /api/v1/settings - console-wide settings (what persistent clients of a drained real server do)
export const GET = apiRoute('read-only', async () => getConsoleSettings());

// PUT /api/v1/settings - change them; they reach the directors at the next apply
export const PUT = apiRoute('admin', async ({ req, actor }) => updateConsoleSettings({ input: await readJson(req), actor }));
