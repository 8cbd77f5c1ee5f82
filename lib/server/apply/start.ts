// Apply: render the configuration, push it to every director (secondary first), prove it in the
// kernel, and store the revision. One action on the directors at a time (the directors lock, held until
// the run ends); every step is stored as it happens.
import 'server-only';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { directorsBusy, tryAcquireLease, type HeldLease } from '../platform/lease';
import { currentRendering } from '../config/rendering';
import { exportConfiguration } from '../config/backup';
import { moveFloatingIps } from '../ha/make-active';
import { readPair } from '../ha/pair';
import { renderStateFiles } from '../../render/state-files';
import { expectedIpvsSave } from '../../render/ipvsadm';
import type { ApplyOptions, StepEvent } from '../../director/apply';
import type { ApplyRunDto } from '../../schemas/apply';
import type { Director } from '../generated/prisma/client';
import { failInterruptedApplies } from './recovery';
import { finishRun, getApplyRun, stepReporter } from './runs';
import { pushToDirector } from './push';

export interface StartedApply {
  id: string;
  done: Promise<ApplyRunDto>;
}

export type ApplyArgs = { comment: string; actor: string; options?: ApplyOptions; onStep?: (director: string, e: StepEvent) => void };

/**
 * Starts an apply and returns at once; `done` settles when every director is finished. Holds the
 * directors lock until then: a second apply, a make-active or a catch-up meanwhile gets 409.
 */
export async function startApply(args: ApplyArgs): Promise<StartedApply> {
  const got = await tryAcquireLease('directors', { what: 'an apply', actor: args.actor });
  if ('busy' in got) throw directorsBusy(got.busy);
  return beginApply(got.lease, args);
}

/** The apply itself, under a lock the caller took (released when `done` settles, or here if it cannot start). */
export async function beginApply(lease: HeldLease, args: ApplyArgs): Promise<StartedApply> {
  try {
    const plan = await planApply(args);
    // Holding the lock, a run still marked running was left by a console that stopped: say so first.
    await failInterruptedApplies(lease);
    const run = await getDb().applyRun.create({ data: { actor: args.actor, comment: plan.comment } });
    return { id: run.id, done: runApply(lease, run.id, plan, args) };
  } catch (err) {
    await lease.release();
    throw err;
  }
}

type ApplyPlan = Awaited<ReturnType<typeof planApply>>;

/** What an apply will push: the directors (secondary first), the rendering and what the kernels must hold. */
async function planApply(args: ApplyArgs) {
  const directors = await getDb().director.findMany();
  if (!directors.length)
    throw new AppError('BAD_REQUEST', 'There is no director to apply to: add one under Local Configuration > Directors.');
  const unpinned = directors.filter((d) => !d.hostKeyFingerprint);
  if (unpinned.length) {
    throw new AppError(
      'BAD_REQUEST',
      `Confirm the host key of ${unpinned.map((d) => d.name).join(' and ')} first (Local Configuration > Directors > Test connection).`,
    );
  }
  const { input, rendered, hash, version } = await currentRendering();
  const checkScripts = input.services.flatMap((s) =>
    s.healthCheck.type === 'external' && s.healthCheck.command ? [s.healthCheck.command] : [],
  );
  return {
    comment: String(args.comment ?? '').slice(0, 500),
    // Secondary first: if the push fails there, the primary, which carries the traffic, is untouched.
    order: [...directors].sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name) : a.role === 'secondary' ? -1 : 1)),
    rendered,
    hash,
    version,
    expected: expectedIpvsSave(input.services),
    // Drain / halt live in state files that every apply writes as the database has them.
    options: { ...args.options, checkScripts, stateFiles: renderStateFiles(input.services) } satisfies ApplyOptions,
    snapshot: await exportConfiguration(),
  };
}

/** Pushes to every director and records the revision; whatever happens, the run ends and the lock is released. */
async function runApply(lease: HeldLease, runId: string, plan: ApplyPlan, args: ApplyArgs): Promise<ApplyRunDto> {
  let failure: string | null = null;
  let revisionId: string | null = null;
  const skipped: string[] = [];
  try {
    const seq = { n: 0 };
    const keep = await activeToKeep(plan.order);
    let applied = 0;
    for (const d of plan.order) {
      const report = stepReporter(runId, d.id, seq, (e) => args.onStep?.(d.name, e));
      const pushed = await pushToDirector({
        director: d,
        artefacts: plan.rendered.directors[d.name],
        expected: plan.expected,
        hash: plan.hash,
        options: plan.options,
        report,
        skipUnreachable: plan.order.length > 1,
      });
      if (pushed.status === 'skipped') skipped.push(pushed.text);
      else applied++;
    }
    if (!applied) throw new Error(`No director could be reached: ${skipped.join(' ')}`);
    const revision = await getDb().configRevision.create({
      data: {
        hash: plan.hash,
        configVersion: plan.version ?? null,
        artefacts: JSON.stringify(plan.rendered.directors),
        snapshot: JSON.stringify(plan.snapshot),
        actor: args.actor,
        comment: plan.comment,
      },
    });
    revisionId = revision.id;
    if (keep && !skipped.length) await keepActive(runId, seq, keep, plan.order);
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err);
  } finally {
    const warning = skipped.length ? skipped.join(' ') : null;
    await finishRun({
      runId,
      actor: args.actor,
      comment: plan.comment,
      failure,
      warning,
      revisionId,
      directors: plan.order.map((d) => d.name),
    });
    await lease.release();
  }
  return getApplyRun(runId);
}

/**
 * Who is active before the apply, to keep it so: an apply must not move the floating IPs. After the
 * first apply of a pair (which starts keepalived on the secondary first), the primary is made active.
 */
async function activeToKeep(order: Director[]): Promise<string | null> {
  const pair = order.length > 1 ? await readPair(order).catch(() => null) : null;
  if (!pair?.floatingIps.length) return null;
  if (pair.active) return pair.active;
  return pair.views.some((v) => v.view?.running) ? null : (order.find((d) => d.role === 'primary')?.name ?? null);
}

/**
 * After an apply of the pair: the director that was active before is active again (a first start can
 * hand the floating IPs to whichever director started keepalived first). Recorded as a step.
 */
async function keepActive(runId: string, seq: { n: number }, name: string, order: Director[]) {
  const report = stepReporter(runId, null, seq);
  await report({ name: 'keep-active', status: 'running' });
  // A first start needs the VRRP election (3 adverts and the skew) before anyone holds the addresses.
  const deadline = Date.now() + 15_000;
  let pair = await readPair(order);
  while (!pair.active && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    pair = await readPair(order);
  }
  if (pair.active === name)
    return report({ name: 'keep-active', status: 'succeeded', output: `${name} holds the floating IPs, as before the apply.` });
  const before = pair.active ?? 'no director';
  try {
    // The apply holds the directors lock: the move runs under it.
    const r = await moveFloatingIps({ id: order.find((d) => d.name === name)!.id, actor: 'apply' });
    const output = `${before} had the floating IPs after the apply; ${name} was made active again in ${(r.ms / 1000).toFixed(1)} s.`;
    await report({ name: 'keep-active', status: 'succeeded', output });
  } catch (err) {
    // The configuration is applied; only the choice of the active director failed. Say so, do not fail.
    const why = err instanceof Error ? err.message : String(err);
    await report({
      name: 'keep-active',
      status: 'failed',
      output: `${before} holds the floating IPs; making ${name} active again failed: ${why} Use Make this director active.`,
    });
  }
}
