// The pure half of Graphs and Reports: kernel counters into rates, stored rows into chart points
// (gaps stay gaps), which resolution a range is drawn from, real-server availability from health
// events, and CSV. The storage itself is lib/server/metrics/store.ts; the vocabulary, lib/schemas/metrics.ts.
import {
  RETENTION_S,
  STEPS,
  type Availability,
  type HealthState,
  type Metric,
  type Outage,
  type Point,
  type Step,
  type TargetKind,
} from '../schemas/metrics';

/** Seconds between two samples of the collector. */
export const RAW_STEP_S = 10;

/** Rates of bytes and packets are kept in whole units per second (a fraction of a byte says nothing, and whole numbers take 1-4 bytes on disk instead of 8). */
export const WHOLE_METRICS: readonly Metric[] = ['inBytes', 'outBytes', 'inPackets', 'outPackets', 'rxBytes', 'txBytes'];

/**
 * Services and real servers are stored sparsely: a sample that is all zeros is not written, so a poll
 * that happened with no row for them means zero. Directors and interfaces are written at every poll
 * that reached them: no row means the director did not answer (a gap).
 */
export const isSparse = (kind: TargetKind) => kind === 'service' || kind === 'realServer';

export interface CounterReading {
  t: number; // seconds
  value: number;
  /** Where the counter lives (the director): counters of two directors are never subtracted. */
  origin: string;
}

/** The longest interval a rate is computed over; past it the next sample starts a new segment. */
export const MAX_RATE_INTERVAL_S = 60;

/**
 * Per-second rate between two readings of a cumulative counter. Null (a new segment) when there is no
 * earlier reading, it came from another director, it is too old, or the counter went down (the
 * director rebooted or reloaded its table): never a negative rate.
 */
export function counterRate(prev: CounterReading | undefined, cur: CounterReading): number | null {
  if (!prev || prev.origin !== cur.origin) return null;
  const dt = cur.t - prev.t;
  if (dt <= 0 || dt > MAX_RATE_INTERVAL_S) return null;
  if (cur.value < prev.value) return null;
  return (cur.value - prev.value) / dt;
}

export interface StoredRow {
  t: number;
  min: number | null;
  avg: number | null;
  max: number | null;
}

/**
 * Chart points from what is stored: one point per poll bucket; a bucket with a poll but no row is zero
 * for sparse targets and a gap for the others; buckets without any poll are gaps, marked by one null
 * point so that a chart breaks its line there instead of drawing across.
 */
export function assemblePoints(polls: number[], rows: StoredRow[], step: number, sparse: boolean): Point[] {
  const byT = new Map(rows.map((r) => [r.t, r]));
  const out: Point[] = [];
  let last: number | null = null;
  for (const t of [...polls].sort((a, b) => a - b)) {
    if (last !== null && t - last > step) out.push([last + step, null, null, null]);
    const r = byT.get(t);
    out.push(r ? [t, r.min, r.avg, r.max] : sparse ? [t, 0, 0, 0] : [t, null, null, null]);
    last = t;
  }
  return out;
}

/** The finest resolution that still holds `from` (as long as it is kept now) and draws the range in at most `maxPoints` points. */
export function chooseStep(from: number, to: number, now: number, maxPoints = 12_000, kept: Retention = RETENTION_S): Step {
  for (const step of STEPS) {
    if (from < now - kept[step]) continue;
    if ((to - from) / step <= maxPoints) return step;
  }
  return 3600;
}

// ---- retention under a size budget ----

/** Seconds each resolution is kept. */
export type Retention = Record<Step, number>;

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * What the budget buys first, in this order: each stage raises one resolution to a span (never past
 * RETENTION_S). First what each range of the graphs draws from (the hour at 10 s, the day at 1 min, the
 * month at 1 h), then a year of hours, then the week at 1 min, then the rest of the raw day and of the
 * minutes' month.
 */
export const RETENTION_STAGES: readonly (readonly [Step, number])[] = [
  [10, HOUR],
  [60, 25 * HOUR],
  [3600, 31 * DAY],
  [3600, 365 * DAY],
  [60, 8 * DAY],
  [10, DAY],
  [60, 30 * DAY],
];

