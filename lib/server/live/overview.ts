// The System Overview's live state. One poller per console (not per browser tab): it reads every
// director whose host key is confirmed over its long-lived connection, one command per poll, and
// every viewer gets the latest snapshot. It starts when someone asks for the overview and stops after
// a minute without anyone asking. A director that does not answer is shown unreachable with the time
// of its last good snapshot, and nothing from it is shown as healthy. Each poll also puts back any
// state file that differs from the database (a director that missed a drain while unreachable).
import 'server-only';
import { OVERVIEW_PAGE_SIZE, SERVICE_STATES, type OverviewQuery } from '../../schemas/overview-query';
import { getDb } from '../platform/db-client';
import { configurationRows, configVersion, loadRenderInput } from '../config/configuration';
import { contactableDirectors, dropDirectorSession, withDirectorSession } from '../directors/sessions';
import { takeSnapshot, type DirectorSnapshot, type LiveService } from '../../director/snapshot';
import { writeStateFiles } from '../../director/live-state';
import { renderStateFiles, stateKey } from '../../render/state-files';
import { serviceShape, inKernelTable } from '../../render/keepalived';
import { ipFamily } from '../../schemas/net';
import { checkHaltWhenIdle } from './halt-when-idle';
import { runningHaltWhenIdle } from './halt-when-idle-jobs';
import type { RenderService } from '../../render/model';
import { revisionStatus } from '../ha/ha';
import { type RevisionStatus } from '../../schemas/overview';
import { HOST_KEY_NOT_CONFIRMED } from '../../schemas/director';
import { detectSplitBrain } from '../../director/vrrp';
import { collectPoll, collectorDue } from '../metrics/collector';
import { isLeader } from '../jobs/leader';
import { reconcileYields } from '../ha/ha';
import {
  OverviewDirector,
  Health,
  OverviewRealServer,
  ServiceState,
  OverviewService,
  Overview,
  OverviewPage,
} from '../../schemas/overview';

/** How often the poller reads each director (and how often the page asks for the snapshot). */
export const OVERVIEW_POLL_INTERVAL_MS = 2_000;
/** Nobody asked for the overview for this long: the poller slows down to the collector's 10 s. */
const IDLE_STOP_MS = 60_000;
const IDLE_POLL_INTERVAL_MS = 10_000;
const FIRST_POLL_WAIT_MS = 3_000;
/** A director's part of a poll may not take longer: past it the director is shown unreachable and its connection made anew. */
const DIRECTOR_POLL_DEADLINE_MS = 10_000;
/** A whole poll may not hold the poller longer (whatever hangs, the next poll starts). */
const POLL_DEADLINE_MS = 20_000;

function withDeadline<T>(ms: number, message: string, onTimeout: () => void, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    work.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onTimeout();
        reject(new Error(message));
      }, ms);
    }),
  ]);
}

interface DirectorState {
  snapshot: DirectorSnapshot | null;
  error: string | null;
  reachable: boolean;
  /** When this director was last polled (answered or not). */
  polledAt: number;
}

interface Poller {
  timer: NodeJS.Timeout | null;
  /** Running halt-when-idle jobs: the poller keeps going while there are any, viewers or not. */
  haltJobs: number;
  lastAsked: number;
  running: Promise<void> | null;
  states: Map<string, DirectorState>;
  /** Raised after every poll: an overview built for this generation and configuration version is reused. */
  generation?: number;
}

const g = globalThis as unknown as { lvsOverviewPoller?: Poller; lvsOverviewMemo?: { key: string; value: Promise<Overview> } };
const poller: Poller = (g.lvsOverviewPoller ??= { timer: null, haltJobs: 0, lastAsked: 0, running: null, states: new Map() });

/**
 * The overview of the last poll, built once for every viewer and API call until something it shows
 * changes: the next poll, the configuration (its version), an apply (the last revision and the
 * directors' apply bookkeeping, which are not configuration) or a halt-when-idle job. At 10,000
 * services x 10 a build takes about half a second, and each open page asks every 2 s.
 */
async function currentOverview(): Promise<Overview> {
  const db = getDb();
  const [version, revision, directors, jobs] = await Promise.all([
    configVersion(),
    db.configRevision.findFirst({ orderBy: { createdAt: 'desc' }, select: { id: true } }),
    db.director.aggregate({ _max: { updatedAt: true }, _count: { _all: true } }),
    db.drainJob.findMany({ where: { status: 'running' }, select: { id: true }, orderBy: { id: 'asc' } }),
  ]);
  const key = [
    poller.generation ?? 0,
    version,
    revision?.id,
    directors._max.updatedAt?.getTime(),
    directors._count._all,
    jobs.map((j) => j.id).join(','),
  ].join('|');
  const memo = g.lvsOverviewMemo;
  if (memo?.key === key) return memo.value;
  const value = buildOverview();
  g.lvsOverviewMemo = { key, value };
  value.catch(() => {
    if (g.lvsOverviewMemo?.value === value) g.lvsOverviewMemo = undefined;
  });
  return value;
}

