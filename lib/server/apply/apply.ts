// Apply: render the configuration, push it to every director (secondary first), prove it in the
// kernel, and store the revision. One apply at a time; every step is stored as it happens.
import 'server-only';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import {
  cachedRendering,
  configVersion,
  currentRendering,
  exportConfiguration,
  importConfiguration,
  loadRenderInput,
} from '../config/configuration';
import { diffRenderings, type FileDiff } from '../../render/diff';
import { readDrift, reconcileCommands, type DriftReport } from '../../director/drift';
import { isArtefactPath } from '../../director/remote-path';
import { renderStateFiles, stateKey } from '../../render/state-files';
import { writeStateFiles } from '../../director/live-state';
import { validateConfigDocument } from '../../schemas/config-document';
import { toRenderInput } from '../../render';
import type { RenderedConfiguration } from '../../render';
import { expectedIpvsSave } from '../../render/ipvsadm';
import { getConsoleKey } from '../directors/console-key';
import { DirectorConnection } from '../../director/transport';
import { applyToDirector, ApplyStepError, type ApplyOptions, type StepEvent } from '../../director/apply';
import { directorTarget } from '../directors/directors';
import { DirectorError } from '../../director/errors';
import { isBehind, moveFloatingIps, readPair } from '../ha/ha';
import { directorsBusy, tryAcquireLease, withDirectorsLock, type HeldLease } from '../platform/lease';
import { failInterruptedApplies } from './recovery';
import { withDirectorSession } from '../directors/sessions';
import type { Director } from '../generated/prisma/client';

