import { apiRoute, readJson } from '@/lib/server/auth/api-route';
import { runLeostreamWizard } from '@/lib/server/leostream/wizard';

// POST /api/v1/wizards/leostream - plan a Leostream deployment; writes it unless "dryRun": true
export const POST = apiRoute('admin', async ({ req, actor }) => runLeostreamWizard({ input: await readJson(req), actor }));
