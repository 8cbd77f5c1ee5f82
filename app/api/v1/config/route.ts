import { NextResponse } from 'next/server';
import { apiRoute, readJson, RESTORE_BODY_LIMIT_BYTES } from '@/lib/server/auth/api-route';
import { exportConfiguration } from '@/lib/server/config/backup';
import { restoreConfiguration } from '@/lib/server/config/restore';

// GET /api/v1/config[?cluster=ID][&download=1] - one cluster's configuration as one JSON document (no
// secrets); the cluster is required when there are several
export const GET = apiRoute(
  'read-only',
  async ({ req, cluster }) => {
    const clusterId = await cluster.one();
    const doc = await exportConfiguration(clusterId);
    if (new URL(req.url).searchParams.get('download') !== '1') return doc;
    const stamp = doc.exportedAt.replace(/[:.]/g, '-');
    const name = clusterId === 'default' ? 'lvs-console' : `lvs-console-${clusterId}`;
    return new NextResponse(JSON.stringify(doc, null, 2) + '\n', {
      headers: { 'Content-Type': 'application/json', 'Content-Disposition': `attachment; filename="${name}-${stamp}.json"` },
    });
  },
  { perCluster: true },
);

// POST /api/v1/config[?cluster=ID][&dryRun=1] - replace one cluster's configuration with a document (the
// others are not touched; console-wide settings only with default); returns what changed
export const POST = apiRoute(
  'admin',
  async ({ req, actor, cluster }) => {
    const clusterId = await cluster.one();
    const dryRun = ['1', 'true'].includes(new URL(req.url).searchParams.get('dryRun') ?? '');
    // A backup of a large configuration may pass the usual 1 MB; it is still refused past 50 MB.
    return restoreConfiguration({ document: await readJson(req, RESTORE_BODY_LIMIT_BYTES), actor, dryRun, clusterId });
  },
  { perCluster: true },
);
