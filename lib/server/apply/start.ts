// Apply: render the configuration, push it to every director (secondary first), prove it in the
// kernel, and store the revision. One action on the directors at a time (the directors lock, held until
// the run ends); every step is stored as it happens.
import 'server-only';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { directorsBusy, tryAcquireLease, type HeldLease } from '../platform/lease';
import { currentRendering } from '../config/rendering';
import { exportConfiguration } from '../config/backup';
import { moveFloatingIps, unyieldDirector, yieldDirector } from '../ha/make-active';
import { readPair } from '../ha/pair';
import { renderStateFiles } from '../../render/state-files';
import { advertOf, DIRECTOR_PATHS } from '../../render/model';
import { expectedIpvsSave } from '../../render/ipvsadm';
import type { ApplyOptions, StepEvent } from '../../director/apply';
import type { ApplyRunDto } from '../../schemas/apply';
import type { Director } from '../generated/prisma/client';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';
import { failInterruptedApplies } from './recovery';
import { finishRun, getApplyRun, stepReporter } from './runs';
import { preparePush, type PreparedPush } from './push';

export interface StartedApply {
  id: string;
  done: Promise<ApplyRunDto>;
}

export type ApplyArgs = {
  comment: string;
  actor: string;
  /** The cluster whose directors and configuration are applied (`default` unless told); no other is contacted. */
  clusterId?: string;
  options?: ApplyOptions;
  onStep?: (director: string, e: StepEvent) => void;
};

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
    const run = await getDb().applyRun.create({ data: { actor: args.actor, comment: plan.comment, clusterId: plan.clusterId } });
    return { id: run.id, done: runApply(lease, run.id, plan, args) };
  } catch (err) {
    await lease.release();
    throw err;
  }
}

type ApplyPlan = Awaited<ReturnType<typeof planApply>>;

/** What an apply will push: the directors (secondary first), the rendering and what the kernels must hold. */
async function planApply(args: ApplyArgs) {
  const clusterId = args.clusterId ?? DEFAULT_CLUSTER_ID;
  const directors = await getDb().director.findMany({ where: { clusterId } });
  if (!directors.length)
    throw new AppError(
      'BAD_REQUEST',
      clusterId === DEFAULT_CLUSTER_ID
        ? 'There is no director to apply to: add one under Local Configuration > Directors.'
        : `Cluster ${clusterId} has no director to apply to: add one with its clusterId (POST /api/v1/directors).`,
    );
  const unpinned = directors.filter((d) => !d.hostKeyFingerprint);
  if (unpinned.length) {
    throw new AppError(
      'BAD_REQUEST',
      `Confirm the host key of ${unpinned.map((d) => d.name).join(' and ')} first (Local Configuration > Directors > Test connection).`,
    );
  }
  const { input, rendered, hash, version } = await currentRendering(clusterId);
  const checkScripts = input.services.flatMap((s) =>
    s.healthCheck.type === 'external' && s.healthCheck.command ? [s.healthCheck.command] : [],
  );
  return {
    clusterId,
    comment: String(args.comment ?? '').slice(0, 500),
    // Secondary first: if the push fails there, the primary, which carries the traffic, is untouched.
    order: [...directors].sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name) : a.role === 'secondary' ? -1 : 1)),
    rendered,
    hash,
    version,
    expected: expectedIpvsSave(input.services, input.settings),
    // Drain / halt live in state files that every apply writes as the database has them.
    options: { ...args.options, checkScripts, stateFiles: renderStateFiles(input.services) } satisfies ApplyOptions,
    snapshot: await exportConfiguration(clusterId),
    settings: input.settings,
  };
}

