// Where Graphs and Reports keep their time series: a second SQLite file beside the console's database
// (`metrics.sqlite`), written with better-sqlite3 directly. Why a second file: a poll at 1,000 services
// x 10 real servers writes up to 11,000 rows every 10 s and the rollups aggregate hundreds of thousands;
// in the main database that would grow its file and its backups by gigabytes and make every
// configuration write wait behind the collector. Here one poll is one transaction of prepared
// statements (no ORM round trips), and losing the file loses history, never configuration.
//
// Tables: `target` (what a series is about), `raw` (10 s, kept up to 24 h), `m1` (1 min, up to 30 days)
// and `h1` (1 h, up to a year) with min/avg/max per metric, `poll` (the buckets in which a poll happened
// at each resolution, with how many rows it wrote: a bucket without a poll is a gap), `event` (health,
// admin-state and VRRP changes) and `meta` (the retention in force: the file's size budget, store-retention.ts).
import 'server-only';
import path from 'node:path';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { isSparse, assemblePoints, type StoredRow } from '../../render/timeseries';
import { defaultBudgetBytes, loadRetention, planStoreRetention, tableStats, type RetentionInForce } from './store-retention';
import { COLS, createTables, rollupSql, TABLE } from './store-schema';
import { DiskFloor, metricsDbPath } from './store-file';
import { METRICS, RETENTION_S, STEPS, type Metric, type Point, type Step, type TargetKind } from '../../schemas/metrics';

export type { RetentionInForce };

export interface SampleInput {
  kind: TargetKind;
  ref: string;
  values: Partial<Record<Metric, number | null>>;
}

export interface EventInput {
  t: number;
  kind: 'health' | 'admin' | 'vrrp';
  ref: string;
  state: string;
  detail?: string | null;
}

export interface StoredEvent extends EventInput {
  detail: string | null;
}

export class MetricsStore {
  readonly db: Database.Database;
  private targetIds = new Map<string, number>();
  private stmts: ReturnType<MetricsStore['prepare']>;
  private inForce: RetentionInForce;

  constructor(
    readonly file: string,
    readonly floor = new DiskFloor(path.dirname(file)),
    readonly budgetBytes = defaultBudgetBytes(),
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // The write-ahead log shrinks back after a large rollup or prune instead of keeping its peak size.
    this.db.pragma('journal_size_limit = 67108864');
    createTables(this.db);
    this.inForce = loadRetention(this.db, budgetBytes);
    for (const r of this.db.prepare('SELECT id, kind, ref FROM target').all() as { id: number; kind: string; ref: string }[])
      this.targetIds.set(`${r.kind}\0${r.ref}`, r.id);
    this.stmts = this.prepare();
  }

  private prepare() {
    return {
      insertTarget: this.db.prepare('INSERT INTO target (kind, ref, sparse) VALUES (?, ?, ?) RETURNING id'),
      insertPoll: this.db.prepare('INSERT OR REPLACE INTO poll (res, t, n, source, rows) VALUES (?, ?, ?, ?, ?)'),
      insertRaw: this.db.prepare(
        `INSERT OR REPLACE INTO raw (target, t, ${COLS.join(', ')}) VALUES (?, ?, ${COLS.map(() => '?').join(', ')})`,
      ),
      insertEvent: this.db.prepare('INSERT INTO event (t, kind, ref, state, detail) VALUES (?, ?, ?, ?, ?)'),
      lastPoll: this.db.prepare('SELECT max(t) AS t FROM poll WHERE res = 10'),
      firstPoll: this.db.prepare('SELECT min(t) AS t FROM poll'),
      countPolls: this.db.prepare('SELECT count(*) AS polls, total(n) AS n FROM poll WHERE res = 10 AND t >= ? AND t < ?'),
    };
  }

  private targetId(kind: TargetKind, ref: string): number {
    const key = `${kind}\0${ref}`;
    let id = this.targetIds.get(key);
    if (id === undefined) {
      id = (this.stmts.insertTarget.get(kind, ref, isSparse(kind) ? 1 : 0) as { id: number }).id;
      this.targetIds.set(key, id);
    }
    return id;
  }

