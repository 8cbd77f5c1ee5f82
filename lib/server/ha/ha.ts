// The HA pair: which director is active (holds the floating IPs), and "Make this director active"
// (the appliance's take-over). The default: nopreempt, so the active director stays active until it
// fails or an operator moves it; an apply keeps whichever was active (the primary after the first).
import 'server-only';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { withDirectorSession } from '../directors/sessions';
import { holdsAll, readVrrp, setVrrpYield, type VrrpView } from '../../director/vrrp';
import type { Director } from '../generated/prisma/client';
import { parseOrThrow, ValidationError } from '../platform/validation';
import { createDirector, deleteDirector, updateDirector, type DirectorDto } from '../directors/directors';
import { clusteredPairSchema } from '../../schemas/director';
import { tryAcquireLease, withDirectorsLock } from '../platform/lease';
import { RevisionStatus } from '../../schemas/overview';
import { audit } from '../platform/audit';

export interface PairView {
  director: Pick<Director, 'id' | 'name' | 'role'>;
  view: VrrpView | null;
  error: string | null;
}

/** Reads each director's VRRP state and addresses (in parallel; an unreachable one has an error). */
export async function readPair(directors?: Director[]): Promise<{ views: PairView[]; floatingIps: string[]; active: string | null }> {
  const db = getDb();
  const list =
    directors ??
    (await db.director.findMany({ where: { hostKeyFingerprint: { not: null } }, orderBy: [{ role: 'asc' }, { name: 'asc' }] }));
  const floatingIps = (await db.floatingIp.findMany({ select: { address: true } })).map((f) => f.address);
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface MakeActiveResult {
  active: string;
  changed: boolean;
  /** From the first yield to the target holding every floating IP. */
  ms: number;
}

/**
 * "Make this director active": the floating IPs move to it. Holds the directors lock, so a second
 * make-active (for either director), an apply or a catch-up meanwhile gets 409.
 */
export async function makeDirectorActive(args: { id: string; actor: string; timeoutMs?: number }): Promise<MakeActiveResult> {
  const target = await getDb().director.findUnique({ where: { id: args.id }, select: { name: true } });
  if (!target) throw new AppError('NOT_FOUND', `No director has the id ${args.id}.`);
  return withDirectorsLock(`making ${target.name} active`, args.actor, () => moveFloatingIps(args));
}

/**
 * Moves the floating IPs to this director (the caller holds the directors lock: a make-active, or the
 * keep-active step of an apply). Every other director of the pair gives them up for a moment (FAULT
 * through the yield file, which sends a priority-0 advert), the target becomes MASTER, the others go back
 * to BACKUP (nopreempt keeps them there). Each yield is recorded in the database before it is written, so
 * that a console that stops half-way has it put back by the next poll or start (reconcileYields).
 */
export async function moveFloatingIps(args: { id: string; actor: string; timeoutMs?: number }): Promise<MakeActiveResult> {
  const db = getDb();
  const directors = await db.director.findMany({ orderBy: [{ role: 'asc' }, { name: 'asc' }] });
  const target = directors.find((d) => d.id === args.id);
  if (!target) throw new AppError('NOT_FOUND', `No director has the id ${args.id}.`);
  if (directors.length < 2)
    throw new AppError('CONFLICT', `${target.name} is the only director: there is no pair to move the floating IPs within.`);
  const unpinned = directors.filter((d) => !d.hostKeyFingerprint);
  if (unpinned.length)
    throw new AppError(
      'CONFLICT',
      `Confirm the host key of ${unpinned.map((d) => d.name).join(' and ')} first (Local Configuration > Directors > Test connection).`,
    );
  let pair = await readPair(directors);
  // No make-active is in flight (the caller holds the lock): a yield left behind by one that stopped
  // half-way is put back first, or the target could never leave FAULT.
  if (
    (
      await putBackYields(
        pair.views.filter((v) => v.view?.yielding).map((v) => directors.find((d) => d.id === v.director.id)!),
        args.actor,
      )
    ).length
  ) {
    const deadline = Date.now() + 5_000;
    do {
      await sleep(300);
      pair = await readPair(directors);
    } while (pair.views.some((v) => v.view?.state === 'FAULT') && Date.now() < deadline);
  }
  if (!pair.floatingIps.length)
    throw new AppError('CONFLICT', 'There are no floating IPs to move: add a virtual service (or a floating IP) and apply first.');
  const mine = pair.views.find((v) => v.director.id === target.id)!;
  if (!mine.view)
    throw new AppError('DIRECTOR_UNREACHABLE', `${target.name} cannot be reached, so it cannot take the floating IPs: ${mine.error}`);
  if (!mine.view.running)
    throw new AppError('CONFLICT', `keepalived does not run on ${target.name}: apply the configuration (or start keepalived there) first.`);
  if (mine.view.state === 'FAULT')
    throw new AppError(
      'CONFLICT',
      `${target.name} is in FAULT (an interface or a script it tracks fails): it cannot take the floating IPs. Check its network first.`,
    );
  const others = pair.views.filter((v) => v.director.id !== target.id);
  if (pair.active === target.name && others.every((o) => !o.view || !o.view.addresses.some((a) => pair.floatingIps.includes(a)))) {
    return { active: target.name, changed: false, ms: 0 };
  }
  const before = pair.active;
  const t0 = Date.now();
  const yielded: Director[] = [];
  let ms = 0;
  try {
    for (const o of others) {
      if (!o.view?.running) continue;
      const d = directors.find((x) => x.id === o.director.id)!;
      // Recorded before it is written: whatever happens next, the yield is known and will be undone.
      await db.director.update({ where: { id: d.id }, data: { yieldSince: new Date() } });
      yielded.push(d);
      await withDirectorSession(d, (c) => setVrrpYield(c, true));
    }
    const deadline = t0 + (args.timeoutMs ?? 20_000);
    for (;;) {
      const v = await withDirectorSession(target, (c) => readVrrp(c)).catch(() => null);
      if (v && v.state === 'MASTER' && holdsAll(v, pair.floatingIps)) break;
      if (Date.now() > deadline) {
        throw new AppError(
          'DIRECTOR_TIMEOUT',
          `${target.name} did not take the floating IPs within ${Math.round((args.timeoutMs ?? 20_000) / 1000)} s (its VRRP state: ${v?.state ?? 'unknown'}). The other director was put back; check the VRRP link between them.`,
        );
      }
      await sleep(200);
    }
    ms = Date.now() - t0;
  } finally {
    // Always undo the yield: a director left in FAULT could never take over again. One that cannot be
    // reached now keeps its record, and the next poll or start puts it back.
    for (const d of yielded) {
      const undone = await withDirectorSession(d, (c) => setVrrpYield(c, false)).then(
        () => true,
        () => false,
      );
      if (undone) await db.director.update({ where: { id: d.id }, data: { yieldSince: null } }).catch(() => undefined);
    }
  }
  await audit(db, {
    actor: args.actor,
    action: 'make-active',
    objectType: 'Director',
    objectId: target.id,
    before: { active: before },
    after: { active: target.name, ms },
  });
  return { active: target.name, changed: true, ms };
}

/**
 * Writes 0 to vrrp.yield on these directors (the caller holds the directors lock, so no make-active is in
 * flight) and clears their record; each one is audited. Returns the ones put back; a director that
 * cannot be reached keeps its record for the next try.
 */
async function putBackYields(directors: Director[], actor: string): Promise<string[]> {
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

/** Cluster Configuration > High-Availability Configuration > Create a clustered pair. */
export async function createClusteredPair(args: { input: unknown; actor: string }): Promise<DirectorDto> {
  const input = parseOrThrow(clusteredPairSchema, args.input);
  const directors = await getDb().director.findMany();
  if (directors.length !== 1) {
    throw new AppError(
      'CONFLICT',
      directors.length
        ? `There are already ${directors.length} directors: break the pair first to pair another one.`
        : 'Add this director first (Local Configuration > Directors), then pair it.',
    );
  }
  const local = directors[0];
  const localAddress = input.localVrrpAddress ?? local.vrrpAddress;
  if (!localAddress)
    throw new ValidationError([
      {
        field: 'localVrrpAddress',
        message: `Enter ${local.name}'s own address on ${local.vrrpInterface}: the pair's VRRP adverts go between the two directors' own addresses.`,
      },
    ]);
  if (localAddress === input.peer.vrrpAddress)
    throw new ValidationError([{ field: 'peer.vrrpAddress', message: `That is ${local.name}'s own address; enter the peer's.` }]);
  if (local.role !== 'primary' || local.vrrpAddress !== localAddress) {
    await updateDirector({
      id: local.id,
      patch: { version: local.version, role: 'primary', vrrpAddress: localAddress },
      actor: args.actor,
    });
  }
  return createDirector({ input: { ...input.peer, role: 'secondary' }, actor: args.actor });
}

/**
 * "Break clustered pair": the secondary is no longer managed; the primary runs alone from the next
 * apply. Refused while the secondary holds the floating IPs (make the primary active first), and while
 * it cannot be read unless the admin confirms it is gone: a secondary that still runs keepalived would
 * keep claiming the floating IPs next to a primary that no longer expects a peer.
 */
export async function breakClusteredPair(args: {
  actor: string;
  secondaryGone?: boolean;
}): Promise<{ removed: string; remaining: string }> {
  return withDirectorsLock('breaking the clustered pair', args.actor, async () => {
    const directors = await getDb().director.findMany({ orderBy: [{ role: 'asc' }, { name: 'asc' }] });
    if (directors.length !== 2) throw new AppError('CONFLICT', 'There is no clustered pair to break.');
    const [primary, secondary] = directors[0].role === 'primary' ? [directors[0], directors[1]] : [directors[1], directors[0]];
    if (secondary.hostKeyFingerprint) {
      const pair = await readPair(directors.filter((d) => d.hostKeyFingerprint));
      const view = pair.views.find((v) => v.director.id === secondary.id);
      if (!view?.view && !args.secondaryGone) {
        throw new AppError(
          'DIRECTOR_UNREACHABLE',
          `${secondary.name} cannot be read (${view?.error ?? 'no answer'}), so the console cannot tell whether it still holds or claims the floating IPs. Bring it back and try again; or, if it is gone for good (switched off, decommissioned), confirm that and break the pair: it must never run keepalived with this configuration again.`,
          { field: 'secondaryGone' },
        );
      }
      if (pair.active === secondary.name)
        throw new AppError('CONFLICT', `${secondary.name} holds the floating IPs: make ${primary.name} active first, then break the pair.`);
    }
    await deleteDirector({ id: secondary.id, actor: args.actor });
    return { removed: secondary.name, remaining: primary.name };
  });
}
