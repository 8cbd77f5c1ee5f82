// At start-up (lib/runtime, outside Next.js, so not marked server-only): applies that a stopped
// console left "running" can never finish.
import { getDb } from './db-client';

/** Runs left "running" by a console that stopped mid-apply can never finish: say so. */
export async function failInterruptedApplies(): Promise<number> {
  const r = await getDb().applyRun.updateMany({ where: { status: 'running' }, data: { status: 'failed', error: 'Interrupted: the console stopped during this apply. Check the directors, then apply again.', finishedAt: new Date() } });
  return r.count;
}
