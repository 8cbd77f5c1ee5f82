// The poller's alerts: each leader poll hands its overview here; what changed and held becomes an alert,
// gathered for the digest window and then queued in the outbox (delivered by deliverDueAlerts). Nothing
// here sends or waits on a mail server.
import 'server-only';
import { getDb } from '../platform/db-client';
import type { AlertEvent } from '../../schemas/alerts';
import type { Overview } from '../../schemas/overview';
import { AlertEngine, type Observation } from './engine';
import { composeAlert, emailAudiences } from './compose';
import { channelsOf, deliverDueAlerts, queueAlert, recordReported } from './outbox';
import { getAlertChannels } from './settings';
import { silencedAt } from './silences';
import { clusterHref, DEFAULT_CLUSTER_ID } from '../../schemas/cluster';

/** A cluster's overview and which cluster it is (null on a console with one cluster: nothing to name). */
export interface ClusterOverview {
  cluster: { id: string; name: string } | null;
  overview: Overview;
}

/**
 * Names the cluster in what a cluster's observations say (its name first, a `cluster` fact, links into it)
 * and keeps the pair's keys apart (every cluster has a pair; `default`'s keep the keys they always had).
 */
function inCluster(list: Observation[], cluster: ClusterOverview['cluster']): Observation[] {
  if (!cluster) return list;
  const param = cluster.id === DEFAULT_CLUSTER_ID ? null : cluster.name;
  return list.map((o) => ({
    ...o,
    key: param && o.key.startsWith('pair:') ? `pair:${cluster.id}:${o.key.slice(5)}` : o.key,
    name: `${cluster.name}: ${o.name}`,
    facts: { cluster: cluster.name, ...o.facts },
    path: clusterHref(o.path, param),
  }));
}

/** The states watched in an overview: real servers, services, directors, the pair. Unknown states are left out. */
export function observationsOf(o: Overview): Observation[] {
  const out: Observation[] = [];
  for (const s of o.virtualServices) {
    const service = `${s.label} (${s.ip}:${s.ports})`;
    const path = `/overview?q=${encodeURIComponent(s.label)}`;
    if (s.state === 'up' || s.state === 'degraded' || s.state === 'down')
      out.push({
        key: `service:${s.id}`,
        kind: 'service',
        state: s.state,
        name: `Virtual service ${service}`,
        facts: { service: s.label, address: `${s.ip}:${s.ports}` },
        path,
      });
    for (const r of s.realServers) {
      if (r.adminState === 'halt' || r.health === 'unknown') continue; // halted by an admin: not an incident
      const address = `${r.ip}${r.port !== null ? `:${r.port}` : ''}`;
      out.push({
        key: `rs:${s.id}:${r.id}`,
        kind: 'real-server',
        state: r.health,
        name: `Real server ${r.label} (${address}) of ${service}`,
        facts: { service: s.label, realServer: r.label, address },
        path,
      });
    }
  }
  for (const d of o.directors) out.push(...directorObservations(d));
  if (o.directors.length > 1) {
    const reachable = o.directors.filter((d) => d.reachable);
    const active = reachable.find((d) => d.holdsFloatingIps)?.name ?? (reachable.length === o.directors.length ? 'none' : null);
    const pair = { director: o.directors.map((d) => d.name).join(', ') };
    if (active)
      out.push({
        key: 'pair:active',
        kind: 'failover',
        state: active,
        name: 'The pair',
        facts: pair,
        path: '/cluster-configuration/high-availability',
      });
    out.push({
      key: 'pair:standby',
      kind: 'standby',
      state: o.noStandby ? 'none' : 'ok',
      name: 'The pair',
      facts: { ...pair, ...(o.noStandby ? { why: o.noStandby } : {}) },
      path: '/overview',
    });
    out.push({
      key: 'pair:split',
      kind: 'split-brain',
      state: o.splitBrain ? 'yes' : 'no',
      name: 'The pair',
      facts: { ...pair, ...(o.splitBrain ? { why: o.splitBrain } : {}) },
      path: '/overview',
    });
  }
  return out;
}

/** Each virtual service's own alert addresses (its "Email alert"), for the services that have some. */
async function serviceRecipients(): Promise<Map<string, string[]>> {
  const rows = await getDb().virtualService.findMany({ where: { emailAlert: { not: '' } }, select: { id: true, emailAlert: true } });
  return new Map(rows.map((r) => [r.id, r.emailAlert.split(', ')]));
}

