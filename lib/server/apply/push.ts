// One director brought to a rendering: the same steps for an apply and a catch-up (connect, then the
// pipeline of lib/director/apply: staging, config-test, swap, reload, kernel read-back), and the
// director's bookkeeping: the revision it runs, its last apply, and "state unknown" when the connection
// was lost after its files were swapped.
import 'server-only';
import { getDb } from '../platform/db-client';
import { openDirectorConnection } from '../directors/connect';
import { ApplyStepError, discardPrepared, installOnDirector, prepareDirector, type ApplyOptions } from '../../director/apply';
import { DirectorError } from '../../director/errors';
import type { DirectorConnection } from '../../director/transport';
import type { RenderedConfiguration } from '../../render';
import type { Director } from '../generated/prisma/client';
import { STATE_KNOWN, type StepReporter } from './runs';

export interface PushTarget {
  director: Director;
  /** The director's files (path -> text) and the kernel table they must produce. */
  artefacts: RenderedConfiguration['directors'][string];
  expected: string[];
  /** The revision's hash, recorded as what the director runs once the push succeeded. */
  hash: string;
  options: ApplyOptions;
  report: StepReporter;
  /** A director that cannot be reached is skipped (recorded as behind) instead of failing: one of a pair. */
  skipUnreachable: boolean;
}

/** Applied, or skipped (unreachable, one of a pair) with why. A failure throws, naming the director. */
export type PushOutcome = { status: 'applied' } | { status: 'skipped'; text: string };

/** A director whose files are staged and tested, on an open connection: install it, or abandon it. */
export interface PreparedPush {
  director: Director;
  /** The swap, reload and kernel read-back; records the director's revision. Throws, naming the director. */
  install: () => Promise<void>;
  /** Not installed after all (`why`: its peer failed): the staged files removed, the step recorded as skipped. */
  abandon: (why: string) => Promise<void>;
}

export type PrepareOutcome = { status: 'prepared'; push: PreparedPush } | { status: 'skipped'; text: string };

/** One director from connect to verify. */
export async function pushToDirector(t: PushTarget): Promise<PushOutcome> {
  const prepared = await preparePush(t);
  if (prepared.status === 'skipped') return prepared;
  await prepared.push.install();
  return { status: 'applied' };
}

/** Connect, upload, config-test, nft-check and backup: nothing the director runs has changed yet. */
export async function preparePush(t: PushTarget): Promise<PrepareOutcome> {
  const db = getDb();
  const d = t.director;
  let conn: DirectorConnection | undefined;
  try {
    await t.report({ name: 'connect', status: 'running' });
    try {
      conn = await openDirectorConnection(d);
    } catch (err) {
      // One director of a pair cannot be reached: the other carries the traffic and must stay changeable
      // (an incident is exactly when). It is marked behind and caught up later.
      if (t.skipUnreachable && err instanceof DirectorError && ['unreachable', 'timeout', 'dropped'].includes(err.reason)) {
        const text = `${d.name} could not be reached (${err.message}); it was skipped and is behind until it is brought up to date.`;
        await t.report({ name: 'connect', status: 'skipped', output: text });
        await db.director.update({
          where: { id: d.id },
          data: { lastApplyStatus: 'failed', lastApplyAt: new Date(), lastApplyError: text },
        });
        return { status: 'skipped', text };
      }
      throw err;
    }
    await t.report({ name: 'connect', status: 'succeeded', output: `connected to ${d.user}@${d.host}:${d.port} (${conn.fingerprint})` });
    await prepareDirector(conn, t.artefacts, t.report, t.options);
  } catch (err) {
    conn?.close();
    throw await recordFailure(t, err);
  }
  const open = conn;
  let settled = false;
  return {
    status: 'prepared',
    push: {
      director: d,
      install: async () => {
        if (settled) throw new Error(`${d.name} was already installed or abandoned.`);
        settled = true;
        try {
          await installOnDirector(open, t.artefacts, t.expected, t.report, t.options);
          const now = new Date();
          await db.director.update({
            where: { id: d.id },
            data: {
              lastApplyStatus: 'succeeded',
              lastApplyAt: now,
              lastApplyError: null,
              appliedHash: t.hash,
              appliedAt: now,
              ...STATE_KNOWN,
            },
          });
        } catch (err) {
          throw await recordFailure(t, err);
        } finally {
          open.close();
        }
      },
      abandon: async (why) => {
        if (settled) return;
        settled = true;
        try {
          await discardPrepared(open, t.artefacts).catch(() => undefined);
          await t.report({
            name: 'install',
            status: 'skipped',
            output: `${why} ${d.name} was not changed: it runs its previous configuration.`,
          });
        } finally {
          open.close();
        }
      },
    },
  };
}

/** The director's last apply recorded as failed (state unknown when the outcome is); the error to throw, naming it. */
async function recordFailure(t: PushTarget, err: unknown): Promise<Error> {
  const d = t.director;
  const message = err instanceof Error ? err.message : String(err);
  if (!t.report.started('upload')) await t.report({ name: 'connect', status: 'failed', output: message }).catch(() => undefined);
  const outcome = err instanceof ApplyStepError ? err.outcome : 'unchanged';
  const text = `${d.name}: ${message}${outcome === 'rolled-back' ? ' The previous configuration was restored.' : ''}`;
  await getDb()
    .director.update({
      where: { id: d.id },
      data: {
        lastApplyStatus: 'failed',
        lastApplyAt: new Date(),
        lastApplyError: text,
        ...(outcome === 'unknown' ? { stateUnknownSince: new Date(), stateUnknownReason: text } : {}),
      },
    })
    .catch((e) => console.error('[lvs-console] could not record the failed push to', d.name, e));
  return new Error(text, { cause: err });
}
