// The collector: what one poll of the System Overview becomes in the metrics store (rates from the
// kernel's counters, a reset as a new segment, health and VRRP changes as events, and the time the
// console was not polling as unknown).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MetricsStore } from './store';
import { collectPoll, resetCollector } from './collector';
import type { Overview } from '../../schemas/overview';

let dir: string;
let store: MetricsStore;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-collector-'));
  store = new MetricsStore(path.join(dir, 'metrics.sqlite'));
  resetCollector();
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const T0 = 1_800_000_000;

function overview(connections: number, health: 'up' | 'down', vrrp: 'MASTER' | 'BACKUP' = 'MASTER'): Overview {
  const rs = {
    id: 'rs1',
    label: 'GW01',
    ip: '192.0.2.1',
    port: null,
    adminState: 'online' as const,
    configuredWeight: 100,
    liveWeight: 100,
    health,
    activeConnections: 2,
    inactiveConnections: 0,
    persistentClients: 1,
    connectionsTotal: connections,
    inBytes: connections * 100,
    outBytes: 0,
    inPackets: connections * 10,
    outPackets: 0,
    pendingOn: [],
    haltWhenIdle: null,
  };
  return {
    generatedAt: new Date().toISOString(),
    pollIntervalMs: 2000,
    source: 'director1',
    splitBrain: null,
    noStandby: null,
    stateScope: 'service',
    lastFailover: null,
    directors: [
      {
        id: 'd1',
        name: 'director1',
        role: 'primary',
        reachable: true,
        vrrpState: vrrp,
        holdsFloatingIps: true,
        syncDaemon: 'master',
        keepalivedRunning: true,
        loadAverage: [0.5, 0.4, 0.3],
        takenAt: null,
        error: null,
        revision: 'current' as never,
        vrrpSince: null,
        yielding: false,
        slowSeconds: null,
        readSeconds: 0.4,
        catchUp: null,
      },
    ],
    virtualServices: [
      {
        id: 'vs1',
        label: 'GW_VIP_L4',
        ip: '192.0.2.10',
        ports: '443',
        protocol: 'tcp',
        forwarding: 'dr',
        check: 'Connect to port',
        state: 'up',
        activeConnections: 2,
        inactiveConnections: 0,
        counters: { connections, inBytes: connections * 100, outBytes: 0, inPackets: connections * 10, outPackets: 0 },
        realServers: [rs],
      },
    ],
  };
}

describe('the collector', () => {
  it('records the first poll of each 10 s bucket; counters become rates, and a reset starts a new segment', () => {
    expect(collectPoll(overview(100, 'up'), [], T0 * 1000, store)).toBe(T0);
    expect(collectPoll(overview(120, 'up'), [], (T0 + 2) * 1000, store)).toBeNull(); // same bucket
    collectPoll(overview(150, 'up'), [], (T0 + 10) * 1000, store);
    collectPoll(overview(30, 'up'), [], (T0 + 20) * 1000, store); // the director reloaded its table
    collectPoll(overview(80, 'up'), [], (T0 + 30) * 1000, store);
    const rate = store.series('realServer', 'rs1', 'newConnections', T0, T0 + 40, 10).map((p) => p[2]);
    expect(rate).toEqual([null, 5, null, 5]);
    expect(store.series('service', 'vs1', 'inBytes', T0, T0 + 40, 10).map((p) => p[2])).toEqual([null, 500, null, 500]);
    expect(store.series('service', 'vs1', 'activeConnections', T0, T0 + 40, 10).map((p) => p[2])).toEqual([2, 2, 2, 2]);
  });

  it('writes a health or VRRP change once, as an event', () => {
    collectPoll(overview(1, 'up'), [], T0 * 1000, store);
    collectPoll(overview(1, 'down', 'BACKUP'), [], (T0 + 10) * 1000, store);
    collectPoll(overview(1, 'down', 'BACKUP'), [], (T0 + 20) * 1000, store);
    collectPoll(overview(1, 'up', 'BACKUP'), [], (T0 + 30) * 1000, store);
    expect(store.events('health', T0, T0 + 60).map((e) => [e.t - T0, e.state])).toEqual([
      [0, 'up'],
      [10, 'down'],
      [30, 'up'],
    ]);
    expect(store.events('vrrp', T0, T0 + 60).map((e) => [e.t - T0, e.state])).toEqual([
      [0, 'MASTER'],
      [10, 'BACKUP'],
    ]);
  });

  it('time in which the console did not poll (it was stopped) is unknown, not up', () => {
    collectPoll(overview(1, 'up'), [], T0 * 1000, store);
    resetCollector(); // the console restarts an hour later
    collectPoll(overview(1, 'up'), [], (T0 + 3600) * 1000, store);
    expect(store.events('health', T0, T0 + 7200).map((e) => [e.t - T0, e.state])).toEqual([
      [0, 'up'],
      [10, 'unknown'],
      [3600, 'up'],
    ]);
  });
});
