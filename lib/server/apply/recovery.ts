// Runs that a console left "running" when it stopped mid-apply can never finish: they are marked failed
// by whoever holds the directors lock next (an apply, a catch-up), at every start, and by the leader's
// loop. Only under the lock: a run is "running" for real exactly while its console holds the lock.
// Not marked server-only: the start-up (lib/runtime) calls it before Next.js runs.
import { getDb } from '../platform/db-client';
import { tryAcquireLease, type HeldLease } from '../platform/lease';

const INTERRUPTED = 'Interrupted: the console stopped during this apply. Check the directors, then apply again.';

/** Marks runs left running as failed. With `held`, the caller holds the directors lock; without, it is tried (and nothing happens while another holds it). */
export async function failInterruptedApplies(held?: HeldLease): Promise<number> {
  const db = getDb();
  if (held) {
    const now = new Date();
    const [, r] = await db.$transaction([
      db.applyStep.updateMany({
        where: { status: 'running', applyRun: { status: 'running' } },
        data: { status: 'failed', output: 'This step did not finish: the console stopped here.', finishedAt: now },
      }),
      db.applyRun.updateMany({ where: { status: 'running' }, data: { status: 'failed', error: INTERRUPTED, finishedAt: now } }),
    ]);
    return r.count;
  }
  if (!(await db.applyRun.count({ where: { status: 'running' } }))) return 0;
  const got = await tryAcquireLease('directors', { what: 'closing applies a stopped console left running', actor: 'console' });
  if ('busy' in got) return 0;
  try {
    return await failInterruptedApplies(got.lease);
  } finally {
    await got.lease.release();
  }
}
