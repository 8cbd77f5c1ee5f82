// One director's part of a poll, sized to its table: the read may take as long as the table needs
// (four times its last read, 10 s to 2 min), a large table reads its persistent clients every fifth
// poll, and a read that runs past its time is checked with a one-word command. A director that answers
// that is shown **slow** (with how long the read has taken), its last snapshot kept and the read left to
// finish, never unreachable; one that does not answer is unreachable and its connection made anew.
import 'server-only';
import { dropDirectorSession, withDirectorSession } from '../directors/sessions';
import { takeSnapshot, type DirectorSnapshot } from '../../director/snapshot';
import { writeStateFiles } from '../../director/live-state';
import { stateFilesToFix } from '../../render/state-files';
import type { Director } from '../generated/prisma/client';
import { pollerState as poller, type DirectorState } from './poller-state';

/** The least and the most a status read may take before the director is asked whether it still answers. */
export const READ_DEADLINE_MIN_MS = 10_000;
export const READ_DEADLINE_MAX_MS = 120_000;
/** From this many real servers on, the persistent clients (a second table dump) are read every PERSISTENT_EVERY polls. */
export const LARGE_TABLE = 1_000;
const PERSISTENT_EVERY = 5;
const PROBE_TIMEOUT_MS = 5_000;

const realServers = (s: DirectorSnapshot | null | undefined) => s?.services.reduce((n, x) => n + x.realServers.length, 0) ?? 0;

/** How long this director's read may take: four times its last read, within the bounds (LVS_STATUS_READ_MIN_SECONDS lowers the least, for tests). */
export function readDeadlineMs(st: Pick<DirectorState, 'durationMs' | 'deadlineMs'> | undefined): number {
  const least = Number(process.env.LVS_STATUS_READ_MIN_SECONDS) * 1000 || READ_DEADLINE_MIN_MS;
  const fromLast = st?.durationMs ? 4 * st.durationMs : 0;
  return Math.min(READ_DEADLINE_MAX_MS, Math.max(least, fromLast, st?.deadlineMs ?? 0));
}

/** A snapshot without persistent clients takes them from the previous one (they change slowly). */
function withPreviousPersistent(snap: DirectorSnapshot, prev: DirectorSnapshot | null | undefined): DirectorSnapshot {
  if (snap.persistentRead || !prev) return snap;
  const before = new Map(prev.services.flatMap((s) => s.realServers.map((r) => [`${s.key} ${r.address}`, r.persistentClients] as const)));
  for (const s of snap.services) for (const r of s.realServers) r.persistentClients = before.get(`${s.key} ${r.address}`) ?? 0;
  return snap;
}

/** Reads one director; the leader also puts back state files that differ from the database's. */
export async function readDirector(d: Director, desired: Record<string, string>, leaderJobs: boolean): Promise<void> {
  const prev = poller.states.get(d.id);
  const deadline = readDeadlineMs(prev);
  const reads = (prev?.reads ?? 0) + 1;
  const persistent = realServers(prev?.snapshot) < LARGE_TABLE || reads % PERSISTENT_EVERY === 1;
  const t0 = Date.now();
  // A read still running from the last poll (a slow director) is awaited, not started again.
  const read =
    prev?.inflight ??
    withDirectorSession(d, async (conn) => {
      const s = withPreviousPersistent(await takeSnapshot(conn, { timeoutMs: READ_DEADLINE_MAX_MS, persistent }), prev?.snapshot);
      const differ = leaderJobs ? stateFilesToFix(desired, s.stateFiles) : {};
      if (!Object.keys(differ).length) return s;
      await writeStateFiles(conn, differ);
      const stateFiles = { ...s.stateFiles };
      for (const [f, v] of Object.entries(differ)) {
        if (v === null) delete stateFiles[f];
        else stateFiles[f] = v;
      }
      return { ...s, stateFiles };
    });
  const started = prev?.inflight ? (prev.inflightSince ?? t0) : t0;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deadline)));
  try {
    const snap = await Promise.race([read, late]);
    if (snap !== 'late') {
      const durationMs = Date.now() - started;
      poller.states.set(d.id, { snapshot: snap, error: null, reachable: true, polledAt: Date.now(), durationMs, reads, slowSeconds: null });
      return;
    }
    // Past its time: does the director still answer at all?
    const answers = await withDirectorSession(d, (conn) => conn.exec('echo ok', { timeoutMs: PROBE_TIMEOUT_MS }))
      .then((r) => r.stdout.trim() === 'ok')
      .catch(() => false);
    if (!answers) throw new Error(`${d.name} did not answer the status read within ${deadline / 1000} s, nor a check after it.`);
    read.catch(() => undefined); // a read that fails later is seen by the poll that awaits it
    poller.states.set(d.id, {
      snapshot: prev?.snapshot ?? null,
      error: null,
      reachable: true,
      polledAt: Date.now(),
      durationMs: prev?.durationMs,
      deadlineMs: Math.min(READ_DEADLINE_MAX_MS, 2 * deadline),
      reads,
      slowSeconds: Math.round((Date.now() - started) / 1000),
      inflight: read,
      inflightSince: started,
    });
  } catch (err) {
    dropDirectorSession(d.id);
    const error = err instanceof Error ? err.message : String(err);
    poller.states.set(d.id, { snapshot: prev?.snapshot ?? null, error, reachable: false, polledAt: Date.now(), reads, slowSeconds: null });
  } finally {
    clearTimeout(timer);
  }
}

/** How long the next poll waits: the base interval, or longer while a director's read takes longer than that. */
export function nextPollDelayMs(base: number): number {
  const slowest = Math.max(0, ...[...poller.states.values()].map((s) => s.durationMs ?? 0));
  return Math.max(base, Math.round(1.5 * slowest));
}

/** The longest a whole poll may hold the poller: the longest director deadline, and a probe after it. */
export function pollDeadlineMs(): number {
  return Math.max(20_000, ...[...poller.states.values()].map((s) => readDeadlineMs(s) + PROBE_TIMEOUT_MS + 5_000));
}
