import { describe, expect, it } from 'vitest';
import { clusterHref, clusterRollup } from './cluster';
import { HOST_KEY_NOT_CONFIRMED } from './director';
import type { Overview, OverviewDirector, OverviewService } from './overview';

const director = (name: string, over: Partial<OverviewDirector>): OverviewDirector =>
  ({
    id: name,
    name,
    role: 'primary',
    reachable: true,
    vrrpState: 'BACKUP',
    holdsFloatingIps: false,
    error: null,
    ...over,
  }) as OverviewDirector;
const service = (state: OverviewService['state'], adminStates: ('online' | 'drain' | 'halt')[], down = 0): OverviewService =>
  ({
    id: state,
    state,
    realServers: adminStates.map((adminState, i) => ({ id: `${i}`, adminState, health: i < down ? 'down' : 'up' })),
  }) as OverviewService;

const overview = (directors: OverviewDirector[], services: OverviewService[]): Overview =>
  ({ directors, virtualServices: services, noStandby: null, splitBrain: null }) as unknown as Overview;

describe('a cluster’s roll-up (one Fleet row)', () => {
  const pending = { pending: false, behind: [] };
  const alerts = { lastDay: 3, undelivered: 1 };

  it('counts services by state and real servers down, drained and halted; names the active director', () => {
    const r = clusterRollup({
      overview: overview(
        [director('director1', { vrrpState: 'MASTER', holdsFloatingIps: true }), director('director2', {})],
        [service('up', ['online', 'drain']), service('degraded', ['online', 'halt', 'online'], 1), service('up', ['online'])],
      ),
      pending,
      lastApply: { status: 'succeeded', at: new Date('2026-12-03T10:00:00Z'), actor: 'admin' },
      alerts,
    });
    expect(r.services).toEqual({ up: 2, degraded: 1, down: 0, 'no-real-servers': 0, unknown: 0 });
    expect(r.realServers).toEqual({ total: 6, down: 1, drained: 1, halted: 1 });
    expect(r.activeDirector).toBe('director1');
    expect(r.lastApply).toEqual({ status: 'succeeded', at: '2026-12-03T10:00:00.000Z', actor: 'admin' });
    expect(r.alerts).toEqual(alerts);
  });

  it('says no active director when both are MASTER (split brain), and tells a dead director from one never contacted', () => {
    const r = clusterRollup({
      overview: overview(
        [
          director('director1', { vrrpState: 'MASTER' }),
          director('director2', { vrrpState: 'MASTER' }),
          director('director3', { reachable: false, error: 'connect ETIMEDOUT' }),
          director('director4', { reachable: false, error: HOST_KEY_NOT_CONFIRMED }),
        ],
        [],
      ),
      pending: { pending: true, behind: [{ name: 'director3' }] },
      lastApply: null,
      alerts,
    });
    expect(r.activeDirector).toBeNull();
    expect(r.unreachable).toEqual(['director3']);
    expect(r.unconfirmed).toEqual(['director4']);
    expect(r.behind).toEqual(['director3']);
    expect(r.pendingChanges).toBe(true);
  });
});

describe('clusterHref', () => {
  it("keeps default's addresses as they were and puts another cluster in the query, before any #fragment", () => {
    expect(clusterHref('/overview', null)).toBe('/overview');
    expect(clusterHref('/overview', 'YORK')).toBe('/overview?cluster=YORK');
    expect(clusterHref('/cluster-configuration/real-servers?saved=GW01#vs-1', 'YORK')).toBe(
      '/cluster-configuration/real-servers?saved=GW01&cluster=YORK#vs-1',
    );
    expect(clusterHref('/overview', 'a b&c')).toBe('/overview?cluster=a%20b%26c');
  });
});
