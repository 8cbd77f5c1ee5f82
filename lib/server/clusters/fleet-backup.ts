// A backup of every cluster in one file, and its restore: each cluster's own backup document (the same as
// GET /api/v1/config?cluster=), by name. Restoring creates the clusters the console lacks and replaces the
// configuration of those it has; clusters the file does not name are left as they are.
import 'server-only';
import { getDb } from '../platform/db-client';
import { audit } from '../platform/audit';
import { ValidationError, parseOrThrow } from '../platform/validation';
import { exportConfiguration } from '../config/backup';
import { restoreConfiguration } from '../config/restore';
import type { RestorePlan } from '../config/restore-audit';
import { DEFAULT_CLUSTER_ID, FLEET_BACKUP_FORMAT, fleetBackupSchema, type FleetBackup } from '../../schemas/cluster';

/** GET /api/v1/clusters/backup: every cluster, one after the other (a 10,000-service cluster is large). */
export async function exportFleet(): Promise<FleetBackup & { exportedAt: string }> {
  const rows = await getDb().cluster.findMany({ orderBy: { name: 'asc' } });
  const clusters: FleetBackup['clusters'] = [];
  for (const c of rows)
    clusters.push({
      ...(c.id === DEFAULT_CLUSTER_ID ? { id: DEFAULT_CLUSTER_ID } : {}),
      name: c.name,
      site: c.site,
      description: c.description,
      configuration: await exportConfiguration(c.id),
    });
  return { format: FLEET_BACKUP_FORMAT, exportedAt: new Date().toISOString(), clusters };
}

export interface FleetRestorePlan {
  clusters: { name: string; created: boolean; plan: RestorePlan }[];
  /** Clusters of this console the file does not name: not touched. */
  untouched: string[];
}

/**
 * POST /api/v1/clusters/backup: every cluster of the file checked first (a dry run of each: nothing is
 * written while any is refused, and each refusal names its cluster), then restored one by one.
 */
export async function restoreFleet(args: { document: unknown; actor: string; dryRun?: boolean }): Promise<FleetRestorePlan> {
  const doc = parseOrThrow(fleetBackupSchema, args.document);
  const db = getDb();
  const existing = await db.cluster.findMany({ select: { id: true, name: true } });
  const idOf = (c: FleetBackup['clusters'][number]) =>
    c.id === DEFAULT_CLUSTER_ID ? DEFAULT_CLUSTER_ID : existing.find((e) => e.name === c.name && e.id !== DEFAULT_CLUSTER_ID)?.id;
  const dry: FleetRestorePlan['clusters'] = [];
  const refusals: { field: string; message: string }[] = [];
  for (const c of doc.clusters) {
    const id = idOf(c);
    try {
      // A cluster still to be made is checked as an empty one (the id matches no row).
      const plan = await restoreConfiguration({
        document: c.configuration,
        actor: args.actor,
        dryRun: true,
        clusterId: id ?? `new:${c.name}`,
      });
      dry.push({ name: c.name, created: !id, plan });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      refusals.push(...err.fields.map((f) => ({ field: `${c.name}: ${f.field ?? ''}`, message: f.message })));
    }
  }
  if (refusals.length) throw new ValidationError(refusals);
  const untouched = existing.filter((e) => !doc.clusters.some((c) => idOf(c) === e.id)).map((e) => e.name);
  if (args.dryRun) return { clusters: dry, untouched };
  const done: FleetRestorePlan['clusters'] = [];
  for (const c of doc.clusters) {
    let id = idOf(c);
    if (!id) {
      const made = await db.cluster.create({ data: { name: c.name, site: c.site, description: c.description } });
      await audit(db, {
        actor: args.actor,
        action: 'create',
        objectType: 'Cluster',
        objectId: made.id,
        after: { ...made, restored: true },
      });
      id = made.id;
    }
    done.push({
      name: c.name,
      created: !idOf(c),
      plan: await restoreConfiguration({ document: c.configuration, actor: args.actor, clusterId: id }),
    });
  }
  return { clusters: done, untouched };
}
