import { apiRoute, readJson } from '@/lib/server/api-route';
import { exportConfiguration, importConfiguration } from '@/lib/server/configuration';

// GET /api/v1/config - the whole configuration as one JSON document (no secrets)
export const GET = apiRoute(async () => exportConfiguration());

// POST /api/v1/config[?dryRun=1] - replace the configuration with a document; returns what changed
export const POST = apiRoute(async ({ req, actor }) => {
  const dryRun = ['1', 'true'].includes(new URL(req.url).searchParams.get('dryRun') ?? '');
  return importConfiguration({ document: await readJson(req), actor, dryRun });
});
