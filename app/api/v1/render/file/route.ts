import { apiRoute } from '@/lib/server/auth/api-route';
import { parseOrThrow } from '@/lib/server/platform/validation';
import { renderedFile } from '@/lib/server/config/rendering';
import { renderedFileQuerySchema } from '@/lib/schemas/list-query';

// GET /api/v1/render/file?director=<name>&path=/etc/keepalived/keepalived.conf[&cluster=ID] - one rendered
// file, as a download (the cluster may be left out while there is one)
export const GET = apiRoute(
  'read-only',
  async ({ req, cluster }) => {
    const q = parseOrThrow(renderedFileQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
    const text = await renderedFile(q.director, q.path, await cluster.one());
    const name = `${q.director}-${q.path.split('/').pop()}`.replace(/[^A-Za-z0-9_.-]+/g, '_');
    return new Response(text, {
      headers: { 'content-type': 'text/plain; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` },
    });
  },
  { perCluster: true },
);
