// The snapshot parser on real output taken from the director lab's MASTER (one client connected
// through the gateway VIP to gw2), with a drain file added.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSnapshot, snapshotScript } from './snapshot';

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

describe('a snapshot read from /proc/net/ip_vs (the lab, a table of every kind)', () => {
  const text = fs.readFileSync(path.join(__dirname, 'testing', 'snapshot-proc.txt'), 'utf8');

  it('names services and real servers as ipvsadm does, IPv6 compressed, and merges the counters and persistent clients', () => {
    const s = parseSnapshot(text);
    expect(s.services.map((x) => x.key).sort()).toEqual([
      'FWM 1',
      'TCP 192.168.98.238:443',
      'TCP [2001:db8::10]:80',
      'UDP 192.168.98.238:4172',
    ]);
    const fwm = s.services.find((x) => x.key === 'FWM 1')!;
    expect(fwm).toMatchObject({ connections: 7, inPackets: 70, inBytes: 7777 });
    expect(fwm.realServers.find((r) => r.address === '192.168.98.232:0')).toMatchObject({
      weight: 0,
      persistentClients: 1,
      activeConnections: 0,
      inactiveConnections: 4,
      connections: 4,
      inBytes: 4444,
    });
    expect(s.services.find((x) => x.key === 'TCP 192.168.98.238:443')!.realServers).toMatchObject([
      { address: '192.168.98.231:8443', weight: 50, activeConnections: 2, inactiveConnections: 1, outBytes: 4000 },
    ]);
    expect(s.services.find((x) => x.key === 'TCP [2001:db8::10]:80')!.realServers[0].address).toBe('[2001:db8::1]:80');
    expect(s.persistentRead).toBe(true);
  });

  it('without the persistent listing (a large table reads it every few polls) the rest is the same, and says so', () => {
    const s = parseSnapshot(text.replace(/@@persist[\s\S]*?@@end/, '@@end'));
    expect(s.persistentRead).toBe(false);
    const rs = s.services.find((x) => x.key === 'FWM 1')!.realServers.find((r) => r.address === '192.168.98.231:0');
    expect(rs).toMatchObject({ weight: 100, activeConnections: 3, persistentClients: 0, connections: 3 });
  });

  it('reads a table of 1,000 services with 10,000 real servers whole', () => {
    const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, '0');
    const proc = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port Scheduler Flags'];
    const stats = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port Conns InPkts OutPkts InBytes OutBytes'];
    for (let i = 0; i < 1000; i++) {
      proc.push(`TCP  0A01${hex(i, 4)}:01BB wlc  persistent 75000 FFFFFFFF`);
      stats.push(`TCP  10.1.${i >> 8}.${i & 255}:443 10 10 10 10 10`);
      for (let j = 0; j < 10; j++) {
        proc.push(`  -> AC10${hex(i, 2).slice(-2)}${hex(j, 2)}:01BB      Route   ${j}    ${i}          0`);
        stats.push(`  -> 172.16.${i & 255}.${j}:443 ${j} 1 1 1 1`);
      }
    }
    const s = parseSnapshot(['@@proc', ...proc, '@@stats', ...stats, '@@end'].join('\n'));
    expect(s.services).toHaveLength(1000);
    expect(s.services.reduce((n, x) => n + x.realServers.length, 0)).toBe(10_000);
    const last = s.services.find((x) => x.key === 'TCP 10.1.3.231:443')!;
    expect(last.realServers[9]).toMatchObject({ address: '172.16.231.9:443', weight: 9, activeConnections: 999, connections: 9 });
  });
});

describe('the status read script', () => {
  // Run by the machine's own sh (dash on Debian, as on a director), against this machine's /proc; its IPVS
  // table is whatever this kernel has (none here), which is not what this checks.
  const run = (persistent: boolean) => {
    const r = spawnSync('sh', ['-c', snapshotScript({ persistent })], { encoding: 'utf8' });
    return parseSnapshot(r.stdout);
  };

  it('reads the small files with the shell itself: load, interfaces, and nothing for files that do not exist', () => {
    const s = run(false);
    const [one] = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
    expect(s.loadAverage?.[0]).toBeCloseTo(one, 0);
    expect(s.interfaces.map((i) => i.name)).toContain('lo');
    expect(s.vrrpState).toBeNull();
    expect(s.keepalivedPid).toBeNull();
    expect(s.yielding).toBe(false);
    expect(s.stateFiles).toEqual({});
    expect(s.persistentRead).toBe(false);
  });

  it('starts no process for a small file: only the table reads, the addresses and the sync daemon', () => {
    const script = snapshotScript({ persistent: true });
    expect(script).not.toMatch(/\bcat (?!\/proc\/net\/ip_vs)/);
    expect(script.match(/\bipvsadm\b/g)).toHaveLength(3);
  });
});
