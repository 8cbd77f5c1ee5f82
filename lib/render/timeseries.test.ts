// Counters into rates, stored rows into chart points, availability from health events, CSV: the
// pure half of Graphs and Reports.
import { describe, expect, it } from 'vitest';
import { assemblePoints, availability, chooseStep, counterRate, planRetention, RETENTION_FLOOR, seriesCsv, toCsv } from './timeseries';
import { RETENTION_S } from '../schemas/metrics';

describe('a kernel counter turned into a rate', () => {
  const at = (t: number, value: number, origin = 'director1') => ({ t, value, origin });

  it('is the increase per second between two readings', () => {
    expect(counterRate(at(100, 1_000), at(110, 6_000))).toBe(500);
  });

  it('starts a new segment (no rate, never a negative one) when the counter went down: a reboot or a reload', () => {
    expect(counterRate(at(100, 9_000_000), at(110, 120))).toBeNull();
    // ...and the next reading after the reset is a rate again.
    expect(counterRate(at(110, 120), at(120, 620))).toBe(50);
  });

  it('has no rate for the first reading, across two directors (a failover), or over a long gap', () => {
    expect(counterRate(undefined, at(100, 5))).toBeNull();
    expect(counterRate(at(100, 5_000, 'director1'), at(110, 9_000, 'director2'))).toBeNull();
    expect(counterRate(at(100, 5_000), at(100 + 600, 9_000))).toBeNull();
  });
});

describe('chart points from stored rows', () => {
  it('a poll without a row is zero for a service (stored sparsely) but a gap for a director', () => {
    const rows = [{ t: 10, min: 3, avg: 3, max: 3 }];
    expect(assemblePoints([0, 10, 20], rows, 10, true)).toEqual([
      [0, 0, 0, 0],
      [10, 3, 3, 3],
      [20, 0, 0, 0],
    ]);
    expect(assemblePoints([0, 10, 20], rows, 10, false)).toEqual([
      [0, null, null, null],
      [10, 3, 3, 3],
      [20, null, null, null],
    ]);
  });

  it('a missing poll is a gap, never a zero: one null point breaks the line', () => {
    const rows = [0, 10, 40].map((t) => ({ t, min: 1, avg: 1, max: 1 }));
    expect(assemblePoints([0, 10, 40], rows, 10, true)).toEqual([
      [0, 1, 1, 1],
      [10, 1, 1, 1],
      [20, null, null, null],
      [40, 1, 1, 1],
    ]);
  });
});

describe('the step a range is drawn at', () => {
  const now = 1_800_000_000;
  it('is the finest resolution that still holds the start and keeps the points few', () => {
    expect(chooseStep(now - 3600, now, now)).toBe(10);
    expect(chooseStep(now - 24 * 3600, now, now)).toBe(10);
    expect(chooseStep(now - 7 * 86400, now, now)).toBe(60);
    expect(chooseStep(now - 30 * 86400, now, now)).toBe(3600);
    // Raw samples are kept 24 h: an hour from two days ago comes from the minutes.
    expect(chooseStep(now - 2 * 86400, now - 2 * 86400 + 3600, now)).toBe(60);
  });

  it('follows the retention in force: with raw samples kept an hour, the 24 h graph comes from the minutes', () => {
    const kept = { 10: 3600, 60: 25 * 3600, 3600: 90 * 86400 };
    expect(chooseStep(now - 3600, now, now, undefined, kept)).toBe(10);
    expect(chooseStep(now - 24 * 3600, now, now, undefined, kept)).toBe(60);
    expect(chooseStep(now - 7 * 86400, now, now, undefined, kept)).toBe(3600);
  });
});

describe('the retention a size budget buys', () => {
  // 11,000 busy targets: one raw row each per 10 s (47 bytes), one rollup row each per minute and hour (120 bytes).
  const rowsPerSecond = { 10: 1100, 60: 11_000 / 60, 3600: 11_000 / 3600 };
  const bytesPerRow = { 10: 47, 60: 120, 3600: 120 };
  const GB = 1024 ** 3;

  it('keeps everything as long as ever when the budget allows', () => {
    expect(planRetention({ budgetBytes: 100 * GB, rowsPerSecond, bytesPerRow })).toEqual(RETENTION_S);
  });

  it('spends a tight budget on the hour at 10 s, the day at 1 min, the month at 1 h, then a year of hours, in that order', () => {
    const kept = planRetention({ budgetBytes: 4 * GB, rowsPerSecond, bytesPerRow });
    expect(kept[10]).toBe(3600);
    expect(kept[60]).toBe(25 * 3600);
    expect(kept[3600]).toBeGreaterThan(31 * 86400);
    expect(kept[3600]).toBeLessThan(365 * 86400);
    const bytes = kept[10] * 1100 * 47 + kept[60] * (11_000 / 60) * 120 + kept[3600] * (11_000 / 3600) * 120;
    expect(bytes).toBeLessThanOrEqual(4 * GB);
    expect(bytes).toBeGreaterThan(3.99 * GB); // what is left is spent
  });

  it('never goes below what the rollups need, even when that does not fit', () => {
    expect(planRetention({ budgetBytes: 1024, rowsPerSecond, bytesPerRow })).toEqual(RETENTION_FLOOR);
  });
});

describe('availability from health events', () => {
  it('counts up and down time, the outages and the longest; unknown time is not counted either way', () => {
    const a = availability(
      'up',
      [
        { t: 100, state: 'down' },
        { t: 160, state: 'up' },
        { t: 400, state: 'unknown' },
        { t: 500, state: 'up' },
        { t: 700, state: 'down' },
        { t: 730, state: 'up' },
      ],
      0,
      1000,
    );
    expect(a).toMatchObject({ upS: 810, downS: 90, unknownS: 100, longestOutageS: 60 });
    expect(a.outages).toEqual([
      { from: 100, to: 160, ongoing: false },
      { from: 700, to: 730, ongoing: false },
    ]);
    expect(a.uptimePercent).toBeCloseTo(90, 10);
  });

  it('an outage that began before the range counts from its start; one still going is marked', () => {
    const a = availability(
      'down',
      [
        { t: 50, state: 'up' },
        { t: 90, state: 'down' },
      ],
      0,
      100,
    );
    expect(a.outages).toEqual([
      { from: 0, to: 50, ongoing: false },
      { from: 90, to: 100, ongoing: true },
    ]);
  });

  it('halted (maintenance) is neither up nor down, and nothing seen is no percentage', () => {
    expect(availability('maintenance', [], 0, 100)).toMatchObject({ maintenanceS: 100, uptimePercent: null, outages: [] });
    expect(availability(null, [], 0, 100)).toMatchObject({ unknownS: 100, uptimePercent: null });
  });
});

describe('CSV', () => {
  it('quotes what needs quoting, defuses spreadsheet formulas, leaves gaps empty', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', '=cmd()'],
          ['say "hi"', null],
        ],
      ),
    ).toBe('a,b\r\n"x,y",\'=cmd()\r\n"say ""hi""",\r\n');
    expect(
      seriesCsv(
        [
          [1_800_000_000, 1, 2, 3],
          [1_800_000_010, null, null, null],
        ],
        'bytes/s',
      ),
    ).toBe('time,min (bytes/s),avg (bytes/s),max (bytes/s)\r\n2027-01-15T08:00:00Z,1,2,3\r\n2027-01-15T08:00:10Z,,,\r\n');
  });
});
