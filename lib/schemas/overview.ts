// What the System Overview shows (GET /api/v1/overview, the page, the HA page, the metrics collector):
// directors, virtual services and real servers with their live state. Built by lib/server/live.
import type { OverviewQuery } from './overview-query';
import type { LastFailover } from './failover';

export type RevisionStatus = 'in-sync' | 'behind' | 'unknown';

export interface OverviewDirector {
  id: string;
  name: string;
  role: string;
  reachable: boolean;
  vrrpState: 'MASTER' | 'BACKUP' | 'FAULT' | 'STOP' | null;
  holdsFloatingIps: boolean | null;
  syncDaemon: string | null;
  keepalivedRunning: boolean | null;
  loadAverage: [number, number, number] | null;
  /** When the data shown was read (the last good snapshot); null if never. */
  takenAt: string | null;
  error: string | null;
  /** Whether it runs the last applied revision (behind: it missed an apply while unreachable). */
  revision: RevisionStatus;
  /** Why its state is unknown (an action on it did not finish, e.g. the link dropped after the swap); null when known. */
  stateUnknown?: string | null;
  /** When its VRRP state last changed (its last failover), as its notify hook recorded it. */
  vrrpSince: string | null;
  /** Held in FAULT by the console (vrrp.yield = 1): a make-active of its peer runs, or did not finish. */
  yielding: boolean;
  /** Its status read runs past its time while it answers (a large table): how long it has taken so far, in seconds. */
  slowSeconds: number | null;
  /** How long its last status read took, in seconds. */
  readSeconds: number | null;
  /** The console's catch-up of this director failed this many times in a row; it tries again at nextAt. */
  catchUp: { failures: number; nextAt: string | null; error: string | null } | null;
}

export type Health = 'up' | 'down' | 'unknown';

export interface OverviewRealServer {
  id: string;
  label: string;
  ip: string;
  port: number | null;
  adminState: 'online' | 'drain' | 'halt';
  configuredWeight: number;
  liveWeight: number | null;
  health: Health;
  activeConnections: number | null;
  inactiveConnections: number | null;
  persistentClients: number | null;
  /** The kernel's cumulative counters on the director the numbers come from (they restart at 0 when it reloads its table). */
  connectionsTotal: number | null;
  inBytes: number | null;
  outBytes: number | null;
  inPackets: number | null;
  outPackets: number | null;
  /** Directors whose state files do not say this admin state yet (unreachable, or not applied). */
  pendingOn: string[];
  /** Drained, to be halted when its connections are gone (or at the deadline). */
  haltWhenIdle: { deadline: string } | null;
}

export type ServiceState = 'up' | 'degraded' | 'down' | 'no-real-servers' | 'unknown';

export interface OverviewService {
  id: string;
  label: string;
  ip: string;
  ports: string;
  protocol: string;
  forwarding: string;
  /** Its health check in a few words (e.g. "SMTP port 25"). */
  check: string;
  state: ServiceState;
  activeConnections: number | null;
  inactiveConnections: number | null;
  /** The kernel's cumulative counters of the service on the source director (null when not read). */
  counters: { connections: number; inBytes: number; outBytes: number; inPackets: number; outPackets: number } | null;
  realServers: OverviewRealServer[];
}

export interface Overview {
  generatedAt: string;
  pollIntervalMs: number;
  /** The director whose table the numbers come from (the MASTER, else the first reachable one). */
  source: string | null;
  directors: OverviewDirector[];
  virtualServices: OverviewService[];
  /** Both directors MASTER, or a floating IP on both: what is wrong and what to check. */
  splitBrain: string | null;
  /** A pair with no director ready to take over (one FAULT, unreachable or without keepalived): what to do. */
  noStandby: string | null;
  /**
   * What drain, halt and online act on: a real server of one service, or (a table above 2,000 real
   * servers: keepalived watches one state file per address) its address in every service.
   */
  stateScope: 'service' | 'address';
  /** The pair's last failover the console saw (measured from the directors' notify timestamps), or null. */
  lastFailover: LastFailover | null;
}

export interface OverviewPage extends Overview {
  /** The query this page answers (the filter, state, sort and page it was asked for). */
  query: OverviewQuery;
  /** Services in the configuration, and how many of them are in each state (the filter's counts). */
  total: number;
  counts: Record<ServiceState, number>;
  /** Services that match the filter and state; `virtualServices` holds one page of them. */
  matching: number;
  pageSize: number;
}
