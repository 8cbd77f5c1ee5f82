import { NextResponse } from 'next/server';
import { apiRoute, readJson, RESTORE_BODY_LIMIT_BYTES } from '@/lib/server/auth/api-route';
import { exportFleet, restoreFleet } from '@/lib/server/clusters/fleet-backup';

// GET /api/v1/clusters/backup[?download=1] - every cluster's configuration in one file (console-wide: a key
// with roles in chosen clusters backs its clusters up one by one with GET /api/v1/config?cluster=)
export const GET = apiRoute('read-only', async ({ req }) => {
  const doc = await exportFleet();
  if (new URL(req.url).searchParams.get('download') !== '1') return doc;
  const stamp = doc.exportedAt.replace(/[:.]/g, '-');
  return new NextResponse(JSON.stringify(doc, null, 2) + '\n', {
    headers: { 'Content-Type': 'application/json', 'Content-Disposition': `attachment; filename="lvs-console-all-clusters-${stamp}.json"` },
  });
});

// POST /api/v1/clusters/backup[?dryRun=1] - restore such a file: each cluster it names is checked, then
// replaced (made when missing); the console's other clusters are left alone
export const POST = apiRoute('admin', async ({ req, actor }) => {
  const dryRun = ['1', 'true'].includes(new URL(req.url).searchParams.get('dryRun') ?? '');
  return restoreFleet({ document: await readJson(req, RESTORE_BODY_LIMIT_BYTES), actor, dryRun });
});