/**
 * One read of every director. The leader also does what the reads call for (`leaderJobs`): puts back
 * state files that differ from the database and vrrp.yield left at 1, records the graphs' figures and
 * runs halt-when-idle. Another console (or the CLI) only reads.
 */
async function pollOnce(leaderJobs = isLeader()): Promise<void> {
  const directors = await contactableDirectors();
  const desired = renderStateFiles((await loadRenderInput()).services);
  for (const id of [...poller.states.keys()]) if (!directors.some((d) => d.id === id)) poller.states.delete(id);
  await Promise.all(
    directors.map(async (d) => {
      const prev = poller.states.get(d.id);
      try {
        const snap = await withDeadline(
          DIRECTOR_POLL_DEADLINE_MS,
          `${d.name} did not answer the status read within ${DIRECTOR_POLL_DEADLINE_MS / 1000} s.`,
          () => dropDirectorSession(d.id),
          withDirectorSession(d, async (conn) => {
            let s = await takeSnapshot(conn);
            const differ = leaderJobs
              ? Object.fromEntries(Object.entries(desired).filter(([f, v]) => (s.stateFiles[f] ?? '0').trim() !== v))
              : {};
            if (Object.keys(differ).length) {
              await writeStateFiles(conn, differ);
              s = { ...s, stateFiles: { ...s.stateFiles, ...differ } };
            }
            return s;
          }),
        );
        poller.states.set(d.id, { snapshot: snap, error: null, reachable: true, polledAt: Date.now() });
      } catch (err) {
        poller.states.set(d.id, {
          snapshot: prev?.snapshot ?? null,
          error: err instanceof Error ? err.message : String(err),
          reachable: false,
          polledAt: Date.now(),
        });
      }
    }),
  );
  poller.generation = (poller.generation ?? 0) + 1;
  if (!leaderJobs) return;
  // A director held in FAULT by a make-active that did not finish (the console stopped half-way) is a
  // standby again; a make-active in flight holds the directors lock and is left alone.
  const yields = directors.map((d) => {
    const st = poller.states.get(d.id);
    return { id: d.id, yielding: st?.reachable && st.snapshot ? st.snapshot.yielding : null };
  });
  const putBack = await reconcileYields(yields).catch((err) => {
    console.error('[lvs-console] putting vrrp.yield back failed:', err instanceof Error ? err.message : err);
    return [];
  });
  if (putBack.length) console.log(`[lvs-console] vrrp.yield put back to 0 on ${putBack.join(' and ')} (a make-active had not finished)`);
  // Graphs and Reports: the first poll of each 10 s bucket is recorded (never failing the poll).
  let overview: Overview | null = null;
  if (collectorDue()) {
    try {
      overview = await currentOverview();
      collectPoll(
        overview,
        directors.map((d) => ({ id: d.id, snapshot: poller.states.get(d.id)?.reachable ? poller.states.get(d.id)!.snapshot : null })),
      );
    } catch (err) {
      console.error('[lvs-console] recording the poll for the graphs failed:', err instanceof Error ? err.message : err);
    }
  }
  // Halt-when-idle: the connections as the director carrying the traffic counts them (only when a job runs).
  if ((await runningHaltWhenIdle()).size) {
    overview ??= await currentOverview();
    const connections = new Map(
      overview.virtualServices.flatMap((s) =>
        s.realServers.map((r) => [r.id, r.activeConnections === null ? null : r.activeConnections + (r.inactiveConnections ?? 0)] as const),
      ),
    );
    await checkHaltWhenIdle((id) => connections.get(id) ?? null);
  }
  poller.haltJobs = (await runningHaltWhenIdle()).size;
}

