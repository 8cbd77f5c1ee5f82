// The HA pair as the directors say it: each one's VRRP state and addresses, which one holds the floating
// IPs (the active one), and whether a director runs the last applied revision.
import 'server-only';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';
import { getDb } from '../platform/db-client';
import { withDirectorSession } from '../directors/sessions';
import { holdsAll, readVrrp, type VrrpView } from '../../director/vrrp';
import type { RevisionStatus } from '../../schemas/overview';
import type { Director } from '../generated/prisma/client';

export interface PairView {
  director: Pick<Director, 'id' | 'name' | 'role'>;
  view: VrrpView | null;
  error: string | null;
}

/**
 * Reads each director's VRRP state and addresses (in parallel; an unreachable one has an error): the
 * directors given (one cluster's), else the confirmed directors of `default`.
 */
export async function readPair(directors?: Director[]): Promise<{ views: PairView[]; floatingIps: string[]; active: string | null }> {
  const db = getDb();
  const list =
    directors ??
    (await db.director.findMany({
      where: { clusterId: DEFAULT_CLUSTER_ID, hostKeyFingerprint: { not: null } },
      orderBy: [{ role: 'asc' }, { name: 'asc' }],
    }));
  const clusterId = list[0]?.clusterId ?? DEFAULT_CLUSTER_ID;
  const floatingIps = (await db.floatingIp.findMany({ where: { clusterId }, select: { address: true } })).map((f) => f.address);
  const views = await Promise.all(
    list.map(async (d): Promise<PairView> => {
      try {
        return { director: d, view: await withDirectorSession(d, (c) => readVrrp(c)), error: null };
      } catch (err) {
        return { director: d, view: null, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
  const holders = views.filter((v) => v.view?.state === 'MASTER' && holdsAll(v.view, floatingIps));
  return { views, floatingIps, active: holders.length === 1 ? holders[0].director.name : null };
}

/** A director runs an older revision than the last applied one (it was unreachable during an apply). */
export function isBehind(d: { appliedHash: string | null }, lastHash: string | null | undefined): boolean {
  return !!lastHash && d.appliedHash !== null && d.appliedHash !== lastHash;
}

export function revisionStatus(d: { appliedHash: string | null }, lastHash: string | null | undefined): RevisionStatus {
  if (!lastHash || d.appliedHash === null) return 'unknown';
  return d.appliedHash === lastHash ? 'in-sync' : 'behind';
}
