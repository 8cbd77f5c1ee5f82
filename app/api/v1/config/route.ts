import { NextResponse } from 'next/server';
import { apiRoute, readJson, RESTORE_BODY_LIMIT_BYTES } from '@/lib/server/auth/api-route';
import { exportConfiguration } from '@/lib/server/config/backup';
import { restoreConfiguration } from '@/lib/server/config/restore';

// GET /api/v1/config[?download=1] - the whole configuration as one JSON document (no secrets)
export const GET = apiRoute('read-only', async ({ req }) => {
  const doc = await exportConfiguration();
  if (new URL(req.url).searchParams.get('download') !== '1') return doc;
  const stamp = doc.exportedAt.replace(/[:.]/g, '-');
  return new NextResponse(JSON.stringify(doc, null, 2) + '\n', {
    headers: { 'Content-Type': 'application/json', 'Content-Disposition': `attachment; filename="lvs-console-${stamp}.json"` },
  });
});

// POST /api/v1/config[?dryRun=1] - replace the configuration with a document; returns what changed
export const POST = apiRoute('admin', async ({ req, actor }) => {
  const dryRun = ['1', 'true'].includes(new URL(req.url).searchParams.get('dryRun') ?? '');
  // A backup of a large configuration may pass the usual 1 MB; it is still refused past 50 MB.
  return restoreConfiguration({ document: await readJson(req, RESTORE_BODY_LIMIT_BYTES), actor, dryRun });
});