function pollTracked(): Promise<void> {
  if (!poller.running) {
    const t0 = Date.now();
    const run: Promise<void> = withDeadline(
      POLL_DEADLINE_MS,
      `a poll took longer than ${POLL_DEADLINE_MS / 1000} s; the next one starts`,
      () => undefined,
      pollOnce(),
    )
      .catch((err) => console.error('[lvs-console] overview poll failed:', err instanceof Error ? err.message : err))
      .finally(() => {
        if (poller.running === run) poller.running = null;
        if (Date.now() - t0 > 5_000) console.error(`[lvs-console] overview poll took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      });
    poller.running = run;
  }
  return poller.running;
}

function schedule() {
  if (poller.timer) return;
  // Without viewers (and without halt-when-idle jobs) the leader keeps polling every 10 s for the graphs;
  // another console stops until someone asks again.
  const idle = () => Date.now() - poller.lastAsked > IDLE_STOP_MS && poller.haltJobs === 0;
  const tick = async () => {
    await pollTracked();
    if (idle() && !isLeader()) {
      poller.timer = null;
      return;
    }
    poller.timer = setTimeout(tick, idle() ? IDLE_POLL_INTERVAL_MS : OVERVIEW_POLL_INTERVAL_MS);
    poller.timer.unref?.();
  };
  poller.timer = setTimeout(tick, OVERVIEW_POLL_INTERVAL_MS);
  poller.timer.unref?.();
}

/** The latest state; starts the poller if it is not running (the first viewer waits for one poll, up to 3 s). */
export async function getOverview(): Promise<Overview> {
  const wasIdle = Date.now() - poller.lastAsked > IDLE_STOP_MS;
  poller.lastAsked = Date.now();
  if (!poller.timer || wasIdle) {
    // The first viewer waits for a fresh poll, but not for a director that does not answer.
    await Promise.race([pollTracked(), new Promise((r) => setTimeout(r, FIRST_POLL_WAIT_MS))]);
    schedule();
  }
  return currentOverview();
}

/**
 * One page of the overview, filtered and sorted on the server: at 10,000 services x 10 real servers the
 * whole overview is ~30 MB of JSON, too much to send to a browser every 2 s. The directors, the alarms
 * and the counts are always whole.
 */
export function overviewPage(full: Overview, query: OverviewQuery): OverviewPage {
  const q = query.q.toLowerCase();
  const counts = Object.fromEntries(SERVICE_STATES.map((s) => [s, 0])) as Record<ServiceState, number>;
  for (const s of full.virtualServices) counts[s.state]++;
  const list = full.virtualServices.filter(
    (s) =>
      (!query.state || s.state === query.state) &&
      (!q || [s.label, s.ip, s.ports, ...s.realServers.flatMap((r) => [r.label, r.ip])].some((t) => t.toLowerCase().includes(q))),
  );
  const byLabel = (a: OverviewService, b: OverviewService) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
  const order: Record<OverviewQuery['sort'], (a: OverviewService, b: OverviewService) => number> = {
    label: byLabel,
    state: (a, b) => SERVICE_STATES.indexOf(a.state) - SERVICE_STATES.indexOf(b.state) || byLabel(a, b),
    connections: (a, b) => (b.activeConnections ?? 0) - (a.activeConnections ?? 0) || byLabel(a, b),
  };
  list.sort(order[query.sort]);
  const pages = Math.max(1, Math.ceil(list.length / OVERVIEW_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  return {
    ...full,
    virtualServices: list.slice((page - 1) * OVERVIEW_PAGE_SIZE, page * OVERVIEW_PAGE_SIZE),
    query: { ...query, page },
    total: full.virtualServices.length,
    counts,
    matching: list.length,
    pageSize: OVERVIEW_PAGE_SIZE,
  };
}

/** Keeps the poller going (a halt-when-idle job started, or the console started with jobs to resume). */
export async function ensureOverviewPolling(): Promise<void> {
  poller.haltJobs = Math.max(poller.haltJobs, (await runningHaltWhenIdle()).size);
  schedule();
}

/** Polls now (the CLI, which has no long-running poller): a read, nothing is written to a director. */
export async function pollOverviewNow(): Promise<Overview> {
  await pollOnce(false);
  return currentOverview();
}

const liveKey = (s: RenderService) => {
  const shape = serviceShape(s);
  if (!shape.single) return `FWM ${s.fwmark}`;
  const host = ipFamily(s.ip) === 6 ? `[${s.ip}]` : s.ip;
  return `${s.protocol === 'udp' ? 'UDP' : 'TCP'} ${host}:${shape.firstPort}`;
};

/**
 * Split brain, from the last poll: two directors MASTER at once, or a floating IP on two directors
 * (a keepalived killed without cleaning up leaves its addresses behind). Null when all is well.
 */
function splitBrainFrom(directors: { id: string; name: string }[], floating: string[], maxAgeMs = Infinity): string | null {
  const seen = directors.flatMap((d) => {
    const st = poller.states.get(d.id);
    return st?.reachable && st.snapshot && Date.now() - st.snapshot.takenAt.getTime() <= maxAgeMs
      ? [{ name: d.name, snap: st.snapshot }]
      : [];
  });
  return detectSplitBrain(
    seen.map((x) => ({
      name: x.name,
      master: x.snap.keepalivedPid !== null && x.snap.vrrpState === 'MASTER',
      addresses: x.snap.addresses,
    })),
    floating,
  );
}

/**
 * No standby: a pair (applied at least once) in which a director could not take over if the other failed,
 * from the last poll: FAULT (and why: the console's yield, or a tracked interface or script), unreachable,
 * or keepalived not running. What to do, or null. Directors not polled within maxAgeMs say nothing.
 */
function noStandbyFrom(
  directors: { id: string; name: string; hostKeyFingerprint: string | null }[],
  applied: boolean,
  maxAgeMs = Infinity,
): string | null {
  if (!applied || directors.length !== 2 || directors.some((d) => !d.hostKeyFingerprint)) return null;
  const problems = directors.flatMap((d) => {
    const st = poller.states.get(d.id);
    if (!st || Date.now() - st.polledAt > maxAgeMs) return [];
    if (!st.reachable)
      return [{ name: d.name, what: 'cannot be reached', todo: `check that ${d.name} is up and that the console reaches it over SSH` }];
    const snap = st.snapshot!;
    if (snap.keepalivedPid === null)
      return [{ name: d.name, what: 'does not run keepalived', todo: `apply the configuration (or start keepalived on ${d.name})` }];
    if (snap.vrrpState === 'FAULT' && snap.yielding)
      return [
        {
          name: d.name,
          what: 'is held in FAULT by the console (vrrp.yield is 1)',
          todo: 'wait for the make-active that runs to finish; if none runs, the console sets vrrp.yield back to 0 within seconds (its log and Logs say so)',
        },
      ];
    if (snap.vrrpState === 'FAULT')
      return [
        {
          name: d.name,
          what: 'is in FAULT (an interface or a script it tracks fails)',
          todo: `check the link of ${d.name}'s VRRP interface and its tracked scripts`,
        },
      ];
    return [];
  });
  if (!problems.length) return null;
  const what = problems.map((p) => `${p.name} ${p.what}`).join(', and ');
  const todo = problems.map((p) => p.todo).join('; ');
  if (problems.length === 2)
    return `No director can take over: ${what}. Clients reach the floating IPs only while one of them holds them. To fix: ${todo}.`;
  const other = directors.find((d) => d.name !== problems[0].name)!.name;
  return `No standby: ${what}, so if ${other} fails nothing takes over. To fix: ${todo}.`;
}

