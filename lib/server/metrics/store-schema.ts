// The metrics file's tables and the SQL that names their columns (see lib/server/metrics/store.ts).
import 'server-only';
import type Database from 'better-sqlite3';
import { WHOLE_METRICS } from '../../render/timeseries';
import { METRICS, type Step } from '../../schemas/metrics';

export const COLS = METRICS.map((m) => `"${m}"`);
export const TABLE: Record<Step, string> = { 10: 'raw', 60: 'm1', 3600: 'h1' };

/** Creates what is missing (a new file, or one written by an older console). */
export function createTables(db: Database.Database): void {
  db.exec(`
      CREATE TABLE IF NOT EXISTS target (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref TEXT NOT NULL, sparse INTEGER NOT NULL, UNIQUE (kind, ref));
      CREATE TABLE IF NOT EXISTS poll (res INTEGER NOT NULL, t INTEGER NOT NULL, n INTEGER NOT NULL, source TEXT, rows INTEGER, PRIMARY KEY (res, t)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS raw (target INTEGER NOT NULL, t INTEGER NOT NULL, ${COLS.map((c) => `${c} REAL`).join(', ')}, PRIMARY KEY (target, t)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS m1 (target INTEGER NOT NULL, t INTEGER NOT NULL, k INTEGER NOT NULL, ${rollupColumns()}, PRIMARY KEY (target, t)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS h1 (target INTEGER NOT NULL, t INTEGER NOT NULL, k INTEGER NOT NULL, ${rollupColumns()}, PRIMARY KEY (target, t)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS event (id INTEGER PRIMARY KEY, t INTEGER NOT NULL, kind TEXT NOT NULL, ref TEXT NOT NULL, state TEXT NOT NULL, detail TEXT);
      CREATE INDEX IF NOT EXISTS event_ref ON event (kind, ref, t);
      -- Covering: the availability table reads a range's changes from the index alone.
      DROP INDEX IF EXISTS event_t;
      CREATE INDEX IF NOT EXISTS event_kind_t ON event (kind, t, ref, state);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `);
  countRowsOfOldPolls(db);
}

/**
 * A file written before polls counted their rows (the size budget reads them): counted once, per bucket,
 * from the rows themselves.
 */
function countRowsOfOldPolls(db: Database.Database): void {
  const cols = db.prepare('PRAGMA table_info(poll)').all() as { name: string }[];
  if (cols.some((c) => c.name === 'rows')) return;
  db.transaction(() => {
    db.exec('ALTER TABLE poll ADD COLUMN rows INTEGER');
    for (const [res, table] of Object.entries(TABLE)) {
      db.exec(`CREATE TEMP TABLE counted AS SELECT t, count(*) AS n FROM ${table} GROUP BY t`);
      db.prepare('UPDATE poll SET rows = coalesce((SELECT n FROM counted WHERE counted.t = poll.t), 0) WHERE res = ?').run(Number(res));
      db.exec('DROP TABLE counted');
    }
  })();
}

/** An average as stored: whole units for bytes and packets per second (see WHOLE_METRICS). */
export function avg(col: string, expr: string) {
  return (WHOLE_METRICS as readonly string[]).includes(col.slice(1, -1)) ? `round(${expr})` : expr;
}

export function rollupNames() {
  return METRICS.flatMap((m) => [`"${m}_min"`, `"${m}_avg"`, `"${m}_max"`]).join(', ');
}
function rollupColumns() {
  return METRICS.flatMap((m) => [`"${m}_min" REAL`, `"${m}_avg" REAL`, `"${m}_max" REAL`]).join(', ');
}

/** The INSERT that rolls one bucket up (@start, @end; @n: the polls in it) into the minutes (from raw) or the hours (from the minutes). */
export function rollupSql(step: 60 | 3600): string {
  if (step === 60) {
    // From the raw samples: a missing row of a sparse target is a zero, a null is unknown.
    const exprs = COLS.map((c) => {
      const zeros = `(t.sparse AND count(*) < @n)`;
      return `CASE WHEN ${zeros} THEN min(coalesce(min(r.${c}), 0), 0) ELSE min(r.${c}) END,
          ${avg(c, `total(r.${c}) / nullif(CASE WHEN t.sparse THEN @n - count(*) + count(r.${c}) ELSE count(r.${c}) END, 0)`)},
          CASE WHEN ${zeros} THEN max(coalesce(max(r.${c}), 0), 0) ELSE max(r.${c}) END`;
    });
    // k: how many samples the row stands for (the hour weighs each minute by it).
    return `INSERT INTO m1 (target, t, k, ${rollupNames()}) SELECT r.target, @start, CASE WHEN t.sparse THEN @n ELSE count(*) END, ${exprs.join(', ')}
        FROM raw r JOIN target t ON t.id = r.target WHERE r.t >= @start AND r.t < @end GROUP BY r.target`;
  }
  // From the minutes: each minute's average weighs as many samples as it stands for.
  const exprs = COLS.map((c) => {
    const base = c.slice(1, -1);
    const [mn, av, mx] = [`"${base}_min"`, `"${base}_avg"`, `"${base}_max"`];
    const zeros = `(t.sparse AND count(*) < (SELECT count(*) FROM poll WHERE res = 60 AND n > 0 AND t >= @start AND t < @end))`;
    return `CASE WHEN ${zeros} THEN min(coalesce(min(m.${mn}), 0), 0) ELSE min(m.${mn}) END,
          ${avg(c, `total(m.${av} * m.k) / nullif(CASE WHEN t.sparse THEN @n - total(CASE WHEN m.${av} IS NULL THEN m.k END) ELSE total(CASE WHEN m.${av} IS NOT NULL THEN m.k END) END, 0)`)},
          CASE WHEN ${zeros} THEN max(coalesce(max(m.${mx}), 0), 0) ELSE max(m.${mx}) END`;
  });
  return `INSERT INTO h1 (target, t, k, ${rollupNames()}) SELECT m.target, @start, CASE WHEN t.sparse THEN @n ELSE total(m.k) END, ${exprs.join(', ')}
        FROM m1 m JOIN target t ON t.id = m.target WHERE m.t >= @start AND m.t < @end GROUP BY m.target`;
}
