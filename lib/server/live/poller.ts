// The System Overview's live state. One poller per console (not per browser tab): it reads every
// director whose host key is confirmed over its long-lived connection, one command per poll, and every
// viewer gets the latest snapshot. It polls every 2 s while someone looks (longer while a director's
// read takes longer: a large table); without viewers the leader goes on every 10 s (the graphs,
// halt-when-idle) and another console stops. A director that does not answer is shown unreachable with
// the time of its last good snapshot, and nothing from it is shown as healthy; one that answers slowly
// is shown slow (director-read.ts). The leader's polls also do what the reads call for: state files put
// back, vrrp.yield left at 1 put back, the graphs' figures recorded, halt-when-idle run. The poller calls down into those;
// nothing calls back up into it.
import 'server-only';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';
import { getDb } from '../platform/db-client';
import { clusterVersionKey } from '../config/version';
import { loadRenderInput } from '../config/rendering';
import { contactableDirectors } from '../directors/sessions';
import { reconcileYields } from '../ha/yields';
import { noteFailover } from '../ha/last-failover';
import { collectPoll, collectorDue } from '../metrics/collector';
import { watchForAlerts, type ClusterOverview } from '../alerts/watch';
import { isLeader } from '../jobs/leader';
import { renderStateFiles } from '../../render/state-files';
import type { Overview } from '../../schemas/overview';
import type { Director } from '../generated/prisma/client';
import { checkHaltWhenIdle } from './halt-when-idle';
import { runningHaltWhenIdle } from './halt-when-idle-jobs';
import { buildOverview } from './build-overview';
import { nextPollDelayMs, pollDeadlineMs, readDirector } from './director-read';
import { OVERVIEW_POLL_INTERVAL_MS, pollerState as poller, reachedSnapshot } from './poller-state';

export { OVERVIEW_POLL_INTERVAL_MS };

/** Nobody asked for the overview for this long: the poller slows down to the collector's 10 s (the leader) or stops. */
const IDLE_STOP_MS = 60_000;
const IDLE_POLL_INTERVAL_MS = 10_000;
const FIRST_POLL_WAIT_MS = 3_000;

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

const builtOverview = globalThis as unknown as { lvsOverviewMemos?: Map<string, { key: string; value: Promise<Overview> }> };

/**
 * The overview of the last poll, built once for every viewer and API call until something it shows
 * changes: the next poll, the configuration (its version), an apply (the last revision and the
 * directors' apply bookkeeping, which are not configuration) or a halt-when-idle job. At 10,000
 * services x 10 a build takes about half a second, and each open page asks every 2 s.
 */
