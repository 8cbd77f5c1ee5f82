// The System Overview built from the poller's last reads and the configuration: each director's state,
// and each virtual service and real server with health, weights and connections as the director that
// carries the traffic sees them. Nothing is contacted here.
import 'server-only';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';
import { getDb } from '../platform/db-client';
import { configurationRows } from '../config/version';
import { loadRenderInput } from '../config/rendering';
import { getLastFailover } from '../ha/last-failover';
import { revisionStatus } from '../ha/pair';
import { runningHaltWhenIdle, type HaltWhenIdleJob } from './halt-when-idle-jobs';
import { OVERVIEW_POLL_INTERVAL_MS, pollerState, reachedSnapshot } from './poller-state';
import { nextPollDelayMs } from './director-read';
import { noStandbyFrom, splitBrainFrom } from './pair-alerts';
import { serviceShape, inKernelTable } from '../../render/keepalived';
import { stateFileName, stateFromValue, stateKey, stateScope } from '../../render/state-files';
import { ipFamily } from '../../schemas/net';
import { HOST_KEY_NOT_CONFIRMED } from '../../schemas/director';
import type { DirectorSnapshot, LiveService } from '../../director/snapshot';
import type { RenderService } from '../../render/model';
import type { Director } from '../generated/prisma/client';
import type { Health, Overview, OverviewDirector, OverviewRealServer, OverviewService, ServiceState } from '../../schemas/overview';
import { describeCheck } from '../../schemas/health-check';
import { quiescentOf } from '../../render/model';
import type { ConsoleSettings } from '../../schemas/settings';

type ServiceRow = Awaited<ReturnType<typeof configurationRows>>[number];
type RealServerRow = ServiceRow['realServers'][number];

/** What every service's row needs: the directors, the traffic's director and its table, the running jobs. */
interface Sources {
  directors: Director[];
  sourceSnap: DirectorSnapshot | null;
  liveByKey: Map<string, LiveService>;
  jobs: Map<string, HaltWhenIdleJob>;
  settings: ConsoleSettings | undefined;
}

/** One cluster's System Overview (`default` unless told), from the poller's last reading. */
export async function buildOverview(clusterId: string = DEFAULT_CLUSTER_ID): Promise<Overview> {
  const db = getDb();
  const [directors, input, services, jobs] = await Promise.all([
    db.director.findMany({ where: { clusterId }, orderBy: [{ role: 'asc' }, { name: 'asc' }] }),
    loadRenderInput(clusterId),
    configurationRows(clusterId),
    runningHaltWhenIdle(),
  ]);
  const floating = input.floatingIps.map((f) => f.address);
  const lastHash = (await db.configRevision.findFirst({ where: { clusterId }, orderBy: { createdAt: 'desc' }, select: { hash: true } }))
    ?.hash;
  // The numbers come from the director that carries the traffic: the MASTER, else the first one reachable.
  const reachable = directors.filter((d) => pollerState.states.get(d.id)?.reachable);
  const source = reachable.find((d) => reachedSnapshot(d.id)?.vrrpState === 'MASTER') ?? reachable[0] ?? null;
  const sourceSnap = source ? reachedSnapshot(source.id) : null;
  const sources: Sources = {
    directors,
    sourceSnap,
    liveByKey: new Map((sourceSnap?.services ?? []).map((s) => [s.key.replace(/\s+/g, ' '), s])),
    jobs,
    settings: input.settings,
  };
  // Labels are unique: the rendered service (with its firewall mark) by label, the real servers by service, each once.
  const renderByLabel = new Map(input.services.map((s) => [s.label, s]));
  return {
    generatedAt: new Date().toISOString(),
    pollIntervalMs: nextPollDelayMs(OVERVIEW_POLL_INTERVAL_MS),
    source: source?.name ?? null,
    directors: directors.map((d) => directorView(d, floating, lastHash)),
    virtualServices: services.map((vs) => serviceView(vs, renderByLabel.get(vs.label)!, sources)),
    splitBrain: splitBrainFrom(directors, floating),
    noStandby: noStandbyFrom(directors, !!lastHash),
    stateScope: stateScope(input.services),
    lastFailover: directors.length > 1 ? await getLastFailover(clusterId) : null,
  };
}

function directorView(d: Director, floating: string[], lastHash: string | undefined): OverviewDirector {
  const st = pollerState.states.get(d.id);
  const snap = reachedSnapshot(d.id);
  return {
    id: d.id,
    name: d.name,
    role: d.role,
    reachable: !!st?.reachable,
    // Without a running keepalived the recorded VRRP state is stale: say unknown.
    vrrpState: snap && snap.keepalivedPid !== null ? snap.vrrpState : null,
    holdsFloatingIps: snap ? floating.length > 0 && floating.every((a) => snap.addresses.includes(a)) : null,
    syncDaemon: snap?.syncDaemon ?? null,
    keepalivedRunning: snap ? snap.keepalivedPid !== null : null,
    loadAverage: snap?.loadAverage ?? null,
    takenAt: st?.snapshot?.takenAt.toISOString() ?? null,
    error: !d.hostKeyFingerprint ? HOST_KEY_NOT_CONFIRMED : st ? st.error : 'Not read yet.',
    revision: revisionStatus(d, lastHash),
    stateUnknown: d.stateUnknownSince ? (d.stateUnknownReason ?? 'an action on it did not finish') : null,
    vrrpSince: snap?.vrrpSince?.toISOString() ?? null,
    yielding: snap?.yielding ?? false,
    slowSeconds: st?.reachable ? (st.slowSeconds ?? null) : null,
    readSeconds: st?.durationMs !== undefined ? Math.round(st.durationMs / 100) / 10 : null,
    catchUp:
      d.catchUpFailures > 0 ? { failures: d.catchUpFailures, nextAt: d.catchUpNextAt?.toISOString() ?? null, error: d.catchUpError } : null,
  };
}

