// The metrics store on a real (temporary) SQLite file: one transaction per poll, exact rollups with
// min/avg/max, sparse zeros versus gaps, and retention pruning.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { MetricsStore } from './store';
import { keptText } from './reports';
import { usedBytes } from './store-retention';
import { RETENTION_S } from '../../schemas/metrics';

let dir: string;
let store: MetricsStore;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-metrics-'));
  store = new MetricsStore(path.join(dir, 'metrics.sqlite'));
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const T0 = 1_800_000_000; // a whole hour (and minute) in seconds

describe('the metrics store', () => {
  it('rolls each minute up with the exact min, avg and max, zeros included for a sparsely stored service', () => {
    // A service with 4 active connections, then 0 (not written), then 2, 8, 0, 6 within one minute.
    const values = [4, 0, 2, 8, 0, 6];
    values.forEach((v, i) =>
      store.recordPoll(T0 + i * 10, 'director1', [{ kind: 'service', ref: 'vs1', values: { activeConnections: v } }]),
    );
    store.recordPoll(T0 + 60, 'director1', []); // the next minute begins: the first one is rolled up
    expect(store.series('service', 'vs1', 'activeConnections', T0, T0 + 60, 60)).toEqual([[T0, 0, 20 / 6, 8]]);
    // The raw samples are drawn as they were, with the zeros.
    expect(store.series('service', 'vs1', 'activeConnections', T0, T0 + 60, 10).map((p) => p[2])).toEqual(values);
  });

  it("rolls the hour up from the minutes, each weighted by its polls, and keeps a director's missing samples out of its average", () => {
    // Minute 0: load 1 at 6 polls; minute 1: load 4 at 3 polls (the director did not answer 3 times).
    for (let i = 0; i < 6; i++) store.recordPoll(T0 + i * 10, null, [{ kind: 'director', ref: 'd1', values: { load1: 1 } }]);
    for (let i = 6; i < 12; i++) store.recordPoll(T0 + i * 10, null, i % 2 ? [] : [{ kind: 'director', ref: 'd1', values: { load1: 4 } }]);
    store.recordPoll(T0 + 3600, null, []); // next hour: minute 1 and the hour are rolled up
    expect(store.series('director', 'd1', 'load1', T0, T0 + 120, 60)).toEqual([
      [T0, 1, 1, 1],
      [T0 + 60, 4, 4, 4],
    ]);
    expect(store.series('director', 'd1', 'load1', T0, T0 + 3600, 3600)).toEqual([[T0, 1, 2, 4]]);
  });

  it('a poll in which no director carried the traffic is a gap for services, not a zero', () => {
    store.recordPoll(T0, 'director1', [{ kind: 'service', ref: 'vs1', values: { activeConnections: 5 } }]);
    store.recordPoll(T0 + 10, null, []);
    store.recordPoll(T0 + 20, 'director1', []);
    expect(store.series('service', 'vs1', 'activeConnections', T0, T0 + 30, 10)).toEqual([
      [T0, 5, 5, 5],
      [T0 + 10, null, null, null],
      [T0 + 20, 0, 0, 0],
    ]);
  });

  it('a service created after the first polls has no points before it existed (not zeros), at each resolution', () => {
    for (let i = 0; i < 12; i++)
      store.recordPoll(T0 + i * 10, 'director1', [{ kind: 'service', ref: 'old', values: { activeConnections: 1 } }]);
    store.recordPoll(T0 + 3600, 'director1', []); // both minutes and the hour rolled up
    const created = T0 + 75; // during the second minute
    expect(store.series('service', 'new', 'activeConnections', T0, T0 + 120, 10, created).map((p) => p[0])).toEqual([
      T0 + 80,
      T0 + 90,
      T0 + 100,
      T0 + 110,
    ]);
    expect(store.series('service', 'new', 'activeConnections', T0, T0 + 120, 60, created)).toEqual([[T0 + 60, 0, 0, 0]]);
    expect(store.series('service', 'new', 'activeConnections', T0, T0 + 3600, 3600, created)).toEqual([[T0, 0, 0, 0]]);
    // Without it (a series whose start is not known), every poll counts.
    expect(store.series('service', 'new', 'activeConnections', T0, T0 + 120, 10)).toHaveLength(12);
  });

  it('an unknown rate (a counter reset) stays unknown in the minute instead of counting as zero', () => {
    store.recordPoll(T0, 'director1', [{ kind: 'service', ref: 'vs1', values: { newConnections: null } }]);
    store.recordPoll(T0 + 10, 'director1', [{ kind: 'service', ref: 'vs1', values: { newConnections: 30 } }]);
    store.recordPoll(T0 + 60, 'director1', []);
    // 6 polls in the minute: one unknown, one 30, four zeros: average over the five known.
    for (let i = 2; i < 6; i++) store.recordPoll(T0 + i * 10, 'director1', []);
    store.rollup(60, T0);
    expect(store.series('service', 'vs1', 'newConnections', T0, T0 + 60, 60)).toEqual([[T0, 0, 6, 30]]);
  });

  it('prunes each resolution past its retention, by itself every hour', () => {
    const day = 86400;
    expect(store.firstPollTime()).toBeNull();
    store.recordPoll(T0, 'director1', [{ kind: 'service', ref: 'vs1', values: { activeConnections: 1 } }]);
    store.recordPoll(T0 + 3600, 'director1', []); // rolls up T0's minute and hour
    expect(store.stats().rows).toMatchObject({ raw: 1, m1: 1, h1: 1 });
    store.recordPoll(T0 + day + 3600, 'director1', []); // an hour later than 24 h: raw goes, the rollups stay
    expect(store.stats().rows).toMatchObject({ raw: 0, m1: 1, h1: 1 });
    expect(store.firstPollTime()).toBe(T0); // the rollups still draw T0: recorded since then
    expect(store.series('service', 'vs1', 'activeConnections', T0, T0 + 60, 60)).toEqual([[T0, 1, 1, 1]]);
    store.recordPoll(T0 + 31 * day, 'director1', []);
    expect(store.stats().rows).toMatchObject({ m1: 0, h1: 1 });
    store.recordPoll(T0 + 367 * day, 'director1', []);
    expect(store.stats().rows).toMatchObject({ h1: 0 });
    expect(store.firstPollTime()).toBe(T0 + 31 * day); // the older polls are pruned: no longer "recorded since"
  });

  it('keeps events and answers the state at a time', () => {
    store.recordPoll(
      T0,
      'director1',
      [],
      [
        { t: T0, kind: 'health', ref: 'rs1', state: 'up' },
        { t: T0 + 5, kind: 'health', ref: 'rs1', state: 'down' },
        { t: T0 + 5, kind: 'vrrp', ref: 'd1', state: 'MASTER' },
      ],
    );
    expect(store.stateAt('health', T0 + 1)).toEqual(new Map([['rs1', 'up']]));
    expect(store.stateAt('health', T0 + 10)).toEqual(new Map([['rs1', 'down']]));
    expect(store.events('vrrp', T0, T0 + 10).map((e) => e.state)).toEqual(['MASTER']);
  });

  it('records no samples below the free-space floor (a gap, not zeros), keeps the events, says why, and resumes', () => {
    const rs = (v: number) => [{ kind: 'realServer' as const, ref: 'rs1', values: { activeConnections: v } }];
    store.recordPoll(T0, 'director1', rs(5));
    // A floor above this disk's free space: the disk counts as nearly full.
    const st = fs.statfsSync(dir);
    store.floor.floorBytes = st.bavail * st.bsize + 1024 ** 4;
    store.recordPoll(T0 + 10, 'director1', rs(7), [{ t: T0 + 10, kind: 'health', ref: 'rs1', state: 'down' }]);
    expect(store.floor.message()).toMatch(
      /^Recording stopped at .* UTC: only [\d,]+ MB free in .* \(the floor is [\d,]+ MB, LVS_METRICS_MIN_FREE_MB\)/,
    );
    expect(store.events('health', T0, T0 + 20).map((e) => e.state)).toEqual(['down']);
    store.floor.floorBytes = 0;
    store.recordPoll(T0 + 20, 'director1', rs(9));
    expect(store.floor.message()).toBeNull();
    // The poll in between is a gap (unknown), not a zero.
    expect(store.series('realServer', 'rs1', 'activeConnections', T0, T0 + 30, 10)).toEqual([
      [T0, 5, 5, 5],
      [T0 + 10, null, null, null],
      [T0 + 20, 9, 9, 9],
    ]);
  });
});

