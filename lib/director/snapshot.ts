// One live snapshot of a director in one round trip: the kernel table with connections, persistent
// clients and counters, the sync daemon, the VRRP state the notify hook recorded, the addresses it
// holds, load and interface counters, keepalived's pid and the real servers' admin-state files.
// The script is fixed text; the parsers are pure (unit-tested on real output from the lab).
import { DIRECTOR_PATHS } from '../render/model';
import { VRRP_YIELD_FILE } from '../render/state-files';
import { isYielding } from './vrrp';
import { parseStateListing, READ_STATE_SCRIPT } from './live-state';
import type { DirectorSession } from './transport';

export const SNAPSHOT_SCRIPT = [
  'echo @@persist; ipvsadm -Ln --persistent-conn',
  'echo @@stats; ipvsadm -Ln --stats --exact',
  'echo @@daemon; ipvsadm -Ln --daemon',
  `echo @@vrrp; cat '${DIRECTOR_PATHS.vrrpState}' 2>/dev/null`,
  'echo @@addr; ip -o addr show',
  'echo @@load; cat /proc/loadavg',
  'echo @@net; cat /proc/net/dev',
  `echo @@state; ${READ_STATE_SCRIPT}`,
  // Its pid only if that process is alive (a crashed keepalived leaves its pid file behind).
  'echo @@keepalived; p=$(cat /run/keepalived.pid 2>/dev/null); [ -n "$p" ] && kill -0 "$p" 2>/dev/null && echo "$p"',
  `echo @@yield; cat '${VRRP_YIELD_FILE}' 2>/dev/null`,
  'echo @@end',
].join('; ');

export interface LiveRealServer {
  address: string; // ip:port as ipvsadm prints it (port 0 for fwmark services)
  weight: number;
  persistentClients: number;
  activeConnections: number;
  inactiveConnections: number;
  connections: number; // cumulative
  inPackets: number;
  outPackets: number;
  inBytes: number;
  outBytes: number;
}

export interface LiveService {
  key: string; // "FWM 1" or "TCP 192.168.98.238:443"
  realServers: LiveRealServer[];
  connections: number;
  inPackets: number;
  outPackets: number;
  inBytes: number;
  outBytes: number;
}

export interface DirectorSnapshot {
  takenAt: Date;
  services: LiveService[];
  syncDaemon: string | null; // "master" | "backup" | "master, backup"
  vrrpState: 'MASTER' | 'BACKUP' | 'FAULT' | 'STOP' | null;
  vrrpSince: Date | null;
  addresses: string[];
  loadAverage: [number, number, number] | null;
  interfaces: { name: string; rxBytes: number; txBytes: number }[];
  stateFiles: Record<string, string>;
  keepalivedPid: number | null;
  /** vrrp.yield holds 1: the console holds this director in FAULT (a make-active of its peer). */
  yielding: boolean;
}

function sections(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of text.split('\n')) {
    const m = /^@@(\w+)$/.exec(line.trim());
    if (m) {
      current = [];
      out.set(m[1], current);
    } else current?.push(line);
  }
  return out;
}

const SERVICE_LINE = /^(TCP|UDP|SCTP|FWM)\s+(\S+)/;
const SERVER_LINE = /^\s+->\s+(\S+)\s+(.*)$/;

/** `ipvsadm -Ln --persistent-conn` and `--stats --exact`, merged per service and real server. */
export function parseIpvsTables(persist: string[], stats: string[]): LiveService[] {
  const services = new Map<string, LiveService>();
  let current: LiveService | undefined;
  for (const line of persist) {
    const svc = SERVICE_LINE.exec(line);
    if (svc) {
      current = { key: `${svc[1]} ${svc[2]}`, realServers: [], connections: 0, inPackets: 0, outPackets: 0, inBytes: 0, outBytes: 0 };
      services.set(current.key, current);
      continue;
    }
    const rs = SERVER_LINE.exec(line);
    if (rs && current && /^\d/.test(rs[2])) {
      const [weight, persistent, active, inactive] = rs[2].trim().split(/\s+/).map(Number);
      current.realServers.push({
        address: rs[1],
        weight,
        persistentClients: persistent,
        activeConnections: active,
        inactiveConnections: inactive,
        connections: 0,
        inPackets: 0,
        outPackets: 0,
        inBytes: 0,
        outBytes: 0,
      });
    }
  }
  current = undefined;
  for (const line of stats) {
    const svc = SERVICE_LINE.exec(line);
    if (svc) {
      current = services.get(`${svc[1]} ${svc[2]}`);
      const nums = line.trim().split(/\s+/).slice(2).map(Number);
      if (current && nums.length >= 5)
        [current.connections, current.inPackets, current.outPackets, current.inBytes, current.outBytes] = nums;
      continue;
    }
    const rs = SERVER_LINE.exec(line);
    if (rs && current) {
      const target = current.realServers.find((r) => r.address === rs[1]);
      const nums = rs[2].trim().split(/\s+/).map(Number);
      if (target && nums.length >= 5) [target.connections, target.inPackets, target.outPackets, target.inBytes, target.outBytes] = nums;
    }
  }
  return [...services.values()];
}

export function parseSnapshot(text: string, takenAt = new Date()): DirectorSnapshot {
  const s = sections(text);
  const get = (k: string) => s.get(k) ?? [];
  const daemon = get('daemon').join('\n');
  const roles = [...daemon.matchAll(/(master|backup) sync daemon/g)].map((m) => m[1]);
  const vrrp = /^(\S+) INSTANCE \S+ (MASTER|BACKUP|FAULT|STOP)\b/.exec(get('vrrp').join('\n').trim());
  const load = get('load').join(' ').trim().split(/\s+/).slice(0, 3).map(Number);
  const interfaces = get('net')
    .map((l) => /^\s*([^:\s]+):\s*(\d+)\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+(\d+)/.exec(l))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ name: m[1], rxBytes: Number(m[2]), txBytes: Number(m[3]) }));
  const pid = Number(get('keepalived').join('').trim());
  return {
    takenAt,
    services: parseIpvsTables(get('persist'), get('stats')),
    syncDaemon: roles.length ? roles.join(', ') : null,
    vrrpState: vrrp ? (vrrp[2] as DirectorSnapshot['vrrpState']) : null,
    vrrpSince: vrrp && !Number.isNaN(Date.parse(vrrp[1])) ? new Date(vrrp[1]) : null,
    addresses: get('addr').flatMap((l) => {
      const m = /\sinet6?\s+([0-9a-fA-F:.]+)\//.exec(l);
      return m ? [m[1]] : [];
    }),
    loadAverage: load.length === 3 && load.every((n) => Number.isFinite(n)) ? (load as [number, number, number]) : null,
    interfaces,
    stateFiles: parseStateListing(get('state').join('\n')),
    keepalivedPid: Number.isInteger(pid) && pid > 0 ? pid : null,
    yielding: isYielding(get('yield').join('\n')),
  };
}

/** Takes one snapshot over an open connection (one command, one round trip). */
export async function takeSnapshot(conn: DirectorSession, timeoutMs = 6_000): Promise<DirectorSnapshot> {
  // A poll every 2 s: a director that takes longer than this is shown unreachable rather than stale.
  const r = await conn.exec(SNAPSHOT_SCRIPT, { timeoutMs });
  if (!r.stdout.includes('@@end'))
    throw new Error(`${conn.target.name}: the status read ended early: ${r.stderr.trim() || `exit ${r.code}`}`);
  return parseSnapshot(r.stdout);
}
