// vrrp.yield left at 1: a "Make this director active" that did not finish (the console stopped or lost a
// director half-way) leaves a director held in FAULT; it is put back to 0 by the next make-active, the
// leader's next poll or the console's next start, whenever no make-active is in flight.
import 'server-only';
import { getDb } from '../platform/db-client';
import { audit } from '../platform/audit';
import { tryAcquireLease } from '../platform/lease';
import { withDirectorSession } from '../directors/sessions';
import { setVrrpYield } from '../../director/vrrp';
import type { Director } from '../generated/prisma/client';

/**
 * Writes 0 to vrrp.yield on these directors (the caller holds the directors lock, so no make-active is in
 * flight) and clears their record; each one is audited. Returns the ones put back; a director that
 * cannot be reached keeps its record for the next try.
 */
export async function putBackYields(directors: Director[], actor: string): Promise<string[]> {
  const db = getDb();
  const done: string[] = [];
  for (const d of directors) {
    try {
      await withDirectorSession(d, (c) => setVrrpYield(c, false));
    } catch (err) {
      console.error(`[lvs-console] could not put vrrp.yield back to 0 on ${d.name}:`, err instanceof Error ? err.message : err);
      continue;
    }
    done.push(d.name);
    await db.$transaction([
      db.director.update({ where: { id: d.id }, data: { yieldSince: null } }),
      audit(db, {
        actor,
        action: 'reconcile-yield',
        objectType: 'Director',
        objectId: d.id,
        before: { vrrpYield: 1, since: d.yieldSince?.toISOString() ?? null },
        after: {
          vrrpYield: 0,
          why: `A "Make this director active" did not finish (the console stopped or lost ${d.name} half-way) and left ${d.name} held in FAULT; vrrp.yield was set back to 0, so it is a standby again.`,
        },
      }),
    ]);
  }
  return done;
}

/**
 * Every poll of the leader and its start: a director held in FAULT by the console (vrrp.yield read as 1,
 * or a yield recorded in the database) while no make-active is in flight gets vrrp.yield back to 0. It
 * takes the directors lock without waiting: a make-active (or an apply) holding it is left alone, and the
 * next poll looks again.
 */
export async function reconcileYields(seen: { id: string; yielding: boolean | null }[]): Promise<string[]> {
  const db = getDb();
  const reachable = new Set(seen.filter((s) => s.yielding !== null).map((s) => s.id));
  const recorded = await db.director.findMany({
    where: { yieldSince: { not: null }, hostKeyFingerprint: { not: null } },
    select: { id: true },
  });
  // Read as yielding, or recorded as yielded: only those this poll reached (the others are tried when they answer).
  const ids = [...new Set([...seen.filter((s) => s.yielding).map((s) => s.id), ...recorded.map((r) => r.id)])].filter((id) =>
    reachable.has(id),
  );
  if (!ids.length) return [];
  const got = await tryAcquireLease('directors', { what: 'putting vrrp.yield back to 0', actor: 'console' });
  if ('busy' in got) return [];
  try {
    return await putBackYields(await db.director.findMany({ where: { id: { in: ids } } }), 'console');
  } finally {
    await got.lease.release();
  }
}
