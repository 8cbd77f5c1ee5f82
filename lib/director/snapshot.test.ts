// The snapshot parser on real output taken from the director lab's MASTER (one client connected
// through the gateway VIP to gw2), with a drain file added.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSnapshot } from './snapshot';

const sample = fs.readFileSync(path.join(__dirname, 'testing', 'snapshot-master.txt'), 'utf8');

describe('a director snapshot', () => {
  const s = parseSnapshot(sample, new Date('2026-11-27T07:00:00Z'));

  it('reads the kernel table with connections, persistent clients and counters', () => {
    expect(s.services.map((x) => x.key)).toEqual(['FWM 1', 'FWM 2']);
    expect(s.services[0]).toMatchObject({ connections: 3, inPackets: 30, outPackets: 0, inBytes: 3777, outBytes: 0 });
    expect(s.services[0].realServers).toEqual([
      {
        address: '192.168.98.231:0',
        weight: 100,
        persistentClients: 0,
        activeConnections: 0,
        inactiveConnections: 0,
        connections: 0,
        inPackets: 0,
        outPackets: 0,
        inBytes: 0,
        outBytes: 0,
      },
      {
        address: '192.168.98.232:0',
        weight: 100,
        persistentClients: 1,
        activeConnections: 3,
        inactiveConnections: 0,
        connections: 3,
        inPackets: 30,
        outPackets: 0,
        inBytes: 3777,
        outBytes: 0,
      },
    ]);
  });

  it('reads VRRP, the sync daemon, the addresses it holds, load, interfaces, keepalived and the state files', () => {
    expect(s).toMatchObject({ vrrpState: 'MASTER', syncDaemon: 'master', keepalivedPid: 352, loadAverage: [0.1, 0.22, 0.11] });
    expect(s.vrrpSince?.toISOString()).toBe('2026-11-27T06:51:26.000Z');
    expect(s.addresses).toEqual(expect.arrayContaining(['192.168.98.22', '192.168.98.237', '192.168.98.238']));
    expect(s.interfaces).toContainEqual({ name: 'eth0', rxBytes: 175138, txBytes: 110044 });
    expect(s.stateFiles).toEqual({ 'fw1-192_168_98_232.state': '-65535' });
  });

  it('says nothing it does not know: an empty answer has no state, no services, no pid', () => {
    const empty = parseSnapshot('@@persist\n@@end\n');
    expect(empty).toMatchObject({
      services: [],
      vrrpState: null,
      syncDaemon: null,
      keepalivedPid: null,
      loadAverage: null,
      stateFiles: {},
      yielding: false,
    });
  });

  it('reads whether the console holds the director in FAULT (vrrp.yield)', () => {
    expect(parseSnapshot('@@keepalived\n12\n@@yield\n1\n@@end\n').yielding).toBe(true);
    expect(parseSnapshot('@@keepalived\n12\n@@yield\n0\n@@end\n').yielding).toBe(false);
    expect(s.yielding).toBe(false); // the lab's sample: no yield file
  });
});
