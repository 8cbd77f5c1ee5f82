import { apiRoute, readJson } from '@/lib/server/api-route';
import { runLeostreamWizard } from '@/lib/server/leostream';

// POST /api/v1/wizards/leostream - plan a Leostream deployment; writes it unless "dryRun": true
export const POST = apiRoute('admin', async ({ req, actor }) => runLeostreamWizard({ input: await readJson(req), actor }));