/** Pushes to every director and records the revision; whatever happens, the run ends and the lock is released. */
async function runApply(lease: HeldLease, runId: string, plan: ApplyPlan, args: ApplyArgs): Promise<ApplyRunDto> {
  let failure: string | null = null;
  let revisionId: string | null = null;
  const skipped: string[] = [];
  try {
    const seq = { n: 0 };
    const { keep, installOrder, firstStart } = await pairPlan(plan.order);
    // Prepared at once on every director (staged, tested, previous files kept: nothing they run changes),
    // so a configuration that either director refuses changes neither; then installed one at a time.
    const prepared = await Promise.allSettled(
      plan.order.map((d) =>
        preparePush({
          director: d,
          artefacts: plan.rendered.directors[d.name],
          expected: plan.expected,
          hash: plan.hash,
          options: plan.options,
          report: stepReporter(runId, d.id, seq, (e) => args.onStep?.(d.name, e)),
          skipUnreachable: plan.order.length > 1,
        }),
      ),
    );
    const ready = new Map<string, PreparedPush>();
    const refused: string[] = [];
    for (const r of prepared) {
      if (r.status === 'rejected') refused.push(r.reason instanceof Error ? r.reason.message : String(r.reason));
      else if (r.value.status === 'skipped') skipped.push(r.value.text);
      else ready.set(r.value.push.director.id, r.value.push);
    }
    let applied = 0;
    // The standby is held in FAULT (vrrp.yield, recorded first, so that a console stopped half-way has it
    // undone) until the active director has been reloaded, when it would otherwise take the floating IPs:
    // a new VRRP version or (v2) advert interval, which the two disagree on until both have it, or
    // sub-second adverts, which the active one's VRRP process stops sending while it re-reads a large
    // configuration (measured: 1,000 x 10 at 0.2 s moved the floating IPs once without it).
    const hold = keep && (advertOf(plan.settings).interval < 1 || (await advertChanges(plan)));
    const held = hold ? installOrder.filter((d) => d.name !== keep && ready.has(d.id)) : [];
    try {
      if (refused.length) throw new Error(refused.join(' '));
      for (const d of held) await yieldDirector(d);
      if (held.length) await holdReport(runId, seq, held, keep!);
      for (const d of installOrder) {
        const push = ready.get(d.id);
        if (!push) continue;
        await push.install();
        applied++;
      }
      for (const d of held) await unyieldDirector(d);
    } catch (err) {
      for (const d of held) await unyieldDirector(d);
      const why = `Not installed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
      await Promise.all([...ready.values()].map((p) => p.abandon(why)));
      throw err;
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
        clusterId: plan.clusterId,
      },
    });
    revisionId = revision.id;
    if (keep && !skipped.length) await keepActive(runId, seq, keep, plan.order, firstStart);
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
 * Who is active before the apply, to keep it so (an apply must not move the floating IPs), and the order
 * of the installs: the directors that do not hold the floating IPs first, the active one last (if the
 * install fails before it, the director that carries the traffic is untouched); a single director or an
 * unknown pair, the secondary first. On a pair's first start (no keepalived running) the primary is
 * installed first, so that it wins the first election (both start as BACKUP with nopreempt) and no move
 * is needed.
 */
async function pairPlan(order: Director[]): Promise<{ keep: string | null; installOrder: Director[]; firstStart?: boolean }> {
  const pair = order.length > 1 ? await readPair(order).catch(() => null) : null;
  if (!pair?.floatingIps.length) return { keep: null, installOrder: order };
  const last = (name: string) => [...order.filter((d) => d.name !== name), ...order.filter((d) => d.name === name)];
  // The active director: the one holding every floating IP, or, when this apply adds floating IPs that
  // nobody holds yet, the only one in MASTER.
  const masters = pair.views.filter((v) => v.view?.state === 'MASTER');
  const active = pair.active ?? (masters.length === 1 ? masters[0].director.name : null);
  if (active) return { keep: active, installOrder: last(active) };
  if (pair.views.some((v) => v.view?.running)) return { keep: null, installOrder: order };
  const primary = order.find((d) => d.role === 'primary');
  if (!primary) return { keep: null, installOrder: order };
  return { keep: primary.name, installOrder: [primary, ...order.filter((d) => d !== primary)], firstStart: true };
}

/**
 * After an apply of the pair: the director that was active before is active again (a first start can
 * hand the floating IPs to whichever director started keepalived first). Recorded as a step.
 */
async function keepActive(runId: string, seq: { n: number }, name: string, order: Director[], firstStart = false) {
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
    return report({
      name: 'keep-active',
      status: 'succeeded',
      output: `${name} holds the floating IPs${firstStart ? ' (the primary, started first)' : ', as before the apply'}.`,
    });
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

/** Whether the rendered VRRP version or advert interval differs from what a director was last given. */
async function advertChanges(plan: ApplyPlan): Promise<boolean> {
  const last = await getDb().configRevision.findFirst({
    where: { clusterId: plan.clusterId },
    orderBy: { createdAt: 'desc' },
    select: { artefacts: true },
  });
  if (!last) return false;
  const applied = JSON.parse(last.artefacts) as Record<string, Record<string, string>>;
  const advert = (conf: string | undefined) =>
    (conf ?? '')
      .split('\n')
      .filter((l) => /^\s*(version|advert_int)\s/.test(l))
      .map((l) => l.trim())
      .join(' ');
  return plan.order.some((d) => {
    const before = applied[d.name]?.[DIRECTOR_PATHS.keepalived];
    return before !== undefined && advert(before) !== advert(plan.rendered.directors[d.name]?.[DIRECTOR_PATHS.keepalived]);
  });
}

async function holdReport(runId: string, seq: { n: number }, held: Director[], keep: string) {
  const report = stepReporter(runId, null, seq);
  await report({
    name: 'hold-standby',
    status: 'succeeded',
    output: `${held.map((d) => d.name).join(' and ')} held in FAULT until ${keep} has been reloaded (a new or sub-second VRRP advert), so that it does not take the floating IPs meanwhile.`,
  });
}
