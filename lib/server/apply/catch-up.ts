// Catch-up: a director that missed applies (it was unreachable then) is brought to the last applied
// revision as soon as it answers, by the leader's loop or the CLI; one that answers but fails is retried
// at growing intervals.
import 'server-only';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { withDirectorsLock } from '../platform/lease';
import { isBehind, readPair } from '../ha/pair';
import type { ApplyRunDto } from '../../schemas/apply';
import { failInterruptedApplies } from './recovery';
import { finishRun, getApplyRun, stepReporter } from './runs';
import { lastRevisionFor } from './revisions';
import { pushToDirector } from './push';
import { raiseAlert } from '../alerts/raise';

/** A catch-up that fails this many times in a row is reported (once, until it succeeds). */
const CATCH_UP_ALERT_AFTER = 3;

/** A failing catch-up is retried after this, doubled at every failure in a row, up to 15 minutes. */
export const CATCH_UP_RETRY_MS = Math.max(1, Number(process.env.LVS_CATCH_UP_RETRY_SECONDS) || 15) * 1000;
export const CATCH_UP_MAX_RETRY_MS = 15 * 60_000;

/** How long the console waits before the next catch-up of a director that failed `failures` times in a row. */
export function catchUpRetryDelay(failures: number, firstMs = CATCH_UP_RETRY_MS): number {
  return Math.min(firstMs * 2 ** Math.max(0, failures - 1), Math.max(firstMs, CATCH_UP_MAX_RETRY_MS));
}

/**
 * Brings a director that missed applies (it was unreachable) to the last applied revision: the same
 * pipeline as an apply (staging, config-test, swap, reload, kernel read-back), recorded as a run, under
 * the directors lock. The configuration of the last revision, not the pending one: catching up changes
 * nothing else. A failure is counted (the console's loop backs off); an unknown outcome (the connection
 * lost after the files were swapped) makes the director's state unknown.
 */
export async function catchUpDirector(args: { id: string; actor: string }): Promise<ApplyRunDto> {
  const db = getDb();
  const d = await db.director.findUnique({ where: { id: args.id } });
  if (!d) throw new AppError('NOT_FOUND', `No director has the id ${args.id}.`);
  const { rev, artefacts, expected, stateFiles } = await lastRevisionFor(d.name);
  return withDirectorsLock(`catching up ${d.name}`, args.actor, async (lease) => {
    await failInterruptedApplies(lease);
    const run = await db.applyRun.create({
      data: {
        actor: args.actor,
        comment: `catch-up: ${d.name} to the revision of ${rev.createdAt.toISOString()}`,
        clusterId: d.clusterId,
      },
    });
    let failure: string | null = null;
    try {
      const report = stepReporter(run.id, d.id, { n: 0 });
      await pushToDirector({ director: d, artefacts, expected, hash: rev.hash, options: { stateFiles }, report, skipUnreachable: false });
      await db.director.update({ where: { id: d.id }, data: { catchUpFailures: 0, catchUpNextAt: null, catchUpError: null } });
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
      const failures = d.catchUpFailures + 1;
      await db.director
        .update({
          where: { id: d.id },
          data: { catchUpFailures: failures, catchUpNextAt: new Date(Date.now() + catchUpRetryDelay(failures)), catchUpError: failure },
        })
        .catch((e) => console.error('[lvs-console] could not record the failed catch-up of', d.name, e));
      if (failures === CATCH_UP_ALERT_AFTER)
        await raiseAlert({
          key: `catch-up:${d.id}`,
          kind: 'catch-up',
          to: 'failing',
          text: `Bringing director ${d.name} up to date has failed ${failures} times in a row; the console keeps trying (next in ${Math.round(catchUpRetryDelay(failures) / 1000)} s): ${failure}`,
          facts: { director: d.name },
          path: '/local-configuration/directors',
        });
    } finally {
      await finishRun({
        runId: run.id,
        actor: args.actor,
        comment: `catch-up: ${d.name}`,
        failure,
        revisionId: failure ? null : rev.id,
        directors: [d.name],
      });
    }
    return getApplyRun(run.id);
  });
}

const catchingUp = globalThis as unknown as { lvsCatchUp?: boolean };

/**
 * The leader console's loop and the CLI: every director that is behind and answers is caught up, one at
 * a time. A director that does not answer is left for the next round; one that answers but fails is
 * retried after catchUpRetryDelay (the CLI's `now` ignores that). A round stops when the directors lock
 * is held (an apply or a make-active runs).
 */
export async function catchUpBehindDirectors(actor = 'console', opts: { now?: boolean } = {}): Promise<ApplyRunDto[]> {
  if (catchingUp.lvsCatchUp) return [];
  catchingUp.lvsCatchUp = true;
  try {
    const db = getDb();
    // Each director against its own cluster's last revision.
    const lastOf = new Map<string, string>();
    for (const c of await db.cluster.findMany({ select: { id: true } })) {
      const last = await db.configRevision.findFirst({
        where: { clusterId: c.id },
        orderBy: { createdAt: 'desc' },
        select: { hash: true },
      });
      if (last) lastOf.set(c.id, last.hash);
    }
    const now = Date.now();
    const behind = (await db.director.findMany({ where: { hostKeyFingerprint: { not: null }, stateUnknownSince: null } })).filter(
      (d) =>
        lastOf.has(d.clusterId) &&
        isBehind(d, lastOf.get(d.clusterId)) &&
        (opts.now || !d.catchUpNextAt || d.catchUpNextAt.getTime() <= now),
    );
    const runs: ApplyRunDto[] = [];
    for (const d of behind) {
      // Only when it answers: a dead director is not retried through a failing run every round.
      const reachable = await readPair([d])
        .then((p) => p.views[0].view !== null)
        .catch(() => false);
      if (!reachable) continue;
      try {
        runs.push(await catchUpDirector({ id: d.id, actor }));
      } catch (err) {
        if (err instanceof AppError && err.code === 'CONFLICT') break; // the lock is held: next round
        throw err;
      }
    }
    return runs;
  } finally {
    catchingUp.lvsCatchUp = false;
  }
}
