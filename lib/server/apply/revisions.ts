// Applied revisions: the list, what an apply would change now, two revisions compared, revert, and the
// last revision as a director should run it (for drift checks and catch-up).
import 'server-only';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { directorsBusy, tryAcquireLease } from '../platform/lease';
import { currentRendering, loadRenderInput } from '../config/rendering';
import { exportConfiguration } from '../config/backup';
import { restoreConfiguration } from '../config/restore';
import { diffRenderings, type FileDiff } from '../../render/diff';
import { isArtefactPath } from '../../director/remote-path';
import { renderStateFiles, stateKey } from '../../render/state-files';
import { validateConfigDocument } from '../../schemas/config-document';
import { toRenderInput, type RenderedConfiguration } from '../../render';
import { expectedIpvsSave } from '../../render/ipvsadm';
import type { ApplyOptions } from '../../director/apply';
import { beginApply, type StartedApply } from './start';

export async function listRevisions(take = 50, clusterId?: string) {
  return getDb().configRevision.findMany({
    where: clusterId ? { clusterId } : {},
    orderBy: { createdAt: 'desc' },
    take,
    select: { id: true, hash: true, actor: true, comment: true, createdAt: true, clusterId: true },
  });
}

/** What an apply would change now: the current rendering against the last applied revision. */
export async function previewApply(clusterId: string = DEFAULT_CLUSTER_ID): Promise<{ diffs: FileDiff[]; lastRevisionId: string | null }> {
  const db = getDb();
  const last = await db.configRevision.findFirst({ where: { clusterId }, orderBy: { createdAt: 'desc' } });
  const now = (await currentRendering(clusterId)).rendered;
  const before = last ? (JSON.parse(last.artefacts) as RenderedConfiguration['directors']) : {};
  return { diffs: diffRenderings(before, now.directors), lastRevisionId: last?.id ?? null };
}

/** Two revisions compared, file by file. */
export async function compareRevisions(fromId: string, toId: string): Promise<FileDiff[]> {
  const db = getDb();
  const [a, b] = await Promise.all([
    db.configRevision.findUnique({ where: { id: fromId } }),
    db.configRevision.findUnique({ where: { id: toId } }),
  ]);
  if (!a || !b) throw new AppError('NOT_FOUND', 'One of the revisions does not exist.');
  type Artefacts = RenderedConfiguration['directors'];
  return diffRenderings(JSON.parse(a.artefacts) as Artefacts, JSON.parse(b.artefacts) as Artefacts);
}

/**
 * "Revert to this revision": the database takes that revision's configuration back (as an import,
 * audited), then it is applied like any other change.
 */
export async function revertToRevision(args: { id: string; actor: string; options?: ApplyOptions }): Promise<StartedApply> {
  const rev = await getDb().configRevision.findUnique({ where: { id: args.id } });
  if (!rev) throw new AppError('NOT_FOUND', `No revision has the id ${args.id}.`);
  // The lock first: a revert that cannot be applied now must not revert the database.
  const got = await tryAcquireLease('directors', { what: 'a revert', actor: args.actor });
  if ('busy' in got) throw directorsBusy(got.busy);
  try {
    const snapshot = JSON.parse(rev.snapshot) as { directors?: { name: string }[] };
    // Directors keep their current SSH details (ports and pinned keys may have changed since).
    const current = await exportConfiguration(rev.clusterId);
    await restoreConfiguration({ document: { ...snapshot, directors: current.directors }, actor: args.actor, clusterId: rev.clusterId });
  } catch (err) {
    await got.lease.release();
    throw err;
  }
  return beginApply(got.lease, {
    comment: `revert to revision of ${rev.createdAt.toISOString()}${rev.comment ? ` (${rev.comment})` : ''}`,
    actor: args.actor,
    clusterId: rev.clusterId,
    options: args.options,
  });
}

/** The last revision of the director's cluster, as that director should run it. */
export async function lastRevisionFor(directorName: string) {
  const db = getDb();
  const clusterId =
    (await db.director.findUnique({ where: { name: directorName }, select: { clusterId: true } }))?.clusterId ?? DEFAULT_CLUSTER_ID;
  const rev = await db.configRevision.findFirst({ where: { clusterId }, orderBy: { createdAt: 'desc' } });
  if (!rev) throw new AppError('BAD_REQUEST', 'Nothing has been applied yet, so there is nothing to compare with.');
  const artefacts = (JSON.parse(rev.artefacts) as RenderedConfiguration['directors'])[directorName];
  if (!artefacts) throw new AppError('BAD_REQUEST', `The last applied revision has no files for ${directorName}: apply again.`);
  // Stored paths go into commands on the director: only the console's own files are accepted.
  if (!Object.keys(artefacts).every(isArtefactPath))
    throw new AppError('INTERNAL', "The last applied revision names files that are not the console's own; it is damaged. Apply again.");
  const v = validateConfigDocument(JSON.parse(rev.snapshot));
  if (!v.ok) throw new AppError('INTERNAL', 'The stored revision does not validate.');
  // Admin states change live, after the revision: the kernel should hold the ones the database has now.
  const current = await loadRenderInput(clusterId);
  const states = new Map(current.services.flatMap((s) => s.realServers.map((r) => [stateKey(s, r), r.adminState] as const)));
  const stored = toRenderInput(v.config);
  const services = stored.services.map((s) => ({
    ...s,
    realServers: s.realServers.map((r) => ({ ...r, adminState: states.get(stateKey(s, r)) ?? r.adminState })),
  }));
  return { rev, artefacts, expected: expectedIpvsSave(services, stored.settings), stateFiles: renderStateFiles(services) };
}
