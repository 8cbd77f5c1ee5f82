import { describe, expect, it } from 'vitest';
import { describeFailover, failoverStep, type DirectorVrrp } from './failover';

const d = (
  name: string,
  vrrpState: DirectorVrrp['vrrpState'],
  vrrpSince: string | null,
  reachable = true,
  takenAt: string | null = null,
) => ({
  name,
  reachable,
  vrrpState,
  vrrpSince,
  takenAt,
});

describe('the last failover, from the notify timestamps', () => {
  const first = failoverStep(null, [
    d('director1', 'MASTER', '2026-12-03T10:00:00.000Z'),
    d('director2', 'BACKUP', '2026-12-03T09:59:56.000Z'),
  ]);

  it('the first MASTER seen is no failover', () => {
    expect(first).toEqual({ active: 'director1', since: '2026-12-03T10:00:00.000Z', last: null });
  });

  it('a make-active: from the old director giving up to the new one MASTER, in seconds', () => {
    const next = failoverStep(first, [
      d('director1', 'FAULT', '2026-12-03T10:05:00.120Z'),
      d('director2', 'MASTER', '2026-12-03T10:05:00.430Z'),
    ]);
    expect(next?.last).toMatchObject({ from: 'director1', to: 'director2', how: 'handover', seconds: 0.31 });
    expect(describeFailover(next!.last!)).toBe(
      'director1 → director2 at 2026-12-03 10:05:00.430 UTC: 0.31 s from director1 giving the floating IPs up to director2 holding them.',
    );
    // Polled again: the same record.
    expect(
      failoverStep(next, [d('director1', 'BACKUP', '2026-12-03T10:05:01.000Z'), d('director2', 'MASTER', '2026-12-03T10:05:00.430Z')]),
    ).toBe(next);
  });

  it('a make-active seen late: the old director is BACKUP again, its notify kept when it left MASTER', () => {
    const next = failoverStep(first, [
      { ...d('director1', 'BACKUP', '2026-12-03T10:05:02.000Z'), leftMaster: '2026-12-03T10:05:00.120Z' },
      d('director2', 'MASTER', '2026-12-03T10:05:00.430Z'),
    ]);
    expect(next?.last).toMatchObject({ how: 'handover', seconds: 0.31 });
  });

  it('a crash: no notify from the old director, bounded by the console’s last read of it', () => {
    const next = failoverStep(first, [
      d('director1', 'MASTER', '2026-12-03T10:00:00.000Z', false, '2026-12-03T10:07:58.000Z'),
      d('director2', 'MASTER', '2026-12-03T10:08:00.500Z'),
    ]);
    expect(next?.last).toMatchObject({ how: 'lost', seconds: null, withinSeconds: 2.5 });
  });

  it('waits while no director, or both, are MASTER', () => {
    expect(failoverStep(first, [d('director1', 'MASTER', 'x'), d('director2', 'MASTER', 'y')])).toBe(first);
    expect(failoverStep(first, [d('director1', 'BACKUP', 'x'), d('director2', 'BACKUP', 'y')])).toBe(first);
  });
});
