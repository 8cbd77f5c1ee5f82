// Clusters (the Fleet): for now the one cluster `default` that holds everything, with its roll-up, and
// its name, site and description. More clusters come when directors, services and settings carry theirs.
import 'server-only';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { parseOrThrow } from '../platform/validation';
import { audit } from '../platform/audit';
import { getOverview } from '../live/poller';
import { pendingChanges } from '../apply/pending';
import { clusterPatchSchema, clusterRollup, type ClusterDto, type ClusterRollup } from '../../schemas/cluster';

const DAY_MS = 24 * 3600 * 1000;

/** What the console knows of the cluster now: no director is contacted (the poller's last reading). */
async function rollupOfConsole(): Promise<ClusterRollup> {
  const db = getDb();
  const [overview, pending, last, lastDay, undelivered] = await Promise.all([
    getOverview(),
    pendingChanges({ exact: false }),
    db.applyRun.findFirst({ orderBy: { startedAt: 'desc' }, select: { status: true, startedAt: true, finishedAt: true, actor: true } }),
    db.alertMessage.count({ where: { createdAt: { gte: new Date(Date.now() - DAY_MS) } } }),
    db.alertMessage.count({ where: { status: { in: ['pending', 'failed'] } } }),
  ]);
  return clusterRollup({
    overview,
    pending,
    lastApply: last ? { status: last.status, at: last.finishedAt ?? last.startedAt, actor: last.actor } : null,
    alerts: { lastDay, undelivered },
  });
}

/** GET /api/v1/clusters: every cluster with its roll-up, as the Fleet page shows it. */
export async function listClusters(): Promise<ClusterDto[]> {
  const rows = await getDb().cluster.findMany({ orderBy: { name: 'asc' } });
  const rollup = await rollupOfConsole();
  return rows.map((c) => ({ ...c, rollup }));
}

export async function getCluster(id: string): Promise<ClusterDto> {
  const c = await getDb().cluster.findUnique({ where: { id } });
  if (!c) throw new AppError('NOT_FOUND', `No cluster has the id ${id}; GET /api/v1/clusters lists them.`);
  return { ...c, rollup: await rollupOfConsole() };
}

/** PATCH /api/v1/clusters/{id}: its name, site and description (admin), with the version from the last GET. */
export async function updateCluster(args: { id: string; input: unknown; actor: string }): Promise<ClusterDto> {
  const patch = parseOrThrow(clusterPatchSchema, args.input);
  await getDb().$transaction(async (tx) => {
    const before = await tx.cluster.findUnique({ where: { id: args.id } });
    if (!before) throw new AppError('NOT_FOUND', `No cluster has the id ${args.id}; GET /api/v1/clusters lists them.`);
    if (before.version !== patch.version)
      throw new AppError(
        'CONFLICT',
        `Cluster ${before.name} was changed meanwhile (version ${before.version}, yours ${patch.version}): reload it and make your change again.`,
      );
    if (patch.name && patch.name !== before.name && (await tx.cluster.findUnique({ where: { name: patch.name } })))
      throw new AppError('CONFLICT', `Another cluster is named ${patch.name}; choose another name.`, { field: 'name' });
    const { version: _v, ...data } = patch;
    const after = await tx.cluster.update({ where: { id: args.id }, data: { ...data, version: { increment: 1 } } });
    await audit(tx, { actor: args.actor, action: 'update', objectType: 'Cluster', objectId: args.id, before, after });
  });
  return getCluster(args.id);
}