describe("the metrics file's size budget", () => {
  /** `hours` of 10 s polls of `n` busy real servers (every value changes, so every sample is written). */
  function busy(st: MetricsStore, n: number, hours: number, from = T0) {
    for (let i = 0; i < hours * 360; i++) {
      const t = from + i * 10;
      st.recordPoll(
        t,
        'director1',
        Array.from({ length: n }, (_, j) => ({
          kind: 'realServer' as const,
          ref: `rs${j}`,
          values: {
            activeConnections: 1 + ((i + j) % 7),
            inactiveConnections: j % 3,
            newConnections: 0.5 + (i % 5),
            inBytes: 40_000 + i + j,
          },
        })),
      );
    }
  }

  it('keeps what fits: 100 busy real servers for 9 hours in an 8 MB file, the finest samples first, and says so', () => {
    const file = path.join(dir, 'budget.sqlite');
    const small = new MetricsStore(file, undefined, 8 * 1024 * 1024);
    try {
      busy(small, 100, 9);
      const r = small.retention();
      expect(r.limited).toBe(true);
      // First the hour at 10 s, then as much of the day at 1 min as the rest allows; the hours at their floor.
      expect(r.kept[10]).toBe(3600);
      expect(r.kept[60]).toBeGreaterThan(2 * 3600);
      expect(r.kept[60]).toBeLessThan(25 * 3600);
      expect(r.kept[3600]).toBe(2 * 86400);
      const used = usedBytes(small.db);
      expect(used).toBeLessThanOrEqual(8 * 1024 * 1024);
      // What was pruned is what the plan no longer keeps: at most the kept hour and the hour until the next prune.
      expect(small.stats().rows.raw).toBeLessThanOrEqual(100 * 721);
      expect(small.stats().rows.m1).toBeLessThanOrEqual(100 * ((r.kept[60] + 3600) / 60 + 1));
      const last = T0 + 9 * 3600 - 10;
      expect(small.series('realServer', 'rs3', 'activeConnections', last - 3600, last + 10, 10).filter((p) => p[1] !== null)).toHaveLength(
        361,
      );
      expect(keptText(r)).toMatch(
        /^Kept: 10 s samples for 60 min, minutes for \d+ h, hours for 2 days, shorter than the longest \(24 h, 30 days, 365 days\) so that the metrics file stays within 8 MB \(LVS_METRICS_MAX_MB\)\.$/,
      );
    } finally {
      small.close();
    }
    // A restart keeps the plan in force.
    const again = new MetricsStore(file, undefined, 8 * 1024 * 1024);
    try {
      expect(again.retention().kept).toEqual(new MetricsStore(file, undefined, 8 * 1024 * 1024).retention().kept);
      expect(again.retention().limited).toBe(true);
    } finally {
      again.close();
    }
  }, 60_000);

  it('a small farm within the default budget keeps everything for as long as ever', () => {
    busy(store, 20, 2);
    expect(store.retention()).toMatchObject({ kept: RETENTION_S, limited: false });
    expect(keptText(store.retention())).toBe('Kept: 10 s samples for 24 h, minutes for 30 days, hours for 365 days.');
  });

  it('a file written before polls counted their rows is counted once when it is opened', () => {
    const file = path.join(dir, 'old.sqlite');
    const first = new MetricsStore(file);
    first.recordPoll(
      T0,
      'director1',
      [1, 2].map((v) => ({ kind: 'realServer' as const, ref: `rs${v}`, values: { activeConnections: v } })),
    );
    first.recordPoll(T0 + 10, 'director1', [{ kind: 'realServer', ref: 'rs1', values: { activeConnections: 3 } }]);
    first.close();
    const old = new Database(file);
    old.exec('ALTER TABLE poll DROP COLUMN rows'); // as an older console wrote it
    old.close();
    const opened = new MetricsStore(file);
    try {
      expect(opened.db.prepare('SELECT t, rows FROM poll WHERE res = 10 ORDER BY t').all()).toEqual([
        { t: T0, rows: 2 },
        { t: T0 + 10, rows: 1 },
      ]);
    } finally {
      opened.close();
    }
  });
});
