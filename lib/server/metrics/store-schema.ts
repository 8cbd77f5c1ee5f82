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
      CREATE TABLE IF NOT EXISTS poll (res INTEGER NOT NULL, t INTEGER NOT NULL, n INTEGER NOT NULL, source TEXT, PRIMARY KEY (res, t)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS raw (target INTEGER NOT NULL, t INTEGER NOT NULL, ${COLS.map((c) => `${c} REAL`).join(', ')}, PRIMARY KEY (target, t)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS m1 (target INTEGER NOT NULL, t INTEGER NOT NULL, k INTEGER NOT NULL, ${rollupColumns()}, PRIMARY KEY (target, t)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS h1 (target INTEGER NOT NULL, t INTEGER NOT NULL, k INTEGER NOT NULL, ${rollupColumns()}, PRIMARY KEY (target, t)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS event (id INTEGER PRIMARY KEY, t INTEGER NOT NULL, kind TEXT NOT NULL, ref TEXT NOT NULL, state TEXT NOT NULL, detail TEXT);
      CREATE INDEX IF NOT EXISTS event_ref ON event (kind, ref, t);
      -- Covering: the availability table reads a range's changes from the index alone.
      DROP INDEX IF EXISTS event_t;
      CREATE INDEX IF NOT EXISTS event_kind_t ON event (kind, t, ref, state);
  `);
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
