// The metrics file's size budget: how long each resolution is kept so that the file stays within
// LVS_METRICS_MAX_MB (4,096 MB by default). Every hour, before the prune, the store measures what a row
// costs in this file (its pages in use over its rows) and how many rows each resolution writes per
// second (the last hour's polls), and planRetention (lib/render/timeseries.ts) spends the budget in the
// order of RETENTION_STAGES. The plan is kept in the file's `meta` table, so a restart keeps it.
import 'server-only';
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { planRetention, type Retention } from '../../render/timeseries';
import { RETENTION_S, STEPS, type Step } from '../../schemas/metrics';

/** The metrics file's size budget: LVS_METRICS_MAX_MB (4,096 MB by default). */
export const defaultBudgetBytes = (env = process.env) => (Number(env.LVS_METRICS_MAX_MB) || 4096) * 1024 * 1024;

/**
 * What one rollup row (min, avg and max of every metric) costs on disk against one 10 s sample, as
 * measured by `npm run bench -- --metrics-only`. The file's own size sets the scale every hour; this
 * only splits it between the resolutions.
 */
export const ROLLUP_ROW_WEIGHT = 2.5;

export interface RetentionInForce {
  kept: Retention;
  budgetBytes: number;
  /** Bytes in use in the file (pages holding data) when the retention was last planned. */
  usedBytes: number | null;
  /** Whether the budget shortens any resolution below its longest (RETENTION_S). */
  limited: boolean;
}

const nominal = (budgetBytes: number): RetentionInForce => ({ kept: { ...RETENTION_S }, budgetBytes, usedBytes: null, limited: false });

/** The plan saved by the last hour's planning, else the longest retention. */
export function loadRetention(db: Database.Database, budgetBytes: number): RetentionInForce {
  const saved = db.prepare("SELECT value FROM meta WHERE key = 'retention'").get() as { value: string } | undefined;
  if (!saved) return nominal(budgetBytes);
  const plan = JSON.parse(saved.value) as RetentionInForce;
  // A larger budget than the one planned with: the longest until the next plan (it only lets rows stay longer).
  return plan.budgetBytes === budgetBytes ? plan : nominal(budgetBytes);
}

/** Bytes of the file's pages that hold data (its free pages are reused before it grows). */
export function usedBytes(db: Database.Database): number {
  const pragma = (name: string) => db.pragma(name, { simple: true }) as number;
  return (pragma('page_count') - pragma('freelist_count')) * pragma('page_size');
}

/** Measures, plans and saves the retention for the hour that starts at `now`. */
export function planStoreRetention(db: Database.Database, budgetBytes: number, now: number): RetentionInForce {
  const used = usedBytes(db);
  const heldStmt = db.prepare('SELECT total(rows) AS n FROM poll WHERE res = ?');
  const held = Object.fromEntries(STEPS.map((step) => [step, (heldStmt.get(step) as { n: number }).n])) as Retention;
  const events = (db.prepare('SELECT count(*) AS n FROM event').get() as { n: number }).n;
  const weighted = held[10] + events + ROLLUP_ROW_WEIGHT * (held[60] + held[3600]);
  if (weighted < 1000) return { ...nominal(budgetBytes), usedBytes: used }; // too little written to measure a row
  const unit = used / weighted;
  const recent = db.prepare('SELECT total(rows) AS n, min(t) AS first FROM poll WHERE res = ? AND t >= ?');
  const rate = (step: Step) => {
    const r = recent.get(step, now - 3600) as { n: number; first: number | null };
    return r.first === null ? null : r.n / Math.max(step, now - r.first);
  };
  const r10 = rate(10) ?? 0;
  const r60 = rate(60) ?? r10 / 6;
  const lastHour = db.prepare('SELECT rows FROM poll WHERE res = 3600 ORDER BY t DESC LIMIT 1').get() as
    { rows: number | null } | undefined;
  const r3600 = lastHour?.rows != null ? lastHour.rows / 3600 : r60 / 60;
  const rowsPerSecond = { 10: r10, 60: r60, 3600: r3600 };
  const bytesPerRow = { 10: unit, 60: ROLLUP_ROW_WEIGHT * unit, 3600: ROLLUP_ROW_WEIGHT * unit };
  // The prune runs every hour: until the next one, each resolution holds an hour more than it keeps.
  const nextHour = STEPS.reduce((sum, step) => sum + 3600 * rowsPerSecond[step] * bytesPerRow[step], 0);
  const kept = planRetention({ budgetBytes: budgetBytes - events * unit - nextHour, rowsPerSecond, bytesPerRow });
  const plan = { kept, budgetBytes, usedBytes: used, limited: STEPS.some((step) => kept[step] < RETENTION_S[step]) };
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('retention', ?)").run(JSON.stringify(plan));
  return plan;
}

/** Rows per table and the file's size, after a checkpoint (the bench, the tests). */
export function tableStats(db: Database.Database, file: string): { bytes: number; rows: Record<string, number> } {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const rows = Object.fromEntries(
    ['raw', 'm1', 'h1', 'poll', 'event', 'target'].map((tb) => [
      tb,
      (db.prepare(`SELECT count(*) AS n FROM ${tb}`).get() as { n: number }).n,
    ]),
  );
  return { bytes: fs.statSync(file).size, rows };
}
