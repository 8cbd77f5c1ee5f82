// The collector of Graphs and Reports. The overview poller reads every director (every 2 s while
// someone looks at the System Overview, every 10 s otherwise) and hands each poll here; once per 10 s
// bucket this records, in one transaction: each director's load and interface RX/TX rates, and from the
// director that carries the traffic (the overview's source) each service's and real server's
// connections and rates; plus the events: a real server's health or admin state changing, a director's
// VRRP state changing. Counters become rates here (a counter that went down starts a new segment).
import 'server-only';
import { getMetricsStore, type EventInput, type MetricsStore, type SampleInput } from './store';
import { counterRate, RAW_STEP_S, type CounterReading } from '../../render/timeseries';
import { type Metric } from '../../schemas/metrics';
import type { Overview } from '../../schemas/overview';
import type { DirectorSnapshot } from '../../director/snapshot';

export interface PolledDirector {
  id: string;
  /** The snapshot of this poll (null when the director did not answer). */
  snapshot: DirectorSnapshot | null;
}

interface CollectorState {
  lastSlot: number | null;
  counters: Map<string, CounterReading>;
  health: Map<string, string>;
  admin: Map<string, string>;
  vrrp: Map<string, string>;
  started: boolean;
}

const processWide = globalThis as unknown as { lvsCollector?: CollectorState };
const fresh = (): CollectorState => ({
  lastSlot: null,
  counters: new Map(),
  health: new Map(),
  admin: new Map(),
  vrrp: new Map(),
  started: false,
});

/** Forgets what the collector remembered (tests that start over with another store). */
export function resetCollector() {
  processWide.lvsCollector = fresh();
}

/** Whether the current 10 s bucket has no sample yet (the poller builds the overview only then). */
export function collectorDue(nowMs = Date.now()): boolean {
  const last = processWide.lvsCollector?.lastSlot;
  return last === null || last === undefined || Math.floor(nowMs / 1000 / RAW_STEP_S) * RAW_STEP_S > last;
}

/** A real server's health as Reports counts it: halted is maintenance, not an outage. */
function healthState(overview: Overview, rs: Overview['virtualServices'][number]['realServers'][number]): string {
  if (rs.adminState === 'halt') return 'maintenance';
  return overview.source ? rs.health : 'unknown';
}

/**
 * Records the poll that just ended, if it is the first of its 10 s bucket. Returns the bucket written,
 * or null when this bucket already has its sample.
 */
export function collectPoll(
  overview: Overview,
  directors: PolledDirector[],
  nowMs = Date.now(),
  store: MetricsStore = getMetricsStore(),
): number | null {
  const st = (processWide.lvsCollector ??= fresh());
  const t = Math.floor(nowMs / 1000 / RAW_STEP_S) * RAW_STEP_S;
  if (st.lastSlot !== null && t <= st.lastSlot) return null;
  const events: EventInput[] = [];
  const nowS = Math.floor(nowMs / 1000);
  if (!st.started) resume(st, store, t, nowS, events);
  const rate = rateOf(st, t);
  const samples = [...directorSamples(directors, rate), ...serviceSamples(overview, st, rate, nowS, events)];
  vrrpEvents(overview, st, nowS, events);
  store.recordPoll(t, overview.source, samples, events);
  st.lastSlot = t;
  return t;
}

type Rate = (key: string, origin: string, value: number | null | undefined, whole?: boolean) => number | null;

/** The first poll of this process: what the store last knew. Time in which this console did not poll is unknown, not up. */
function resume(st: CollectorState, store: MetricsStore, t: number, nowS: number, events: EventInput[]): void {
  st.health = store.stateAt('health', nowS);
  st.admin = store.stateAt('admin', nowS);
  st.vrrp = store.stateAt('vrrp', nowS);
  const last = store.lastPollTime();
  if (last !== null && last < t - 3 * RAW_STEP_S) {
    for (const [ref, state] of st.health) {
      if (state === 'unknown') continue;
      events.push({ t: last + RAW_STEP_S, kind: 'health', ref, state: 'unknown', detail: 'the console was not polling' });
      st.health.set(ref, 'unknown');
    }
  }
  st.started = true;
}

