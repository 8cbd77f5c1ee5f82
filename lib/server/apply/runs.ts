// An apply run as it is recorded: one row per run, one per step as it happens, and its end (status,
// steps left running, audit event) whatever happened. Apply, revert and catch-up all record here.
import 'server-only';
import { getDb } from '../platform/db-client';
import { raiseAlert } from '../alerts/raise';
import { AppError } from '../platform/errors';
import { audit } from '../platform/audit';
import type { StepEvent } from '../../director/apply';
import type { ApplyRunDto } from '../../schemas/apply';

/** A director's state is known again (a drift check or an apply reached it). */
export const STATE_KNOWN = { stateUnknownSince: null, stateUnknownReason: null } as const;

export async function getApplyRun(id: string): Promise<ApplyRunDto> {
  const run = await getDb().applyRun.findUnique({
    where: { id },
    include: { steps: { include: { director: true }, orderBy: { seq: 'asc' } } },
  });
  if (!run) throw new AppError('NOT_FOUND', `No apply has the id ${id}.`);
  return {
    ...runSummary(run),
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

export async function listApplyRuns(take = 20, clusterId?: string): Promise<Omit<ApplyRunDto, 'steps'>[]> {
  const runs = await getDb().applyRun.findMany({ where: clusterId ? { clusterId } : {}, orderBy: { startedAt: 'desc' }, take });
  return runs.map(runSummary);
}

function runSummary(r: {
  id: string;
  clusterId: string;
  status: string;
  actor: string;
  comment: string;
  error: string | null;
  warning: string | null;
  revisionId: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}): Omit<ApplyRunDto, 'steps'> {
  return {
    id: r.id,
    clusterId: r.clusterId,
    status: r.status as ApplyRunDto['status'],
    actor: r.actor,
    comment: r.comment,
    error: r.error,
    warning: r.warning,
    revisionId: r.revisionId,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

/** The pair's own steps (not a director's): keep-active after the installs, hold-standby before them. */
type PairStep = 'keep-active' | 'hold-standby';
type RunStep = { name: StepEvent['name'] | PairStep; status: StepEvent['status'] | 'skipped'; output?: string };
export type StepReporter = ((e: RunStep) => Promise<void>) & { started: (name: string) => boolean };

/** Records a director's steps as they happen (one row per step, updated when it ends). */
export function stepReporter(runId: string, directorId: string | null, seq: { n: number }, onStep?: (e: StepEvent) => void): StepReporter {
  const db = getDb();
  const ids = new Map<string, string>();
  const report = async (e: RunStep) => {
    if (e.name !== 'keep-active' && e.name !== 'hold-standby' && e.status !== 'skipped') onStep?.(e as StepEvent);
    if (e.status === 'running') {
      const s = await db.applyStep.create({ data: { applyRunId: runId, directorId, seq: ++seq.n, name: e.name, status: 'running' } });
      ids.set(e.name, s.id);
      return;
    }
    const id = ids.get(e.name);
    const end = { status: e.status, output: e.output ?? null, finishedAt: new Date() };
    if (id) await db.applyStep.update({ where: { id }, data: end });
    else await db.applyStep.create({ data: { applyRunId: runId, directorId, seq: ++seq.n, name: e.name, ...end } });
  };
  return Object.assign(report, { started: (name: string) => ids.has(name) });
}

/**
 * Ends a run, whatever happened: its status, the steps still marked running (a report that could not
 * be written), and the audit event. If even that fails, the run is still marked failed.
 */
export async function finishRun(r: {
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
  const ok = r.failure === null;
  try {
    await db.$transaction([
      db.applyStep.updateMany({
        where: { applyRunId: r.runId, status: 'running' },
        data: { status: 'failed', output: 'This step did not finish: the apply ended here.', finishedAt: now },
      }),
      db.applyRun.update({
        where: { id: r.runId },
        data: ok
          ? { status: 'succeeded', revisionId: r.revisionId, warning: r.warning ?? null, finishedAt: now }
          : { status: 'failed', error: r.failure, finishedAt: now },
      }),
      ok
        ? audit(db, {
            actor: r.actor,
            action: 'apply',
            objectType: 'ConfigRevision',
            objectId: r.revisionId,
            after: { comment: r.comment, directors: r.directors, ...(r.warning ? { warning: r.warning } : {}) },
          })
        : audit(db, {
            actor: r.actor,
            action: 'apply-failed',
            objectType: 'ApplyRun',
            objectId: r.runId,
            after: { comment: r.comment, error: r.failure },
          }),
    ]);
    // A failed apply is news; a failed catch-up is retried by itself (it is reported when it keeps failing).
    if (!ok && !r.comment.startsWith('catch-up:'))
      await raiseAlert({
        key: `apply:${r.runId}`,
        kind: 'apply',
        to: 'failed',
        text: `An apply by ${r.actor} failed: ${r.failure}`,
        facts: { actor: r.actor, ...(r.comment ? { comment: r.comment } : {}), directors: r.directors.join(', ') },
        path: '/maintenance/apply',
      });
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