/** The pair's banners of every page, split brain and no standby (from the last poll; nothing is contacted here). */
export async function pairAlerts(): Promise<{ splitBrain: string | null; noStandby: string | null }> {
  if (poller.states.size < 2) return { splitBrain: null, noStandby: null };
  const db = getDb();
  const [directors, floating, revision] = await Promise.all([
    db.director.findMany({ select: { id: true, name: true, hostKeyFingerprint: true } }),
    db.floatingIp.findMany({ select: { address: true } }),
    db.configRevision.findFirst({ select: { id: true } }),
  ]);
  // Only what the poller saw lately: it stops a minute after the last viewer, and old news is no alarm.
  return {
    splitBrain: splitBrainFrom(
      directors,
      floating.map((f) => f.address),
      30_000,
    ),
    noStandby: noStandbyFrom(directors, !!revision, 30_000),
  };
}

async function buildOverview(): Promise<Overview> {
  const db = getDb();
  const [directors, input, services, jobs] = await Promise.all([
    db.director.findMany({ orderBy: [{ role: 'asc' }, { name: 'asc' }] }),
    loadRenderInput(),
    configurationRows(),
    runningHaltWhenIdle(),
  ]);
  const floating = input.floatingIps.map((f) => f.address);
  const lastHash = (await db.configRevision.findFirst({ orderBy: { createdAt: 'desc' }, select: { hash: true } }))?.hash;
  const dirs: OverviewDirector[] = directors.map((d) => {
    const st = poller.states.get(d.id);
    const snap = st?.reachable ? st.snapshot : null;
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
      vrrpSince: snap?.vrrpSince?.toISOString() ?? null,
      yielding: snap?.yielding ?? false,
      catchUp:
        d.catchUpFailures > 0
          ? { failures: d.catchUpFailures, nextAt: d.catchUpNextAt?.toISOString() ?? null, error: d.catchUpError }
          : null,
    };
  });
  // The numbers come from the director that carries the traffic: the MASTER, else the first one reachable.
  const reachable = directors.filter((d) => poller.states.get(d.id)?.reachable);
  const source = reachable.find((d) => poller.states.get(d.id)?.snapshot?.vrrpState === 'MASTER') ?? reachable[0] ?? null;
  const sourceSnap = source ? poller.states.get(source.id)!.snapshot! : null;
  const liveByKey = new Map<string, LiveService>((sourceSnap?.services ?? []).map((s) => [s.key.replace(/\s+/g, ' '), s]));
  // Labels are unique: the rendered service (with its firewall mark) by label, the real servers by service, each once.
  const renderByLabel = new Map(input.services.map((s) => [s.label, s]));

  const virtualServices: OverviewService[] = services.map((vs) => {
    const rsvc = renderByLabel.get(vs.label)!;
    const live = sourceSnap ? liveByKey.get(liveKey(rsvc)) : undefined;
    const shape = serviceShape(rsvc);
    const liveByAddress = new Map((live?.realServers ?? []).map((x) => [x.address, x]));
    const realServers: OverviewRealServer[] = vs.realServers.map((r) => {
      const port = shape.single ? (r.port ?? shape.firstPort) : 0;
      const address = ipFamily(r.ip) === 6 ? `[${r.ip}]:${port}` : `${r.ip}:${port}`;
      const entry = liveByAddress.get(address);
      const adminState = r.adminState as OverviewRealServer['adminState'];
      const key = stateKey(rsvc, r);
      const pendingOn = directors
        .filter((d) => {
          const files = poller.states.get(d.id)?.snapshot?.stateFiles;
          if (!files || !poller.states.get(d.id)?.reachable) return d.hostKeyFingerprint !== null;
          return (
            (files[`${key}.drain`] ?? '0').trim() !== (adminState === 'drain' ? '1' : '0') ||
            (files[`${key}.halt`] ?? '0').trim() !== (adminState === 'halt' ? '1' : '0')
          );
        })
        .map((d) => d.name);
      const health: Health =
        !sourceSnap || !inKernelTable(rsvc) || !live ? 'unknown' : entry ? 'up' : adminState === 'halt' ? 'unknown' : 'down';
      return {
        id: r.id,
        label: r.label,
        ip: r.ip,
        port: r.port,
        adminState,
        configuredWeight: r.weight,
        liveWeight: entry?.weight ?? null,
        health,
        activeConnections: entry?.activeConnections ?? (sourceSnap ? 0 : null),
        inactiveConnections: entry?.inactiveConnections ?? (sourceSnap ? 0 : null),
        persistentClients: entry?.persistentClients ?? (sourceSnap ? 0 : null),
        connectionsTotal: entry?.connections ?? (sourceSnap ? 0 : null),
        inBytes: entry?.inBytes ?? (sourceSnap ? 0 : null),
        outBytes: entry?.outBytes ?? (sourceSnap ? 0 : null),
        inPackets: entry?.inPackets ?? (sourceSnap ? 0 : null),
        outPackets: entry?.outPackets ?? (sourceSnap ? 0 : null),
        pendingOn,
        haltWhenIdle: jobs.has(r.id) ? { deadline: jobs.get(r.id)!.deadline.toISOString() } : null,
      };
    });
    const serving = realServers.filter((r) => r.adminState !== 'halt');
    let state: ServiceState;
    if (!realServers.length) state = 'no-real-servers';
    else if (!sourceSnap || !live) state = 'unknown';
    else if (serving.length && serving.every((r) => r.health === 'up')) state = 'up';
    else if (serving.some((r) => r.health === 'up')) state = 'degraded';
    else state = 'down';
    const sum = (k: 'activeConnections' | 'inactiveConnections') => (sourceSnap ? realServers.reduce((n, r) => n + (r[k] ?? 0), 0) : null);
    return {
      id: vs.id,
      label: vs.label,
      ip: vs.ip,
      ports: vs.ports,
      protocol: vs.protocol,
      forwarding: vs.forwarding,
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
        : sourceSnap
          ? { connections: 0, inBytes: 0, outBytes: 0, inPackets: 0, outPackets: 0 }
          : null,
      realServers,
    };
  });
  return {
    generatedAt: new Date().toISOString(),
    pollIntervalMs: OVERVIEW_POLL_INTERVAL_MS,
    source: source?.name ?? null,
    directors: dirs,
    virtualServices,
    splitBrain: splitBrainFrom(directors, floating),
    noStandby: noStandbyFrom(directors, !!lastHash),
  };
}