export interface ApplyStepDto {
  director: string | null;
  seq: number;
  name: string;
  status: string;
  output: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface ApplyRunDto {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  actor: string;
  comment: string;
  error: string | null;
  /** Succeeded, but not everywhere: a director of the pair was unreachable and is behind. */
  warning: string | null;
  revisionId: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  steps: ApplyStepDto[];
}

export async function getApplyRun(id: string): Promise<ApplyRunDto> {
  const run = await getDb().applyRun.findUnique({
    where: { id },
    include: { steps: { include: { director: true }, orderBy: { seq: 'asc' } } },
  });
  if (!run) throw new AppError('NOT_FOUND', `No apply has the id ${id}.`);
  return {
    id: run.id,
    status: run.status as ApplyRunDto['status'],
    actor: run.actor,
    comment: run.comment,
    error: run.error,
    warning: run.warning,
    revisionId: run.revisionId,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    steps: run.steps.map((s) => ({
      director: s.director?.name ?? null,
      seq: s.seq,
      name: s.name,
      status: s.status,
      output: s.output,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
    })),
  };
}

export async function listApplyRuns(take = 20): Promise<Omit<ApplyRunDto, 'steps'>[]> {
  const runs = await getDb().applyRun.findMany({ orderBy: { startedAt: 'desc' }, take });
  return runs.map((r) => ({
    id: r.id,
    status: r.status as ApplyRunDto['status'],
    actor: r.actor,
    comment: r.comment,
    error: r.error,
    warning: r.warning,
    revisionId: r.revisionId,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  }));
}

export async function listRevisions(take = 50) {
  return getDb().configRevision.findMany({
    orderBy: { createdAt: 'desc' },
    take,
    select: { id: true, hash: true, actor: true, comment: true, createdAt: true },
  });
}

export interface PendingState {
  pending: boolean;
  lastRevision: { id: string; createdAt: Date; actor: string; comment: string } | null;
  directors: number;
  /** Directors whose state is unknown since an apply lost them after swapping files. */
  stateUnknown: { name: string; since: Date }[];
  /** Directors that missed an apply (unreachable at the time) and do not run the last revision yet. */
  behind: { name: string; since: Date | null; catchUp: { failures: number; nextAt: Date | null; error: string | null } | null }[];
  /**
   * False when the configuration changed since the last apply but was not yet compared with it (the
   * banner renders nothing; the Apply page compares): `pending` is then true.
   */
  compared: boolean;
}

/** The hash of what the configuration renders to now (rendered again only when the configuration changed). */
export async function currentConfigurationHash(): Promise<string> {
  return (await currentRendering()).hash;
}

/**
 * Whether the configuration differs from what was last applied successfully. `exact` compares what it
 * renders to with the last revision (the Apply page, the API). Without it (every page's banner), nothing
 * is rendered: the configuration's version is compared with the one the last revision was rendered from,
 * and a changed version counts as pending unless the current rendering is already known (a change that
 * was undone then shows until the Apply page has compared them).
 */
export async function pendingChanges(opts: { exact?: boolean } = {}): Promise<PendingState> {
  const db = getDb();
  const [last, directors, version] = await Promise.all([
    db.configRevision.findFirst({
      orderBy: { createdAt: 'desc' },
      select: { id: true, hash: true, configVersion: true, createdAt: true, actor: true, comment: true },
    }),
    db.director.findMany({
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
    configVersion(),
  ]);
  let pending: boolean;
  let compared = true;
  if (!last)
    pending = true; // never applied
  else if (opts.exact ?? true) pending = (await currentRendering()).hash !== last.hash;
  else if (last?.configVersion != null && last.configVersion === version) pending = false;
  else {
    const known = await cachedRendering();
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

export interface StartedApply {
  id: string;
  done: Promise<ApplyRunDto>;
}

type ApplyArgs = { comment: string; actor: string; options?: ApplyOptions; onStep?: (director: string, e: StepEvent) => void };

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
async function beginApply(lease: HeldLease, args: ApplyArgs): Promise<StartedApply> {
  try {
    return await runApply(lease, args);
  } catch (err) {
    await lease.release();
    throw err;
  }
}

async function runApply(lease: HeldLease, args: ApplyArgs): Promise<StartedApply> {
  const db = getDb();
  const comment = String(args.comment ?? '').slice(0, 500);
  const directors = await db.director.findMany();
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
  const expected = expectedIpvsSave(input.services);
  // Drain / halt live in state files that every apply writes as the database has them.
  const stateFiles = renderStateFiles(input.services);
  const checkScripts = input.services.flatMap((s) =>
    s.healthCheck.type === 'external' && s.healthCheck.command ? [s.healthCheck.command] : [],
  );
  const snapshot = await exportConfiguration();

  // Holding the lock, a run still marked running was left by a console that stopped: say so first.
  await failInterruptedApplies(lease);
  const run = await db.applyRun.create({ data: { actor: args.actor, comment } });

  // Secondary first: if the push fails there, the primary, which carries the traffic, is untouched.
  const order = [...directors].sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name) : a.role === 'secondary' ? -1 : 1));
  const done = (async (): Promise<ApplyRunDto> => {
    // From here on, whatever happens, the run ends (finally below): a run left "running" would refuse
    // every later apply until the console restarts.
    let failure: string | null = null;
    let revisionId: string | null = null;
    const skipped: string[] = [];
    try {
      const key = await getConsoleKey();
      const seq = { n: 0 };
      // Who is active before: an apply must not move the floating IPs (after the first apply of a
      // pair, which starts keepalived on the secondary first, the primary is made active).
      const pair = order.length > 1 ? await readPair(order).catch(() => null) : null;
      const keep = pair?.floatingIps.length
        ? (pair.active ?? (pair.views.some((v) => v.view?.running) ? null : (order.find((d) => d.role === 'primary')?.name ?? null)))
        : null;
      const applied: Director[] = [];
      for (const d of order) {
        const report = stepReporter(run.id, d.id, seq, (e) => args.onStep?.(d.name, e));
        let conn: DirectorConnection | undefined;
        try {
          await report({ name: 'connect', status: 'running' });
          try {
            conn = await DirectorConnection.connect(directorTarget(d), key.privateKey);
          } catch (err) {
            // One director of a pair cannot be reached: the other carries the traffic and must stay
            // changeable (an incident is exactly when). It is marked behind and caught up later.
            if (
              order.length > 1 &&
              err instanceof DirectorError &&
              (err.reason === 'unreachable' || err.reason === 'timeout' || err.reason === 'dropped')
            ) {
              const text = `${d.name} could not be reached (${err.message}); it was skipped and is behind until it is brought up to date.`;
              await report({ name: 'connect', status: 'skipped', output: text });
              await db.director.update({
                where: { id: d.id },
                data: { lastApplyStatus: 'failed', lastApplyAt: new Date(), lastApplyError: text },
              });
              skipped.push(text);
              continue;
            }
            throw err;
          }
          await report({
            name: 'connect',
            status: 'succeeded',
            output: `connected to ${d.user}@${d.host}:${d.port} (${conn.fingerprint})`,
          });
          await applyToDirector(conn, rendered.directors[d.name], expected, report, { ...args.options, checkScripts, stateFiles });
          await db.director.update({
            where: { id: d.id },
            data: {
              lastApplyStatus: 'succeeded',
              lastApplyAt: new Date(),
              lastApplyError: null,
              appliedHash: hash,
              appliedAt: new Date(),
              ...STATE_KNOWN,
            },
          });
          applied.push(d);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          if (!report.started('upload')) await report({ name: 'connect', status: 'failed', output: message }).catch(() => undefined);
          const outcome = err instanceof ApplyStepError ? err.outcome : 'unchanged';
          const text = `${d.name}: ${message}${outcome === 'rolled-back' ? ' The previous configuration was restored.' : ''}`;
          await db.director.update({
            where: { id: d.id },
            data: {
              lastApplyStatus: 'failed',
              lastApplyAt: new Date(),
              lastApplyError: text,
              ...(outcome === 'unknown' ? { stateUnknownSince: new Date(), stateUnknownReason: text } : {}),
            },
          });
          throw new Error(text, { cause: err });
        } finally {
          conn?.close();
        }
      }
      if (!applied.length) throw new Error(`No director could be reached: ${skipped.join(' ')}`);
      const revision = await db.configRevision.create({
        data: {
          hash,
          configVersion: version ?? null,
          artefacts: JSON.stringify(rendered.directors),
          snapshot: JSON.stringify(snapshot),
          actor: args.actor,
          comment,
        },
      });
      revisionId = revision.id;
      if (keep && applied.length === order.length) await keepActive(run.id, seq, keep, order);
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
    } finally {
      await finishRun({
        runId: run.id,
        actor: args.actor,
        comment,
        failure,
        warning: skipped.length ? skipped.join(' ') : null,
        revisionId,
        directors: order.map((d) => d.name),
      });
      await lease.release();
    }
    return getApplyRun(run.id);
  })();
  return { id: run.id, done };
}

/** Records a director's steps as they happen (one row per step, updated when it ends). */
type RunStep = { name: StepEvent['name'] | 'keep-active'; status: StepEvent['status'] | 'skipped'; output?: string };

function stepReporter(runId: string, directorId: string | null, seq: { n: number }, onStep?: (e: StepEvent) => void) {
  const db = getDb();
  const ids = new Map<string, string>();
  const report = async (e: RunStep) => {
    if (e.name !== 'keep-active' && e.status !== 'skipped') onStep?.(e as StepEvent);
    if (e.status === 'running') {
      const s = await db.applyStep.create({ data: { applyRunId: runId, directorId, seq: ++seq.n, name: e.name, status: 'running' } });
      ids.set(e.name, s.id);
    } else {
      const id = ids.get(e.name);
      if (id) await db.applyStep.update({ where: { id }, data: { status: e.status, output: e.output ?? null, finishedAt: new Date() } });
      else
        await db.applyStep.create({
          data: {
            applyRunId: runId,
            directorId,
            seq: ++seq.n,
            name: e.name,
            status: e.status,
            output: e.output ?? null,
            finishedAt: new Date(),
          },
        });
    }
  };
  return Object.assign(report, { started: (name: string) => ids.has(name) });
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
  try {
    const target = order.find((d) => d.name === name)!;
    // The apply holds the directors lock: the move runs under it.
    const r = await moveFloatingIps({ id: target.id, actor: 'apply' });
    await report({
      name: 'keep-active',
      status: 'succeeded',
      output: `${pair.active ?? 'no director'} had the floating IPs after the apply; ${name} was made active again in ${(r.ms / 1000).toFixed(1)} s.`,
    });
  } catch (err) {
    // The configuration is applied; only the choice of the active director failed. Say so, do not fail.
    await report({
      name: 'keep-active',
      status: 'failed',
      output: `${pair.active ?? 'no director'} holds the floating IPs; making ${name} active again failed: ${err instanceof Error ? err.message : String(err)} Use Make this director active.`,
    });
  }
}

const STATE_KNOWN = { stateUnknownSince: null, stateUnknownReason: null } as const;

/**
 * Ends a run, whatever happened: its status, the steps still marked running (a report that could not
 * be written), and the audit event. If even that fails, the run is still marked failed.
 */
async function finishRun(r: {
  runId: string;
  actor: string;
  comment: string;
  failure: string | null;
  warning?: string | null;
  revisionId: string | null;
  directors: string[];
}) {
  const db = getDb();
  const now = new Date();
  try {
    await db.$transaction([
      db.applyStep.updateMany({
        where: { applyRunId: r.runId, status: 'running' },
        data: { status: 'failed', output: 'This step did not finish: the apply ended here.', finishedAt: now },
      }),
      r.failure === null
        ? db.applyRun.update({
            where: { id: r.runId },
            data: { status: 'succeeded', revisionId: r.revisionId, warning: r.warning ?? null, finishedAt: now },
          })
        : db.applyRun.update({ where: { id: r.runId }, data: { status: 'failed', error: r.failure, finishedAt: now } }),
      r.failure === null
        ? db.auditEvent.create({
            data: {
              actor: r.actor,
              action: 'apply',
              objectType: 'ConfigRevision',
              objectId: r.revisionId,
              after: JSON.stringify({ comment: r.comment, directors: r.directors, ...(r.warning ? { warning: r.warning } : {}) }),
            },
          })
        : db.auditEvent.create({
            data: {
              actor: r.actor,
              action: 'apply-failed',
              objectType: 'ApplyRun',
              objectId: r.runId,
              after: JSON.stringify({ comment: r.comment, error: r.failure }),
            },
          }),
    ]);
  } catch (err) {
    console.error('[lvs-console] could not record the end of apply', r.runId, err);
    await db.applyRun
      .update({
        where: { id: r.runId },
        data: { status: 'failed', error: r.failure ?? 'The apply could not be recorded; check the server log.', finishedAt: now },
      })
      .catch(() => undefined);
  }
}

/** What an apply would change now: the current rendering against the last applied revision. */
export async function previewApply(): Promise<{ diffs: FileDiff[]; lastRevisionId: string | null }> {
  const db = getDb();
  const last = await db.configRevision.findFirst({ orderBy: { createdAt: 'desc' } });
  const now = (await currentRendering()).rendered;
  const before = last ? (JSON.parse(last.artefacts) as RenderedConfiguration['directors']) : {};
  return { diffs: diffRenderings(before, now.directors), lastRevisionId: last?.id ?? null };
}

/** Two revisions compared, file by file. */
export async function compareRevisions(fromId: string, toId: string): Promise<FileDiff[]> {
  const db = getDb();
  const [a, b] = await Promise.all([
    db.configRevision.findUnique({ where: { id: fromId } }),
    db.configRevision.findUnique({ where: { id: toId } }),
  ]);
  if (!a || !b) throw new AppError('NOT_FOUND', 'One of the revisions does not exist.');
  return diffRenderings(JSON.parse(a.artefacts), JSON.parse(b.artefacts));
}

/**
 * "Revert to this revision": the database takes that revision's configuration back (as an import,
 * audited), then it is applied like any other change.
 */
export async function revertToRevision(args: { id: string; actor: string; options?: ApplyOptions }): Promise<StartedApply> {
  const rev = await getDb().configRevision.findUnique({ where: { id: args.id } });
  if (!rev) throw new AppError('NOT_FOUND', `No revision has the id ${args.id}.`);
  // The lock first: a revert that cannot be applied now must not revert the database.
  const got = await tryAcquireLease('directors', { what: 'a revert', actor: args.actor });
  if ('busy' in got) throw directorsBusy(got.busy);
  try {
    const snapshot = JSON.parse(rev.snapshot) as { directors?: { name: string }[] };
    // Directors keep their current SSH details (ports and pinned keys may have changed since).
    const current = await exportConfiguration();
    await importConfiguration({ document: { ...snapshot, directors: current.directors }, actor: args.actor });
  } catch (err) {
    await got.lease.release();
    throw err;
  }
  return beginApply(got.lease, {
    comment: `revert to revision of ${rev.createdAt.toISOString()}${rev.comment ? ` (${rev.comment})` : ''}`,
    actor: args.actor,
    options: args.options,
  });
}

async function lastRevisionFor(directorName: string) {
  const rev = await getDb().configRevision.findFirst({ orderBy: { createdAt: 'desc' } });
  if (!rev) throw new AppError('BAD_REQUEST', 'Nothing has been applied yet, so there is nothing to compare with.');
  const artefacts = (JSON.parse(rev.artefacts) as RenderedConfiguration['directors'])[directorName];
  if (!artefacts) throw new AppError('BAD_REQUEST', `The last applied revision has no files for ${directorName}: apply again.`);
  // Stored paths go into commands on the director: only the console's own files are accepted.
  if (!Object.keys(artefacts).every(isArtefactPath))
    throw new AppError('INTERNAL', "The last applied revision names files that are not the console's own; it is damaged. Apply again.");
  const v = validateConfigDocument(JSON.parse(rev.snapshot));
  if (!v.ok) throw new AppError('INTERNAL', 'The stored revision does not validate.');
  // Admin states change live, after the revision: the kernel should hold the ones the database has now.
  const current = await loadRenderInput();
  const states = new Map(current.services.flatMap((s) => s.realServers.map((r) => [stateKey(s, r), r.adminState] as const)));
  const services = toRenderInput(v.config).services.map((s) => ({
    ...s,
    realServers: s.realServers.map((r) => ({ ...r, adminState: states.get(stateKey(s, r)) ?? r.adminState })),
  }));
  return { rev, artefacts, expected: expectedIpvsSave(services), stateFiles: renderStateFiles(services) };
}

async function withDirector<T>(id: string, fn: (conn: DirectorConnection, name: string) => Promise<T>): Promise<T> {
  const d = await getDb().director.findUnique({ where: { id } });
  if (!d) throw new AppError('NOT_FOUND', `No director has the id ${id}.`);
  const conn = await DirectorConnection.connect(directorTarget(d), (await getConsoleKey()).privateKey);
  try {
    return await fn(conn, d.name);
  } finally {
    conn.close();
  }
}

/**
 * GET drift: the director's files and kernel table against the last applied revision. A read: it runs on
 * the director's shared connection, in the read lane (a flood of them is refused with 429, never given
 * new connections).
 */
export async function directorDrift(id: string): Promise<DriftReport & { director: string; revisionId: string }> {
  const d = await getDb().director.findUnique({ where: { id } });
  if (!d) throw new AppError('NOT_FOUND', `No director has the id ${id}.`);
  const { rev, artefacts, expected } = await lastRevisionFor(d.name);
  const report = await withDirectorSession(d, (conn) => readDrift(conn, artefacts, expected), { lane: 'read' });
  // The console has seen what the director runs: its state is known again (drifted or not).
  await getDb().director.update({ where: { id }, data: STATE_KNOWN });
  return { director: d.name, revisionId: rev.id, ...report };
}

/**
 * "Fix": puts the last revision's files back if they differ (as an apply would), then corrects the
 * kernel table entry by entry, without restarting keepalived, and checks the result.
 */
export async function fixDrift(args: { id: string; actor: string }): Promise<DriftReport & { director: string; commands: string[] }> {
  const d = await getDb().director.findUnique({ where: { id: args.id }, select: { name: true } });
  if (!d) throw new AppError('NOT_FOUND', `No director has the id ${args.id}.`);
  return withDirectorsLock(`fixing the drift of ${d.name}`, args.actor, () =>
    withDirector(args.id, async (conn, name) => {
      const { artefacts, expected, stateFiles } = await lastRevisionFor(name);
      const before = await readDrift(conn, artefacts, expected);
      const commands: string[] = [];
      if (before.files.some((f) => f.status !== 'same')) {
        await applyToDirector(conn, artefacts, expected, async () => undefined, { stateFiles });
      } else {
        const states = await writeStateFiles(conn, stateFiles);
        if (states.length) commands.push(`state files written: ${states.join(', ')}`);
      }
      const mid = await readDrift(conn, artefacts, expected);
      const fixes = reconcileCommands(mid.table.missing, mid.table.unexpected);
      for (const c of fixes) {
        const r = await conn.exec(c);
        if (r.code !== 0) throw new AppError('INTERNAL', `${name}: \`${c}\` failed: ${r.stderr.trim()}`);
        commands.push(c);
      }
      const after = await readDrift(conn, artefacts, expected);
      const clean = after.files.every((f) => f.status === 'same');
      await getDb().director.update({
        where: { id: args.id },
        data: { ...STATE_KNOWN, ...(clean ? { appliedHash: (await lastRevisionFor(name)).rev.hash, appliedAt: new Date() } : {}) },
      });
      await getDb().auditEvent.create({
        data: {
          actor: args.actor,
          action: 'fix-drift',
          objectType: 'Director',
          objectId: args.id,
          before: JSON.stringify(before),
          after: JSON.stringify({ ...after, commands }),
        },
      });
      return { director: name, commands, ...after };
    }),
  );
}

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
      data: { actor: args.actor, comment: `catch-up: ${d.name} to the revision of ${rev.createdAt.toISOString()}` },
    });
    let failure: string | null = null;
    let conn: DirectorConnection | undefined;
    const report = stepReporter(run.id, d.id, { n: 0 });
    try {
      await report({ name: 'connect', status: 'running' });
      conn = await DirectorConnection.connect(directorTarget(d), (await getConsoleKey()).privateKey);
      await report({ name: 'connect', status: 'succeeded', output: `connected to ${d.user}@${d.host}:${d.port} (${conn.fingerprint})` });
      await applyToDirector(conn, artefacts, expected, report, { stateFiles });
      await db.director.update({
        where: { id: d.id },
        data: {
          lastApplyStatus: 'succeeded',
          lastApplyAt: new Date(),
          lastApplyError: null,
          appliedHash: rev.hash,
          appliedAt: new Date(),
          catchUpFailures: 0,
          catchUpNextAt: null,
          catchUpError: null,
          ...STATE_KNOWN,
        },
      });
    } catch (err) {
      failure = `${d.name}: ${err instanceof Error ? err.message : String(err)}`;
      if (!report.started('upload')) await report({ name: 'connect', status: 'failed', output: failure }).catch(() => undefined);
      const unknown = err instanceof ApplyStepError && err.outcome === 'unknown';
      const failures = d.catchUpFailures + 1;
      await db.director
        .update({
          where: { id: d.id },
          data: {
            lastApplyStatus: 'failed',
            lastApplyAt: new Date(),
            lastApplyError: failure,
            catchUpFailures: failures,
            catchUpNextAt: new Date(Date.now() + catchUpRetryDelay(failures)),
            catchUpError: failure,
            ...(unknown ? { stateUnknownSince: new Date(), stateUnknownReason: failure } : {}),
          },
        })
        .catch((e) => console.error('[lvs-console] could not record the failed catch-up of', d.name, e));
    } finally {
      conn?.close();
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
    const last = await db.configRevision.findFirst({ orderBy: { createdAt: 'desc' }, select: { hash: true } });
    if (!last) return [];
    const now = Date.now();
    const behind = (await db.director.findMany({ where: { hostKeyFingerprint: { not: null }, stateUnknownSince: null } })).filter(
      (d) => isBehind(d, last.hash) && (opts.now || !d.catchUpNextAt || d.catchUpNextAt.getTime() <= now),
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