async function currentOverview(clusterId: string = DEFAULT_CLUSTER_ID): Promise<Overview> {
  const db = getDb();
  const [{ version }, revision, directors, jobs] = await Promise.all([
    clusterVersionKey(clusterId),
    db.configRevision.findFirst({ where: { clusterId }, orderBy: { createdAt: 'desc' }, select: { id: true } }),
    db.director.aggregate({ where: { clusterId }, _max: { updatedAt: true }, _count: { _all: true } }),
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
  const memos = (builtOverview.lvsOverviewMemos ??= new Map<string, { key: string; value: Promise<Overview> }>());
  const memo = memos.get(clusterId);
  if (memo?.key === key) return memo.value;
  const value = buildOverview(clusterId);
  memos.set(clusterId, { key, value });
  value.catch(() => {
    if (memos.get(clusterId)?.value === value) memos.delete(clusterId);
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
  // Each director is compared with its own cluster's state files (drain / halt), never another's.
  const desiredOf = new Map<string, ReturnType<typeof renderStateFiles>>();
  for (const clusterId of new Set(directors.map((d) => d.clusterId)))
    desiredOf.set(clusterId, renderStateFiles((await loadRenderInput(clusterId)).services));
  for (const id of [...poller.states.keys()]) if (!directors.some((d) => d.id === id)) poller.states.delete(id);
  await Promise.all(directors.map((d) => readDirector(d, desiredOf.get(d.clusterId)!, leaderJobs)));
  poller.generation = (poller.generation ?? 0) + 1;
  if (leaderJobs) await leaderDuties(directors);
}

const logError = (what: string) => (err: unknown) => console.error(`[lvs-console] ${what}:`, err instanceof Error ? err.message : err);

/** What the leader's polls drive: vrrp.yield reconciliation, the graphs' figures, alerts, halt-when-idle. */
async function leaderDuties(directors: Director[]): Promise<void> {
  // A director held in FAULT by a make-active that did not finish (the console stopped half-way) is a
  // standby again; a make-active in flight holds the directors lock and is left alone.
  const yields = directors.map((d) => ({ id: d.id, yielding: reachedSnapshot(d.id)?.yielding ?? null }));
  const putBack = await reconcileYields(yields).catch((err) => (logError('putting vrrp.yield back failed')(err), []));
  if (putBack.length) console.log(`[lvs-console] vrrp.yield put back to 0 on ${putBack.join(' and ')} (a make-active had not finished)`);
  // Each cluster's last failover, from its directors' notify timestamps (kept: the HA page and the overview show it).
  const clusterIds = [...new Set(directors.map((d) => d.clusterId))];
  for (const clusterId of clusterIds)
    await noteFailover(
      directors
        .filter((d) => d.clusterId === clusterId)
        .map((d) => {
          const st = poller.states.get(d.id);
          const snap = st?.snapshot ?? null;
          return {
            name: d.name,
            reachable: !!st?.reachable,
            vrrpState: snap?.vrrpState ?? null,
            vrrpSince: snap?.vrrpSince?.toISOString() ?? null,
            leftMaster: snap?.vrrpLeftMaster?.toISOString() ?? null,
            takenAt: snap ? new Date(snap.takenAt).toISOString() : null,
          };
        }),
      clusterId,
    ).catch(logError('recording the last failover failed'));
  // Graphs and Reports: the first poll of each 10 s bucket is recorded (never failing the poll).
  let overview: Overview | null = null;
  if (collectorDue()) {
    try {
      overview = await currentOverview();
      collectPoll(
        overview,
        directors.map((d) => ({ id: d.id, snapshot: reachedSnapshot(d.id) })),
      );
    } catch (err) {
      logError('recording the poll for the graphs failed')(err);
    }
  }
  // Alerts, at every poll when a channel is configured (the overview is built once per poll for every viewer
  // anyway): what changed and held is queued in the outbox, delivered apart from the poll.
  // Every cluster with a director is watched (each alert names its cluster once there are several).
  let overviews: ClusterOverview[] | null = null;
  const everyCluster = async () => (overviews ??= await clusterOverviews(clusterIds, overview));
  try {
    await watchForAlerts(everyCluster);
  } catch (err) {
    logError('watching for alerts failed')(err);
  }
  // Halt-when-idle: the connections as the director carrying the traffic counts them (only when a job runs),
  // in every cluster (a job in another cluster's real server waits for that cluster's figures).
  if ((await runningHaltWhenIdle()).size) {
    // Each figure with when the read it comes from began (a read from before a job began may predate a connection).
    const figures = new Map<string, { connections: number | null; readFrom: number }>();
    for (const { overview: o } of await everyCluster()) {
      const source = o.directors.find((d) => d.name === o.source);
      const readFrom = source?.takenAt ? Date.parse(source.takenAt) - (source.readSeconds ?? 0) * 1000 : 0;
      for (const s of o.virtualServices)
        for (const r of s.realServers)
          figures.set(r.id, {
            connections: r.activeConnections === null ? null : r.activeConnections + (r.inactiveConnections ?? 0),
            readFrom,
          });
    }
    await checkHaltWhenIdle((id, since) => {
      const f = figures.get(id);
      return f && f.readFrom > since.getTime() ? f.connections : null;
    });
  }
  poller.haltJobs = (await runningHaltWhenIdle()).size;
}

/** The overviews of the clusters polled (default's alone, unnamed, on a console with one cluster). */
async function clusterOverviews(clusterIds: string[], defaultOverview: Overview | null): Promise<ClusterOverview[]> {
  if ((await getDb().cluster.count()) <= 1) return [{ cluster: null, overview: defaultOverview ?? (await currentOverview()) }];
  const rows = await getDb().cluster.findMany({ where: { id: { in: clusterIds } }, select: { id: true, name: true } });
  const out: ClusterOverview[] = [];
  // One after the other: each is built once per poll and shared with the pages.
  for (const c of rows) out.push({ cluster: c, overview: await currentOverview(c.id) });
  return out;
}

function pollTracked(): Promise<void> {
  if (!poller.running) {
    const t0 = Date.now();
    const deadline = pollDeadlineMs();
    const run: Promise<void> = withDeadline(
      deadline,
      `a poll took longer than ${deadline / 1000} s; the next one starts`,
      () => undefined,
      pollOnce(),
    )
      .catch(logError('overview poll failed'))
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
    poller.timer = setTimeout(() => void tick(), nextPollDelayMs(idle() ? IDLE_POLL_INTERVAL_MS : OVERVIEW_POLL_INTERVAL_MS));
    poller.timer.unref?.();
  };
  poller.timer = setTimeout(() => void tick(), OVERVIEW_POLL_INTERVAL_MS);
  poller.timer.unref?.();
}

/** The latest state; starts the poller if it is not running (the first viewer waits for one poll, up to 3 s). */
/** One cluster's overview (`default` unless told). */
export async function getOverview(clusterId: string = DEFAULT_CLUSTER_ID): Promise<Overview> {
  const wasIdle = Date.now() - poller.lastAsked > IDLE_STOP_MS;
  poller.lastAsked = Date.now();
  if (!poller.timer || wasIdle) {
    // The first viewer waits for a fresh poll, but not for a director that does not answer.
    await Promise.race([pollTracked(), new Promise((r) => setTimeout(r, FIRST_POLL_WAIT_MS))]);
    schedule();
  }
  return currentOverview(clusterId);
}

/** Keeps the poller going (the leader's loop: halt-when-idle jobs, started here, by another console or the CLI). */
export async function ensureOverviewPolling(): Promise<void> {
  poller.haltJobs = Math.max(poller.haltJobs, (await runningHaltWhenIdle()).size);
  schedule();
}

/** Polls now (the CLI, which has no long-running poller): a read, nothing is written to a director. */
export async function pollOverviewNow(): Promise<Overview> {
  await pollOnce(false);
  return currentOverview();
}