/** Below these the rollups would lose their input (a minute is rolled up from 10 s samples, an hour from minutes). */
export const RETENTION_FLOOR: Retention = { 10: 15 * 60, 60: 2 * HOUR, 3600: 2 * DAY };

/**
 * How long each resolution can be kept within `budgetBytes`, given how many rows each writes per second
 * and what a row of each costs on disk: RETENTION_STAGES in order, the last one reached in part.
 */
export function planRetention(p: { budgetBytes: number; rowsPerSecond: Retention; bytesPerRow: Retention }): Retention {
  const kept: Retention = { ...RETENTION_FLOOR };
  const cost = (step: Step, seconds: number) => p.rowsPerSecond[step] * seconds * p.bytesPerRow[step];
  let left = p.budgetBytes - STEPS.reduce((sum, step) => sum + cost(step, kept[step]), 0);
  for (const [step, span] of RETENTION_STAGES) {
    const want = Math.min(span, RETENTION_S[step]);
    if (want <= kept[step]) continue;
    const perSecond = cost(step, 1);
    const extra = perSecond > 0 ? Math.min(want - kept[step], Math.max(0, left) / perSecond) : want - kept[step];
    kept[step] += Math.floor(extra);
    left -= extra * perSecond;
    if (kept[step] < want) break; // the budget is spent
  }
  return kept;
}

/** "24 h", "8 days", "15 min": a retention as the Reports page says it. */
export function spanText(seconds: number): string {
  if (seconds >= 2 * DAY) return `${Math.floor(seconds / DAY)} days`;
  if (seconds >= 2 * HOUR) return `${Math.floor(seconds / HOUR)} h`;
  return `${Math.floor(seconds / 60)} min`;
}

// ---- availability ----

export interface HealthEvent {
  t: number; // seconds
  state: HealthState;
}

/**
 * Availability of one real server in [from, to) from its health transitions: `before` is its state when
 * the range starts (the last event before it), `events` the transitions inside the range, in order.
 * Time before the first known state is unknown. An outage is a stretch of `down`; one that started
 * before the range is counted from the range's start.
 */
export function availability(before: HealthState | null, events: HealthEvent[], from: number, to: number): Availability {
  const spans = { up: 0, down: 0, unknown: 0, maintenance: 0 } satisfies Record<HealthState, number>;
  const outages: Outage[] = [];
  let state: HealthState = before ?? 'unknown';
  let since = from;
  const close = (end: number) => {
    if (end <= since) return;
    spans[state] += end - since;
    if (state === 'down') {
      const prev = outages[outages.length - 1];
      if (prev && prev.to === since) prev.to = end;
      else outages.push({ from: since, to: end, ongoing: false });
    }
  };
  for (const e of events) {
    if (e.t < from || e.t >= to) continue;
    if (e.state === state) continue;
    close(e.t);
    state = e.state;
    since = e.t;
  }
  close(to);
  if (state === 'down' && outages.length) outages[outages.length - 1].ongoing = true;
  const seen = spans.up + spans.down;
  return {
    upS: spans.up,
    downS: spans.down,
    unknownS: spans.unknown,
    maintenanceS: spans.maintenance,
    uptimePercent: seen > 0 ? (100 * spans.up) / seen : null,
    outages,
    longestOutageS: outages.reduce((m, o) => Math.max(m, o.to - o.from), 0),
  };
}

// ---- CSV ----

function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // A cell a spreadsheet would run as a formula is quoted with a leading apostrophe.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV (CRLF line ends), with a header row. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const isoSeconds = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');

/** A series as CSV: time (ISO 8601, UTC), min, avg, max; gaps as empty cells. */
export function seriesCsv(points: Point[], unit: string): string {
  const u = unit ? ` (${unit})` : '';
  return toCsv(
    ['time', `min${u}`, `avg${u}`, `max${u}`],
    points.map(([t, a, b, c]) => [isoSeconds(t), a, b, c]),
  );
}
