import { apiRoute } from '@/lib/server/api-route';
import { loadRenderInput } from '@/lib/server/configuration';
import { renderConfiguration } from '@/lib/render';

// GET /api/v1/render - every artefact each director would run, rendered from the current configuration
export const GET = apiRoute('read-only', async () => renderConfiguration(await loadRenderInput()));