/** A counter's per-second rate since its last reading (whole units unless asked; null starts a segment). */
function rateOf(st: CollectorState, t: number): Rate {
  return (key, origin, value, whole = true) => {
    if (value === null || value === undefined) return null;
    const cur = { t, value, origin };
    const r = counterRate(st.counters.get(key), cur);
    st.counters.set(key, cur);
    return r === null ? null : whole ? Math.round(r) : Math.round(r * 100) / 100;
  };
}

function directorSamples(directors: PolledDirector[], rate: Rate): SampleInput[] {
  const samples: SampleInput[] = [];
  for (const d of directors) {
    const snap = d.snapshot;
    if (!snap) continue;
    samples.push({ kind: 'director', ref: d.id, values: { load1: snap.loadAverage?.[0] ?? null } });
    for (const i of snap.interfaces) {
      if (i.name === 'lo') continue;
      const ref = `${d.id}/${i.name}`;
      samples.push({
        kind: 'interface',
        ref,
        values: { rxBytes: rate(`if:${ref}:rx`, d.id, i.rxBytes), txBytes: rate(`if:${ref}:tx`, d.id, i.txBytes) },
      });
    }
  }
  return samples;
}

type Counters = {
  connections: number | null;
  inBytes: number | null;
  outBytes: number | null;
  inPackets: number | null;
  outPackets: number | null;
};

/** A service's or real server's sample: its connections now, and its counters as rates. */
function traffic(rate: Rate, key: string, origin: string, active: number | null, inactive: number | null, c: Counters) {
  return {
    activeConnections: active,
    inactiveConnections: inactive,
    newConnections: rate(`${key}:c`, origin, c.connections, false),
    inBytes: rate(`${key}:ib`, origin, c.inBytes),
    outBytes: rate(`${key}:ob`, origin, c.outBytes),
    inPackets: rate(`${key}:ip`, origin, c.inPackets),
    outPackets: rate(`${key}:op`, origin, c.outPackets),
  } satisfies Partial<Record<Metric, number | null>>;
}

/** Every service and real server: samples from the director that carries the traffic, and health and admin-state changes. */
function serviceSamples(overview: Overview, st: CollectorState, rate: Rate, nowS: number, events: EventInput[]): SampleInput[] {
  const samples: SampleInput[] = [];
  const source = overview.source;
  for (const vs of overview.virtualServices) {
    if (source && vs.counters)
      samples.push({
        kind: 'service',
        ref: vs.id,
        values: traffic(rate, `vs:${vs.id}`, source, vs.activeConnections, vs.inactiveConnections, vs.counters),
      });
    for (const r of vs.realServers) {
      if (source && r.connectionsTotal !== null) {
        const values = traffic(rate, `rs:${r.id}`, source, r.activeConnections, r.inactiveConnections, {
          ...r,
          connections: r.connectionsTotal,
        });
        samples.push({ kind: 'realServer', ref: r.id, values });
      }
      const health = healthState(overview, r);
      if (st.health.get(r.id) !== health) {
        events.push({
          t: nowS,
          kind: 'health',
          ref: r.id,
          state: health,
          detail: `${vs.label} / ${r.label}${source ? ` (as ${source} sees it)` : ''}`,
        });
        st.health.set(r.id, health);
      }
      if (st.admin.has(r.id) ? st.admin.get(r.id) !== r.adminState : r.adminState !== 'online') {
        events.push({ t: nowS, kind: 'admin', ref: r.id, state: r.adminState, detail: `${vs.label} / ${r.label}` });
      }
      st.admin.set(r.id, r.adminState);
    }
  }
  return samples;
}

function vrrpEvents(overview: Overview, st: CollectorState, nowS: number, events: EventInput[]): void {
  for (const d of overview.directors) {
    const state = d.vrrpState ?? (d.reachable ? 'no keepalived' : 'unreachable');
    if (st.vrrp.get(d.id) === state) continue;
    // The director's notify hook says when it changed (more exact than this poll), if it is recent.
    const since = d.vrrpSince ? Math.floor(Date.parse(d.vrrpSince) / 1000) : null;
    const at = since !== null && since <= nowS && since > nowS - 5 * 60 && d.vrrpState ? since : nowS;
    events.push({ t: at, kind: 'vrrp', ref: d.id, state, detail: d.name + (d.error && !d.reachable ? `: ${d.error}` : '') });
    st.vrrp.set(d.id, state);
  }
}
