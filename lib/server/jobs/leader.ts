// Which console runs the background jobs. Two consoles on one PostgreSQL both serve pages and the API,
// but only one of them, the leader, runs what no request asks for: the poller's idle polls and what they
// drive (metrics for the graphs, halt-when-idle, state files put back, vrrp.yield reconciliation),
// catch-up of directors that are behind, and closing applies a stopped console left running. Leadership
// is the "leader" lease (lib/server/lease): renewed every 10 s, so a leader that dies is replaced within
// its 30 s lease plus one 10 s try, well within a minute; a console restarted on the same host takes it
// back at once. A console alone on its database is always the leader.
import 'server-only';
import { leaseHolder, tryAcquireLease, type HeldLease, type LeaseHolder } from '../platform/lease';

const TRY_EVERY_MS = 10_000;

interface Leadership {
  lease: HeldLease | null;
  timer: NodeJS.Timeout | null;
  listeners: (() => void)[];
}

const processWide = globalThis as unknown as { lvsLeadership?: Leadership };
const state: Leadership = (processWide.lvsLeadership ??= { lease: null, timer: null, listeners: [] });

/** Whether this process runs the background jobs now. */
export function isLeader(): boolean {
  return !!state.lease?.held();
}

/** Who leads (null: nobody, e.g. between a leader's death and its lease running out). */
export function currentLeader(): Promise<LeaseHolder | null> {
  return leaseHolder('leader');
}

async function tryToLead(): Promise<void> {
  if (state.lease?.held()) return;
  if (state.lease) {
    console.error('[lvs-console] this console lost the leadership (its lease expired); another console runs the background jobs');
    state.lease = null;
  }
  const got = await tryAcquireLease('leader', { what: 'the background jobs' });
  if ('busy' in got) return;
  state.lease = got.lease;
  console.log('[lvs-console] this console is the leader: it runs the background jobs (polling, catch-up, halt-when-idle, metrics)');
  for (const fn of state.listeners) fn();
}

/** Starts trying to lead now and every 10 s; `onLead` runs each time this console becomes the leader. */
export async function startLeaderElection(onLead: () => void): Promise<void> {
  state.listeners.push(onLead);
  if (state.timer) return;
  const attempt = () =>
    tryToLead().catch((err) => console.error('[lvs-console] the leader election failed:', err instanceof Error ? err.message : err));
  state.timer = setInterval(() => void attempt(), TRY_EVERY_MS);
  state.timer.unref();
  await attempt();
}

/** A clean stop hands the leadership over at once. */
export async function stepDown(): Promise<void> {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
  await state.lease?.release();
  state.lease = null;
}
