import { apiRoute, readJson } from '@/lib/server/auth/api-route';
import { getAlertSettings, updateAlertSettings } from '@/lib/server/alerts/settings';

// GET /api/v1/alerts - the alert channels (email, webhooks), hold-down and digest window; secrets never shown
export const GET = apiRoute('admin', async () => getAlertSettings());

// PUT /api/v1/alerts - replace them (the SMTP password and webhook secrets are write-only: left out keeps them)
export const PUT = apiRoute('admin', async ({ req, actor }) => updateAlertSettings({ input: await readJson(req), actor }));