/** How ipvsadm names a service: "FWM 1", or "TCP 192.168.98.238:443" for a single port. */
function liveKey(s: RenderService): string {
  const shape = serviceShape(s);
  if (!shape.single) return `FWM ${s.fwmark}`;
  const host = ipFamily(s.ip) === 6 ? `[${s.ip}]` : s.ip;
  return `${s.protocol === 'udp' ? 'UDP' : 'TCP'} ${host}:${shape.firstPort}`;
}

function serviceView(vs: ServiceRow, rsvc: RenderService, src: Sources): OverviewService {
  const live = src.sourceSnap ? src.liveByKey.get(liveKey(rsvc)) : undefined;
  const liveByAddress = new Map((live?.realServers ?? []).map((x) => [x.address, x]));
  const realServers = vs.realServers.map((r) => realServerView(r, rsvc, live ? liveByAddress : null, src));
  const serving = realServers.filter((r) => r.adminState !== 'halt');
  let state: ServiceState;
  if (!realServers.length) state = 'no-real-servers';
  else if (!src.sourceSnap || !live) state = 'unknown';
  else if (serving.length && serving.every((r) => r.health === 'up')) state = 'up';
  else if (serving.some((r) => r.health === 'up')) state = 'degraded';
  else state = 'down';
  const sum = (k: 'activeConnections' | 'inactiveConnections') =>
    src.sourceSnap ? realServers.reduce((n, r) => n + (r[k] ?? 0), 0) : null;
  const zero = { connections: 0, inBytes: 0, outBytes: 0, inPackets: 0, outPackets: 0 };
  return {
    id: vs.id,
    label: vs.label,
    ip: vs.ip,
    ports: vs.ports,
    protocol: vs.protocol,
    forwarding: vs.forwarding,
    check: describeCheck(rsvc.healthCheck),
    state,
    activeConnections: sum('activeConnections'),
    inactiveConnections: sum('inactiveConnections'),
    counters: live
      ? {
          connections: live.connections,
          inBytes: live.inBytes,
          outBytes: live.outBytes,
          inPackets: live.inPackets,
          outPackets: live.outPackets,
        }
      : src.sourceSnap
        ? zero
        : null,
    realServers,
  };
}

/**
 * Up while the kernel holds it, down when keepalived took it out. In a quiescent service keepalived keeps
 * a failed real server at weight 0 instead: one online with a weight that shows 0 is down; a drained or
 * halted one at 0 cannot be told from a failed one (unknown).
 */
function healthOf(
  r: RealServerRow,
  rsvc: RenderService,
  live: Map<string, LiveService['realServers'][number]> | null,
  entry: LiveService['realServers'][number] | undefined,
  src: Sources,
): Health {
  if (!src.sourceSnap || !inKernelTable(rsvc) || !live) return 'unknown';
  if (!entry) return r.adminState === 'halt' ? 'unknown' : 'down';
  if (entry.weight !== 0 || !quiescentOf(rsvc, src.settings)) return 'up';
  return r.adminState !== 'online' ? 'unknown' : r.weight > 0 ? 'down' : 'unknown';
}

/** `live`: the service's real servers in the kernel by address, or null when the service is not in it (or not read). */
function realServerView(
  r: RealServerRow,
  rsvc: RenderService,
  live: Map<string, LiveService['realServers'][number]> | null,
  src: Sources,
): OverviewRealServer {
  const shape = serviceShape(rsvc);
  const port = shape.single ? (r.port ?? shape.firstPort) : 0;
  const address = ipFamily(r.ip) === 6 ? `[${r.ip}]:${port}` : `${r.ip}:${port}`;
  const entry = live?.get(address);
  const adminState = r.adminState as OverviewRealServer['adminState'];
  const health = healthOf(r, rsvc, live, entry, src);
  // Counters the kernel does not show for this real server are 0 when its table was read, unknown otherwise.
  const count = (v: number | undefined) => v ?? (src.sourceSnap ? 0 : null);
  const job = src.jobs.get(r.id);
  return {
    id: r.id,
    label: r.label,
    ip: r.ip,
    port: r.port,
    adminState,
    configuredWeight: r.weight,
    liveWeight: entry?.weight ?? null,
    health,
    activeConnections: count(entry?.activeConnections),
    inactiveConnections: count(entry?.inactiveConnections),
    persistentClients: count(entry?.persistentClients),
    connectionsTotal: count(entry?.connections),
    inBytes: count(entry?.inBytes),
    outBytes: count(entry?.outBytes),
    inPackets: count(entry?.inPackets),
    outPackets: count(entry?.outPackets),
    pendingOn: pendingOn(stateKey(rsvc, r), adminState, src.directors),
    haltWhenIdle: job ? { deadline: job.deadline.toISOString() } : null,
  };
}

/** Directors whose state files do not say this admin state yet (unreachable ones with a confirmed key count). */
function pendingOn(key: string, adminState: OverviewRealServer['adminState'], directors: Director[]): string[] {
  return directors
    .filter((d) => {
      const files = reachedSnapshot(d.id)?.stateFiles;
      if (!files) return d.hostKeyFingerprint !== null;
      return stateFromValue(files[stateFileName(key)]) !== adminState;
    })
    .map((d) => d.name);
}
