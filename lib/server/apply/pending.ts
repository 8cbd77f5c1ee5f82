// Pending changes: whether the configuration differs from what was last applied (every page's banner
// compares versions without rendering; the Apply page and the API compare renderings), and which
// directors are behind or in an unknown state.
import 'server-only';
import { getDb } from '../platform/db-client';
import { cachedRendering, currentRendering } from '../config/rendering';
import { clusterVersionKey } from '../config/version';
import { isBehind } from '../ha/pair';
import type { PendingState } from '../../schemas/apply';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';

/** The hash of what the configuration renders to now (rendered again only when the configuration changed). */
export async function currentConfigurationHash(clusterId: string = DEFAULT_CLUSTER_ID): Promise<string> {
  return (await currentRendering(clusterId)).hash;
}

/**
 * Whether the configuration differs from what was last applied successfully. `exact` compares what it
 * renders to with the last revision (the Apply page, the API). Without it (every page's banner), nothing
 * is rendered: the configuration's version is compared with the one the last revision was rendered from,
 * and a changed version counts as pending unless the current rendering is already known (a change that
 * was undone then shows until the Apply page has compared them).
 */
export async function pendingChanges(opts: { exact?: boolean; clusterId?: string } = {}): Promise<PendingState> {
  const db = getDb();
  const clusterId = opts.clusterId ?? DEFAULT_CLUSTER_ID;
  const [last, directors, version] = await Promise.all([
    db.configRevision.findFirst({
      where: { clusterId },
      orderBy: { createdAt: 'desc' },
      select: { id: true, hash: true, configVersion: true, createdAt: true, actor: true, comment: true },
    }),
    db.director.findMany({
      where: { clusterId },
      select: {
        name: true,
        stateUnknownSince: true,
        appliedHash: true,
        appliedAt: true,
        catchUpFailures: true,
        catchUpNextAt: true,
        catchUpError: true,
      },
    }),
    clusterVersionKey(clusterId).then((k) => k.version),
  ]);
  let pending: boolean;
  let compared = true;
  if (!last)
    pending = true; // never applied
  else if (opts.exact ?? true) pending = (await currentRendering(clusterId)).hash !== last.hash;
  else if (last?.configVersion != null && last.configVersion === version) pending = false;
  else {
    const known = await cachedRendering(clusterId);
    if (known) pending = known.hash !== last.hash;
    else {
      pending = true;
      compared = false;
    }
  }
  return {
    pending: directors.length > 0 && pending,
    compared: directors.length === 0 || compared,
    lastRevision: last ? { id: last.id, createdAt: last.createdAt, actor: last.actor, comment: last.comment } : null,
    directors: directors.length,
    stateUnknown: directors.filter((d) => d.stateUnknownSince).map((d) => ({ name: d.name, since: d.stateUnknownSince! })),
    behind: directors
      .filter((d) => isBehind(d, last?.hash))
      .map((d) => ({
        name: d.name,
        since: d.appliedAt,
        catchUp: d.catchUpFailures ? { failures: d.catchUpFailures, nextAt: d.catchUpNextAt, error: d.catchUpError } : null,
      })),
  };
}
