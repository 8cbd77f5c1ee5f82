// "Make this director active" (the appliance's take-over). The default is nopreempt: the active director
// stays active until it fails or an operator moves it; an apply keeps whichever was active (the primary
// after the first).
import 'server-only';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { audit } from '../platform/audit';
import { withDirectorsLock } from '../platform/lease';
import { withDirectorSession } from '../directors/sessions';
import { holdsAll, readVrrp, setVrrpYield } from '../../director/vrrp';
import type { Director } from '../generated/prisma/client';
import { readPair, type PairView } from './pair';
import { putBackYields } from './yields';

export interface MakeActiveResult {
  active: string;
  changed: boolean;
  /** From the first yield to the target holding every floating IP. */
  ms: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
  const { directors, target, pair } = await readyToTake(args.id, args.actor);
  const others = pair.views.filter((v) => v.director.id !== target.id);
  if (pair.active === target.name && others.every((o) => !o.view || !o.view.addresses.some((a) => pair.floatingIps.includes(a)))) {
    return { active: target.name, changed: false, ms: 0 };
  }
  const t0 = Date.now();
  const yielded: Director[] = [];
  try {
    for (const o of others.filter((v) => v.view?.running)) {
      const d = directors.find((x) => x.id === o.director.id)!;
      yielded.push(d); // before the write: a write whose answer was lost is undone too
      await yieldDirector(d);
    }
    await waitForMaster(target, pair.floatingIps, args.timeoutMs ?? 20_000);
  } finally {
    // Always undo the yield: a director left in FAULT could never take over again. One that cannot be
    // reached now keeps its record, and the next poll or start puts it back.
    for (const d of yielded) await unyieldDirector(d);
  }
  const ms = Date.now() - t0;
  const after = { active: target.name, ms };
  await audit(getDb(), {
    actor: args.actor,
    action: 'make-active',
    objectType: 'Director',
    objectId: target.id,
    before: { active: pair.active },
    after,
  });
  return { ...after, changed: true };
}

/** The pair as read, once the target is known to be able to take the floating IPs (else why not). */
async function readyToTake(id: string, actor: string) {
  const target = await getDb().director.findUnique({ where: { id } });
  if (!target) throw new AppError('NOT_FOUND', `No director has the id ${id}.`);
  // Its own cluster's pair: a make-active never reads or moves another site's directors.
  const directors = await getDb().director.findMany({
    where: { clusterId: target.clusterId },
    orderBy: [{ role: 'asc' }, { name: 'asc' }],
  });
  if (directors.length < 2)
    throw new AppError('CONFLICT', `${target.name} is the only director: there is no pair to move the floating IPs within.`);
  const unpinned = directors.filter((d) => !d.hostKeyFingerprint);
  if (unpinned.length) {
    const names = unpinned.map((d) => d.name).join(' and ');
    throw new AppError('CONFLICT', `Confirm the host key of ${names} first (Local Configuration > Directors > Test connection).`);
  }
  let pair = await readPair(directors);
  // No make-active is in flight (the caller holds the lock): a yield left behind by one that stopped
  // half-way is put back first, or the target could never leave FAULT.
  const stuck = pair.views.filter((v) => v.view?.yielding).map((v) => directors.find((d) => d.id === v.director.id)!);
  if ((await putBackYields(stuck, actor)).length) {
    const deadline = Date.now() + 5_000;
    do {
      await sleep(300);
      pair = await readPair(directors);
    } while (pair.views.some((v) => v.view?.state === 'FAULT') && Date.now() < deadline);
  }
  if (!pair.floatingIps.length)
    throw new AppError('CONFLICT', 'There are no floating IPs to move: add a virtual service (or a floating IP) and apply first.');
  assertCanTake(
    target,
    pair.views.find((v) => v.director.id === target.id)!,
  );
  return { directors, target, pair };
}

function assertCanTake(target: Director, mine: PairView) {
  if (!mine.view)
    throw new AppError('DIRECTOR_UNREACHABLE', `${target.name} cannot be reached, so it cannot take the floating IPs: ${mine.error}`);
  if (!mine.view.running)
    throw new AppError('CONFLICT', `keepalived does not run on ${target.name}: apply the configuration (or start keepalived there) first.`);
  if (mine.view.state === 'FAULT') {
    throw new AppError(
      'CONFLICT',
      `${target.name} is in FAULT (an interface or a script it tracks fails): it cannot take the floating IPs. Check its network first.`,
    );
  }
}

/** vrrp.yield = 1, recorded before it is written: whatever happens next, the yield is known and will be undone. */
export async function yieldDirector(d: Director): Promise<void> {
  await getDb().director.update({ where: { id: d.id }, data: { yieldSince: new Date() } });
  await withDirectorSession(d, (c) => setVrrpYield(c, true));
}

export async function unyieldDirector(d: Director): Promise<void> {
  const undone = await withDirectorSession(d, (c) => setVrrpYield(c, false)).then(
    () => true,
    () => false,
  );
  if (undone)
    await getDb()
      .director.update({ where: { id: d.id }, data: { yieldSince: null } })
      .catch(() => undefined);
}

async function waitForMaster(target: Director, floatingIps: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await withDirectorSession(target, (c) => readVrrp(c)).catch(() => null);
    if (v && v.state === 'MASTER' && holdsAll(v, floatingIps)) return;
    if (Date.now() > deadline) {
      throw new AppError(
        'DIRECTOR_TIMEOUT',
        `${target.name} did not take the floating IPs within ${Math.round(timeoutMs / 1000)} s (its VRRP state: ${v?.state ?? 'unknown'}). The other director was put back; check the VRRP link between them.`,
      );
    }
    await sleep(200);
  }
}