  /**
   * One poll, in one transaction: its bucket, every sample (sparse targets only when a value is not
   * zero) and the events; then the minute and hour that just ended are rolled up, and old rows pruned.
   */
  recordPoll(t: number, source: string | null, samples: SampleInput[], events: EventInput[] = []): void {
    const s = this.stmts;
    const room = this.floor.allows(t); // below the free-space floor: the events only (a gap in the graphs)
    const write = this.db.transaction(() => {
      for (const e of events) s.insertEvent.run(e.t, e.kind, e.ref, e.state, e.detail ?? null);
      if (!room) return;
      const lastT = (s.lastPoll.get() as { t: number | null }).t;
      // n: whether the services' figures were read (a director carried the traffic); a poll without them is a gap for them only.
      let rows = 0;
      for (const smp of samples) {
        const vals = METRICS.map((m) => (m in smp.values ? (smp.values[m] ?? null) : null));
        if (isSparse(smp.kind) && METRICS.every((m) => !(m in smp.values) || smp.values[m] === 0)) continue;
        rows += s.insertRaw.run(this.targetId(smp.kind, smp.ref), t, ...vals).changes;
      }
      s.insertPoll.run(10, t, source ? 1 : 0, source, rows);
      // A bucket that ended since the previous poll is rolled up now (its samples are complete).
      if (lastT !== null) {
        if (Math.floor(lastT / 60) < Math.floor(t / 60)) this.rollup(60, Math.floor(lastT / 60) * 60);
        if (Math.floor(lastT / 3600) < Math.floor(t / 3600)) {
          this.rollup(3600, Math.floor(lastT / 3600) * 3600);
          this.planRetention(t);
          this.prune(t);
        }
      }
    });
    write();
  }

  /** Writes the rollup of one bucket (`start`, `step` seconds long) from the finer resolution below it. */
  rollup(step: 60 | 3600, start: number): void {
    const end = start + step;
    const { polls, n } = this.stmts.countPolls.get(start, end) as { polls: number; n: number };
    if (!polls) return;
    const table = TABLE[step];
    this.db.prepare(`DELETE FROM ${table} WHERE t = ?`).run(start);
    const rows = this.db.prepare(rollupSql(step)).run({ n, start, end }).changes;
    this.stmts.insertPoll.run(step, start, n, null, rows);
  }

  /** How long each resolution is kept now, and within what budget. */
  retention(): RetentionInForce {
    return this.inForce;
  }

  /** Plans how long each resolution is kept within the budget (every hour, before the prune; see store-retention.ts). */
  planRetention(now: number): RetentionInForce {
    this.inForce = planStoreRetention(this.db, this.budgetBytes, now);
    return this.inForce;
  }

  /** Drops what is older than each resolution keeps (runs every hour, from recordPoll). */
  prune(now: number): void {
    for (const step of STEPS) {
      const cut = now - this.inForce.kept[step];
      // Per target, along the primary key (target, t): no scan of the whole table.
      this.db.prepare(`DELETE FROM ${TABLE[step]} WHERE target IN (SELECT id FROM target) AND t < ?`).run(cut);
      this.db.prepare('DELETE FROM poll WHERE res = ? AND t < ?').run(step, cut);
    }
    this.db.prepare('DELETE FROM event WHERE t < ?').run(now - RETENTION_S[3600]);
  }

  /**
   * Points of one series at one resolution in [from, to). `since`: when the service or real server came
   * to exist (seconds): the polls before it did not read it, so they are no points of it (not zeros).
   */
  series(kind: TargetKind, ref: string, metric: Metric, from: number, to: number, step: Step, since?: number): Point[] {
    // For services and real servers only the polls that read them count; directors' own series use every poll.
    const polls = (
      this.db.prepare('SELECT t, n FROM poll WHERE res = ? AND t >= ? AND t < ? ORDER BY t').all(step, from, to) as {
        t: number;
        n: number;
      }[]
    )
      // A 10 s sample is an instant; a minute or an hour counts when any of it came after `since`.
      .filter((p) => (!isSparse(kind) || p.n > 0) && (since === undefined || (step === 10 ? p.t >= since : p.t + step > since)))
      .map((p) => p.t);
    const id = this.targetIds.get(`${kind}\0${ref}`);
    let rows: StoredRow[] = [];
    if (id !== undefined) {
      rows =
        step === 10
          ? (
              this.db.prepare(`SELECT t, "${metric}" AS v FROM raw WHERE target = ? AND t >= ? AND t < ?`).all(id, from, to) as {
                t: number;
                v: number | null;
              }[]
            ).map((r) => ({ t: r.t, min: r.v, avg: r.v, max: r.v }))
          : (this.db
              .prepare(
                `SELECT t, "${metric}_min" AS min, "${metric}_avg" AS avg, "${metric}_max" AS max FROM ${TABLE[step]} WHERE target = ? AND t >= ? AND t < ?`,
              )
              .all(id, from, to) as StoredRow[]);
    }
    return assemblePoints(polls, rows, step, isSparse(kind));
  }

