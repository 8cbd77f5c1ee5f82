import { apiRoute, readBodyText } from '@/lib/server/auth/api-route';
import { AppError } from '@/lib/server/platform/errors';
import { importFile, MERGE_EXPLANATION, parseFwmarkFlags } from '@/lib/server/config/adopt';
import { IMPORT_FORMATS, IMPORT_MAX_BYTES, type ImportFormat } from '@/lib/schemas/import-source';

// POST /api/v1/config/import?format=keepalived|ldirectord|ipvsadm[&dryRun=1][&merge=1|LABEL][&fwmark=N=IP:PORTS/proto] -
// the services and floating IPs of an existing keepalived.conf, or the services of an ldirectord.cf or of
// `ipvsadm -Sn` output (the request body, as text); directors and settings stay. An `include` cannot be
// followed from an upload. [&cluster=ID]: into that cluster (required once there are two).
export const POST = apiRoute(
  'admin',
  async ({ req, actor, cluster }) => {
    const params = new URL(req.url).searchParams;
    const format = params.get('format') ?? '';
    if (!(IMPORT_FORMATS as readonly string[]).includes(format))
      throw new AppError(
        'BAD_REQUEST',
        `format=${format || '(none)'}: this console imports format=keepalived (a keepalived.conf as the body), format=ldirectord (an ldirectord.cf) or format=ipvsadm (\`ipvsadm -Sn\` output).`,
        { field: 'format' },
      );
    const dryRun = ['1', 'true'].includes(params.get('dryRun') ?? '');
    const merges = params.getAll('merge');
    const merge = merges.some((m) => ['1', 'true'].includes(m)) ? true : merges.filter((m) => !['0', 'false', ''].includes(m));
    // The same limit as the Import page and its server action (16 MB).
    const text = await readBodyText(req, IMPORT_MAX_BYTES);
    const result = await importFile(format as ImportFormat, {
      merge,
      fwmarks: parseFwmarkFlags(params.getAll('fwmark')),
      actor,
      dryRun,
      file: { text },
      clusterId: await cluster.one(),
    });
    return { ...result, mergeExplanation: result.merges.length ? MERGE_EXPLANATION : null };
  },
  { perCluster: true },
);
