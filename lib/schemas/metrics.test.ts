// The range Reports opens on: what has been recorded, not always a day.
import { describe, expect, it } from 'vitest';
import { rangeCovering } from './metrics';

const NOW = 1_800_000_000;
const H = 3600;

describe('the range a graph opens on', () => {
  it('is the last hour before anything is recorded, and while less than an hour is', () => {
    expect(rangeCovering(null, NOW)).toBe('1h');
    expect(rangeCovering(NOW - 20 * 60, NOW)).toBe('1h');
    expect(rangeCovering(NOW - H, NOW)).toBe('1h');
  });

  it('is the shortest range holding everything recorded', () => {
    expect(rangeCovering(NOW - H - 1, NOW)).toBe('24h');
    expect(rangeCovering(NOW - 3 * 24 * H, NOW)).toBe('7d');
    expect(rangeCovering(NOW - 8 * 24 * H, NOW)).toBe('30d');
  });

  it('is the longest range when the history is longer than every range', () => {
    expect(rangeCovering(NOW - 300 * 24 * H, NOW)).toBe('30d');
  });
});
