// Clusters (the Fleet): each site's directors, services and floating IPs, with its roll-up; which
// cluster a request means (named, or the only one); create, rename, delete when empty.
import 'server-only';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { parseOrThrow } from '../platform/validation';
import { audit } from '../platform/audit';
import { getOverview } from '../live/poller';
import { pendingChanges } from '../apply/pending';
import { exportConfiguration } from '../config/backup';
import { restoreConfiguration } from '../config/restore';
import {
  clusterCreateSchema,
  clusterPatchSchema,
  clusterRollup,
  DEFAULT_CLUSTER_ID,
  type ClusterDto,
  type ClusterRollup,
} from '../../schemas/cluster';

const DAY_MS = 24 * 3600 * 1000;

/** What the console knows of one cluster now: no director is contacted (the poller's last reading). */
async function rollupOf(clusterId: string): Promise<ClusterRollup> {
  const db = getDb();
  const [overview, pending, last, lastDay, undelivered] = await Promise.all([
    getOverview(clusterId),
    pendingChanges({ exact: false, clusterId }),
    db.applyRun.findFirst({
      where: { clusterId },
      orderBy: { startedAt: 'desc' },
      select: { status: true, startedAt: true, finishedAt: true, actor: true },
    }),
    // Alerts are console-wide for now: every cluster shows the console's.
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

/** How many clusters there are (the header shows the Fleet from two on). */
export async function countClusters(): Promise<number> {
  return getDb().cluster.count();
}

/** GET /api/v1/clusters: every cluster (or those given) with its roll-up, as the Fleet page shows it. */
export async function listClusters(only?: string[]): Promise<ClusterDto[]> {
  const rows = await getDb().cluster.findMany({ where: only ? { id: { in: only } } : {}, orderBy: { name: 'asc' } });
  // One after the other: a cluster's first roll-up renders its configuration, and 50 at once would hold
  // every rendering's working memory at the same time (measured: the console ran out of its 4 GB heap).
  const out: ClusterDto[] = [];
  for (const c of rows) out.push({ ...c, rollup: await rollupOf(c.id) });
  return out;
}

export async function getCluster(id: string): Promise<ClusterDto> {
  const c = await getDb().cluster.findUnique({ where: { id } });
  if (!c) throw new AppError('NOT_FOUND', `No cluster has the id ${id}; GET /api/v1/clusters lists them.`);
  return { ...c, rollup: await rollupOf(c.id) };
}

/**
 * Which cluster a request means: the one named (by id or name), else the only one there is. With two or
 * more, a request that changes or reads one cluster must say which (today's scripts keep working on a
 * console with one).
 */
export async function resolveClusterId(asked: string | null | undefined): Promise<string> {
  const db = getDb();
  if (asked) {
    const c = (await db.cluster.findUnique({ where: { id: asked } })) ?? (await db.cluster.findUnique({ where: { name: asked } }));
    if (!c) throw new AppError('NOT_FOUND', `No cluster has the id or name "${asked.slice(0, 100)}"; GET /api/v1/clusters lists them.`);
    return c.id;
  }
  const all = await db.cluster.findMany({ select: { id: true, name: true }, take: 2, orderBy: { name: 'asc' } });
  if (all.length === 1) return all[0].id;
  throw new AppError(
    'BAD_REQUEST',
    'This console has more than one cluster: say which with ?cluster=ID or NAME (the CLI: --cluster NAME; GET /api/v1/clusters or `cli cluster list` lists them). Nothing was changed.',
    { field: 'cluster' },
  );
}

/**
 * POST /api/v1/clusters (admin): a new cluster, empty or with the services and floating IPs of another
 * (`cloneFrom`: a new site like an old one; its directors are added apart). A clone that fails leaves no
 * cluster behind.
 */
export async function createCluster(args: { input: unknown; actor: string }): Promise<ClusterDto> {
  const { cloneFrom, ...spec } = parseOrThrow(clusterCreateSchema, args.input);
  const source = cloneFrom ? await resolveClusterId(cloneFrom) : null;
  const db = getDb();
  const id = await db.$transaction(async (tx) => {
    if (await tx.cluster.findUnique({ where: { name: spec.name } }))
      throw new AppError('CONFLICT', `A cluster is already named ${spec.name}; choose another name.`, { field: 'name' });
    const created = await tx.cluster.create({ data: spec });
    await audit(tx, {
      actor: args.actor,
      action: 'create',
      objectType: 'Cluster',
      objectId: created.id,
      after: { ...created, cloneFrom: source },
    });
    return created.id;
  });
  if (source) {
    try {
      const doc = await exportConfiguration(source);
      await restoreConfiguration({ document: { ...doc, directors: [] }, actor: args.actor, clusterId: id });
    } catch (err) {
      await deleteCluster({ id, actor: args.actor }).catch(() => undefined);
      throw err;
    }
  }
  return getCluster(id);
}

/** DELETE /api/v1/clusters/{id}: only an empty cluster (no director, service or floating IP), never `default`. */
export async function deleteCluster(args: { id: string; actor: string }): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const c = await tx.cluster.findUnique({
      where: { id: args.id },
      include: { _count: { select: { directors: true, virtualServices: true, floatingIps: true } } },
    });
    if (!c) throw new AppError('NOT_FOUND', `No cluster has the id ${args.id}; GET /api/v1/clusters lists them.`);
    if (c.id === DEFAULT_CLUSTER_ID)
      throw new AppError('CONFLICT', 'The cluster default cannot be deleted (it holds what existed before clusters); rename it instead.');
    const n = c._count;
    if (n.directors || n.virtualServices || n.floatingIps)
      throw new AppError(
        'CONFLICT',
        `Cluster ${c.name} is not empty (${n.directors} directors, ${n.virtualServices} virtual services, ${n.floatingIps} floating IPs): delete or move them first. Nothing was deleted.`,
      );
    // Its revisions and apply runs go with it (they can never be applied again).
    const revisions = await tx.configRevision.findMany({ where: { clusterId: c.id }, select: { id: true } });
    const runs = await tx.applyRun.findMany({ where: { clusterId: c.id }, select: { id: true } });
    await tx.applyStep.deleteMany({ where: { applyRunId: { in: runs.map((r) => r.id) } } });
    await tx.applyRun.deleteMany({ where: { clusterId: c.id } });
    await tx.configRevision.deleteMany({ where: { id: { in: revisions.map((r) => r.id) } } });
    await tx.cluster.delete({ where: { id: c.id } });
    await audit(tx, { actor: args.actor, action: 'delete', objectType: 'Cluster', objectId: c.id, before: { name: c.name, site: c.site } });
  });
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