  /** The refs of a kind that have samples in [from, to) at a resolution, with the largest average of a metric first. */
  busiest(kind: TargetKind, metric: Metric, from: number, to: number, step: Step, limit: number): string[] {
    const col = step === 10 ? `"${metric}"` : `"${metric}_avg"`;
    return (
      this.db
        .prepare(
          `SELECT tg.ref AS ref FROM ${TABLE[step]} x JOIN target tg ON tg.id = x.target WHERE tg.kind = ? AND x.t >= ? AND x.t < ? GROUP BY x.target ORDER BY total(x.${col}) DESC, tg.ref LIMIT ?`,
        )
        .all(kind, from, to, limit) as { ref: string }[]
    ).map((r) => r.ref);
  }

  /** Refs of a kind ever recorded (for the interfaces of a director). */
  refs(kind: TargetKind, prefix = ''): string[] {
    return (
      this.db.prepare('SELECT ref FROM target WHERE kind = ? AND substr(ref, 1, ?) = ? ORDER BY ref').all(kind, prefix.length, prefix) as {
        ref: string;
      }[]
    ).map((r) => r.ref);
  }

  lastPollTime(): number | null {
    return (this.stmts.lastPoll.get() as { t: number | null }).t;
  }

  /** The oldest poll still kept, at any resolution: since when there is anything to draw. */
  firstPollTime(): number | null {
    return (this.stmts.firstPoll.get() as { t: number | null }).t;
  }

  /** The last event of each ref of a kind at or before t (a real server's state when a range starts). */
  stateAt(kind: EventInput['kind'], t: number, refs?: string[]): Map<string, string> {
    // The newest event of each ref: found on the index (kind, ref, t), then one row read per ref.
    const rows = this.db
      .prepare(
        'SELECT e.ref, e.state FROM event e JOIN (SELECT max(id) AS id FROM event WHERE kind = ? AND t <= ? GROUP BY ref) last ON last.id = e.id',
      )
      .raw()
      .all(kind, t) as [string, string][];
    const wanted = refs ? new Set(refs) : null;
    return new Map(rows.filter((r) => !wanted || wanted.has(r[0])).map((r) => [r[0], r[1]]));
  }

  /**
   * Every ref's transitions of a kind in [from, to), oldest first, with its state when the range starts
   * (the availability table: one pass, rows as arrays).
   */
  timelines(
    kind: EventInput['kind'],
    from: number,
    to: number,
  ): Map<string, { before: string | null; events: { t: number; state: string }[] }> {
    const out = new Map<string, { before: string | null; events: { t: number; state: string }[] }>();
    const get = (ref: string) => {
      let x = out.get(ref);
      if (!x) out.set(ref, (x = { before: null, events: [] }));
      return x;
    };
    for (const [ref, state] of this.stateAt(kind, from - 1)) get(ref).before = state;
    const rows = this.db
      .prepare('SELECT ref, t, state FROM event WHERE kind = ? AND t >= ? AND t < ? ORDER BY t')
      .raw()
      .all(kind, from, to) as [string, number, string][];
    for (const [ref, t, state] of rows) get(ref).events.push({ t, state });
    return out;
  }

  /** Events of a kind in [from, to), oldest first. */
  events(kind: EventInput['kind'], from: number, to: number): StoredEvent[] {
    return this.db
      .prepare('SELECT t, kind, ref, state, detail FROM event WHERE kind = ? AND t >= ? AND t < ? ORDER BY t, id')
      .all(kind, from, to) as StoredEvent[];
  }

  /** Rows per table and the file's size (the bench, the tests). */
  stats(): { bytes: number; rows: Record<string, number> } {
    return tableStats(this.db, this.file);
  }

  close() {
    this.db.close();
  }
}

const processWide = globalThis as unknown as { lvsMetricsStore?: MetricsStore };

/** The console's metrics store (one per process). */
export function getMetricsStore(): MetricsStore {
  processWide.lvsMetricsStore ??= new MetricsStore(metricsDbPath());
  return processWide.lvsMetricsStore;
}
