// What the poller has seen, shared by the poller, the overview it builds and the pair's banners: the last
// read of each director. One per process (Next.js may load these modules from several bundles).
import 'server-only';
import type { DirectorSnapshot } from '../../director/snapshot';

/** How often the poller reads each director (and how often the page asks for the snapshot). */
export const OVERVIEW_POLL_INTERVAL_MS = 2_000;

export interface DirectorState {
  snapshot: DirectorSnapshot | null;
  error: string | null;
  reachable: boolean;
  /** When this director was last polled (answered or not). */
  polledAt: number;
  /** How long its last good read took. */
  durationMs?: number;
  /** How long its next read may take (raised while it is slow). */
  deadlineMs?: number;
  /** Reads so far (a large table reads its persistent clients every few). */
  reads?: number;
  /** Its read runs past its time while it answers: how long it has taken so far, in seconds. */
  slowSeconds?: number | null;
  /** That read, still running: the next poll waits for it rather than starting another. */
  inflight?: Promise<DirectorSnapshot>;
  inflightSince?: number;
}

export interface PollerState {
  timer: NodeJS.Timeout | null;
  /** Running halt-when-idle jobs: the poller keeps going while there are any, viewers or not. */
  haltJobs: number;
  lastAsked: number;
  running: Promise<void> | null;
  states: Map<string, DirectorState>;
  /** Raised after every poll: an overview built for this generation and configuration version is reused. */
  generation?: number;
}

const processWide = globalThis as unknown as { lvsOverviewPoller?: PollerState };
export const pollerState: PollerState = (processWide.lvsOverviewPoller ??= {
  timer: null,
  haltJobs: 0,
  lastAsked: 0,
  running: null,
  states: new Map(),
});

/** A director's last good snapshot, if its last poll reached it. */
export function reachedSnapshot(id: string): DirectorSnapshot | null {
  const st = pollerState.states.get(id);
  return st?.reachable ? st.snapshot : null;
}