/** A director's watched states: reachable, its state known, in step with the last apply. */
function directorObservations(d: Overview['directors'][number]): Observation[] {
  const out: Observation[] = [];
  const facts = { director: d.name };
  out.push({
    key: `director:${d.id}`,
    kind: 'director',
    state: d.reachable ? 'reachable' : 'unreachable',
    name: `Director ${d.name}`,
    facts,
    path: '/overview',
  });
  // State unknown: an apply, a drift fix or a make-active on it did not finish (the link dropped after the swap).
  if (d.stateUnknown !== undefined)
    out.push({
      key: `unknown:${d.id}`,
      kind: 'director',
      state: d.stateUnknown ? 'state-unknown' : 'state-known',
      name: `Director ${d.name}`,
      facts: { ...facts, ...(d.stateUnknown ? { why: d.stateUnknown } : {}) },
      path: '/local-configuration/directors',
    });
  if (d.reachable && d.revision !== 'unknown')
    out.push({
      key: `revision:${d.id}`,
      kind: 'director',
      state: d.revision,
      name: `Director ${d.name}`,
      facts,
      path: '/maintenance/apply',
    });
  return out;
}

interface Watcher {
  engine: AlertEngine;
  pending: { events: AlertEvent[]; reported: { key: string; state: string }[]; firstAt: number } | null;
}

const processWide = globalThis as unknown as { lvsAlertWatcher?: Promise<Watcher> };

async function watcher(holdDownS: number): Promise<Watcher> {
  processWide.lvsAlertWatcher ??= getDb()
    .alertState.findMany()
    .then((rows) => ({ engine: new AlertEngine(holdDownS, new Map(rows.map((r) => [r.key, r.state]))), pending: null }));
  const w = await processWide.lvsAlertWatcher;
  w.engine.setHoldDown(holdDownS);
  return w;
}

/** Forgets the in-memory state (tests; a console that stops leading starts again from what was reported). */
export function resetAlertWatcher(): void {
  processWide.lvsAlertWatcher = undefined;
}

/** One poll's overview (or how to build it) at `now` (seconds). Returns how many messages were queued. */
export async function watchForAlerts(
  overview: Overview | ClusterOverview[] | (() => Promise<Overview | ClusterOverview[]>),
  now = Date.now() / 1000,
): Promise<number> {
  const channels = await getAlertChannels();
  if (!channelsOf(channels).length) return 0; // nothing to tell anyone; the states start from here once there is
  const w = await watcher(channels.holdDownSeconds);
  // The poller passes how to build its overview: built only when a channel is configured.
  const seen = typeof overview === 'function' ? await overview() : overview;
  const observations = Array.isArray(seen) ? seen.flatMap((c) => inCluster(observationsOf(c.overview), c.cluster)) : observationsOf(seen);
  // What is silenced (a maintenance window) is not observed: left as it was until the window ends.
  const silenced = await silencedAt(new Date(now * 1000));
  const { events, reported } = w.engine.observe(
    now,
    observations.filter((o) => !silenced(o)),
  );
  if (!events.length && reported.length && !w.pending) {
    await recordReported(getDb(), reported); // baselines only: recorded, nothing sent
    return 0;
  }
  if (events.length || reported.length) {
    w.pending ??= { events: [], reported: [], firstAt: now };
    w.pending.events.push(...events);
    w.pending.reported.push(...reported);
  }
  if (!w.pending?.events.length) return 0;
  // The digest window runs from when the first change was seen, not from when it was sent: it goes out at
  // once unless another change seen within the window is still holding (then with it, within the window).
  const firstSeen = Math.min(...w.pending.events.map((e) => e.since ?? e.at));
  const waiting = w.engine.holding().some((since) => since <= firstSeen + channels.digestWindowSeconds);
  if (waiting && now - w.pending.firstAt < channels.digestWindowSeconds) return 0;
  const { events: batch, reported: states } = w.pending;
  w.pending = null;
  const [all, ...own] = channels.email ? emailAudiences(batch, channels.email.to, await serviceRecipients()) : [{ to: [], events: batch }];
  const queued = await queueAlert(
    composeAlert(all.events, channels.consoleUrl),
    channels,
    states,
    new Date(),
    own.map((o) => ({ to: o.to, alert: composeAlert(o.events, channels.consoleUrl) })),
  );
  void deliverDueAlerts().catch(() => undefined); // at once, not at the next round of the delivery loop
  return queued;
}
