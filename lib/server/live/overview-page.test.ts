import { describe, expect, it } from 'vitest';
import { overviewPage } from './overview-page';
import { type Overview, type OverviewService, type ServiceState } from '../../schemas/overview';
import { overviewQuerySchema } from '../../schemas/overview-query';

function service(i: number, state: ServiceState, active: number): OverviewService {
  return {
    id: `s${i}`,
    label: `VS_${String(i).padStart(3, '0')}`,
    ip: `10.0.0.${i}`,
    ports: '443',
    protocol: 'tcp',
    forwarding: 'dr',
    check: 'Connect to port',
    state,
    activeConnections: active,
    inactiveConnections: 0,
    counters: null,
    realServers: [
      {
        id: `r${i}`,
        label: `RS_${i}`,
        ip: `172.16.0.${i}`,
        port: null,
        adminState: 'online',
        configuredWeight: 1,
        liveWeight: null,
        health: 'unknown',
        activeConnections: active,
        inactiveConnections: 0,
        persistentClients: 0,
        connectionsTotal: 0,
        inBytes: 0,
        outBytes: 0,
        inPackets: 0,
        outPackets: 0,
        pendingOn: [],
        haltWhenIdle: null,
      },
    ],
  };
}

const full: Overview = {
  generatedAt: new Date(0).toISOString(),
  pollIntervalMs: 2000,
  source: null,
  directors: [],
  splitBrain: null,
  noStandby: null,
  stateScope: 'service',
  lastFailover: null,
  virtualServices: Array.from({ length: 120 }, (_, i) => service(i + 1, i % 10 === 0 ? 'down' : 'up', i % 7)),
};
const ask = (q: Record<string, unknown>) => overviewPage(full, overviewQuerySchema.parse(q));

describe('the System Overview, one page at a time', () => {
  it('pages 50 at a time by label, counts every state, and brings a page past the end back to the last', () => {
    const first = ask({});
    expect(first.virtualServices.map((s) => s.label).slice(0, 2)).toEqual(['VS_001', 'VS_002']);
    expect([first.virtualServices.length, first.total, first.matching]).toEqual([50, 120, 120]);
    expect(first.counts).toEqual({ down: 12, degraded: 0, unknown: 0, 'no-real-servers': 0, up: 108 });
    const last = ask({ page: 99 });
    expect(last.query.page).toBe(3);
    expect(last.virtualServices.map((s) => s.label).at(-1)).toBe('VS_120');
  });

  it('filters by a real server address and by state, and sorts by state or connections', () => {
    expect(ask({ q: '172.16.0.77' }).virtualServices.map((s) => s.label)).toEqual(['VS_077']);
    const down = ask({ state: 'down' });
    expect(down.matching).toBe(12);
    expect(down.virtualServices.every((s) => s.state === 'down')).toBe(true);
    expect(ask({ sort: 'state' }).virtualServices[0].state).toBe('down');
    const busiest = ask({ sort: 'connections' }).virtualServices;
    expect(busiest[0].activeConnections).toBe(6);
    expect(busiest[0].label < busiest[1].label).toBe(true);
  });

  it('refuses a state or sort it does not know, naming the ones it does', () => {
    expect(overviewQuerySchema.safeParse({ state: 'green' }).error?.issues[0].message).toBe(
      'Use one of: down, degraded, unknown, no-real-servers, up.',
    );
    expect(overviewQuerySchema.safeParse({ sort: 'ip' }).success).toBe(false);
  });
});
