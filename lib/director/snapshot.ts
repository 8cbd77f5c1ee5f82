// One live snapshot of a director in one round trip: the kernel table with connections, persistent
// clients and counters, the sync daemon, the VRRP state the notify hook recorded, the addresses it
// holds, load and interface counters, keepalived's pid and the real servers' admin-state files.
// The script is fixed text; the parsers are pure (unit-tested on real output from the lab).
import { DIRECTOR_PATHS } from '../render/model';
import { VRRP_YIELD_FILE } from '../render/state-files';
import { canonicalIp } from '../schemas/net';
import { isYielding } from './vrrp';
import { parseStateListing, READ_STATE_SCRIPT } from './live-state';
import type { DirectorSession } from './transport';

/**
 * The kernel table comes from /proc/net/ip_vs (weights, active and inactive connections: read by the
 * kernel, no netlink dump) and `ipvsadm -Ln --stats --exact` (counters); the persistent clients per
 * real server need a second ipvsadm dump (`--persistent-conn`), which a large table reads less often.
 */
export function snapshotScript(opts: { persistent: boolean }): string {
  return [
    // Small files are read by the shell itself: under emulation every process a director starts costs
    // about 0.2 s, and a snapshot used to start ten of them besides the table reads.
    `rd() { [ -r "$1" ] || return 0; while IFS= read -r l || [ -n "$l" ]; do printf '%s\\n' "$l"; done < "$1"; }`,
    'echo @@proc; cat /proc/net/ip_vs',
    'echo @@stats; ipvsadm -Ln --stats --exact',
    ...(opts.persistent ? ['echo @@persist; ipvsadm -Ln --persistent-conn'] : []),
    'echo @@daemon; ipvsadm -Ln --daemon',
    `echo @@vrrp; rd '${DIRECTOR_PATHS.vrrpState}'`,
    'echo @@addr; ip -o addr show',
    'echo @@load; rd /proc/loadavg',
    'echo @@net; rd /proc/net/dev',
    `echo @@state; ${READ_STATE_SCRIPT}`,
    // Its pid only if that process is alive (a crashed keepalived leaves its pid file behind).
    'echo @@keepalived; p=; [ -r /run/keepalived.pid ] && read -r p < /run/keepalived.pid; [ -n "$p" ] && kill -0 "$p" 2>/dev/null && echo "$p"',
    `echo @@yield; rd '${VRRP_YIELD_FILE}'`,
    'echo @@end',
  ].join('; ');
}

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
  /** When it last left MASTER (its notify hook's second line), if it ever did. */
  vrrpLeftMaster: Date | null;
  addresses: string[];
  loadAverage: [number, number, number] | null;
  interfaces: { name: string; rxBytes: number; txBytes: number }[];
  stateFiles: Record<string, string>;
  /** Whether the persistent clients were read this time (a large table reads them every few polls). */
  persistentRead: boolean;
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

const newService = (key: string): LiveService => ({
  key,
  realServers: [],
  connections: 0,
  inPackets: 0,
  outPackets: 0,
  inBytes: 0,
  outBytes: 0,
});
const newServer = (address: string, weight: number, persistent: number, active: number, inactive: number): LiveRealServer => ({
  address,
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

/** /proc/net/ip_vs's "C0A862E7:01BB" or "[2001:0db8:...:0001]:0050" as ipvsadm -Ln writes it: "192.168.98.231:443", "[2001:db8::1]:80". */
export function procAddress(text: string): string {
  const v6 = /^\[([0-9a-fA-F:]+)\]:([0-9A-F]{4})$/.exec(text);
  if (v6) return `[${canonicalIp(v6[1])}]:${parseInt(v6[2], 16)}`;
  const v4 = /^([0-9A-F]{8}):([0-9A-F]{4})$/.exec(text);
  if (!v4) return text;
  const n = parseInt(v4[1], 16);
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}:${parseInt(v4[2], 16)}`;
}

/** /proc/net/ip_vs: services with their real servers' weights and connections (persistent clients 0 until merged). */
export function parseProcIpVs(lines: string[]): LiveService[] {
  const services: LiveService[] = [];
  let current: LiveService | undefined;
  for (const line of lines) {
    const svc = SERVICE_LINE.exec(line);
    if (svc) {
      const where = svc[1] === 'FWM' ? String(parseInt(svc[2], 16)) : procAddress(svc[2]);
      current = newService(`${svc[1]} ${where}`);
      services.push(current);
      continue;
    }
    const rs = SERVER_LINE.exec(line);
    if (rs && current) {
      // "Route   100    0          0": forward method, weight, active, inactive.
      const [, weight, active, inactive] = rs[2].trim().split(/\s+/);
      if (/^\d+$/.test(weight ?? ''))
        current.realServers.push(newServer(procAddress(rs[1]), Number(weight), 0, Number(active), Number(inactive)));
    }
  }
  return services;
}

/** `ipvsadm -Ln --persistent-conn`: services with weights, persistent clients and connections. */
function parsePersistent(lines: string[]): LiveService[] {
  const services: LiveService[] = [];
  let current: LiveService | undefined;
  for (const line of lines) {
    const svc = SERVICE_LINE.exec(line);
    if (svc) {
      current = newService(`${svc[1]} ${svc[2]}`);
      services.push(current);
      continue;
    }
    const rs = SERVER_LINE.exec(line);
    if (rs && current && /^\d/.test(rs[2])) {
      const [weight, persistent, active, inactive] = rs[2].trim().split(/\s+/).map(Number);
      current.realServers.push(newServer(rs[1], weight, persistent, active, inactive));
    }
  }
  return services;
}

/** Each service's real servers by address, to merge another listing into it. */
function index(services: LiveService[]): Map<string, { service: LiveService; servers: Map<string, LiveRealServer> }> {
  return new Map(services.map((s) => [s.key, { service: s, servers: new Map(s.realServers.map((r) => [r.address, r])) }]));
}

/**
 * The kernel table of a snapshot: /proc/net/ip_vs (or, from an older script, the persistent-conn
 * listing) for the real servers, the persistent clients merged in when they were read, and the
 * counters of `--stats --exact`.
 */
export function parseIpvsTables(proc: string[], stats: string[], persist: string[] = []): LiveService[] {
  const services = proc.length ? parseProcIpVs(proc) : parsePersistent(persist);
  const byKey = index(services);
  if (proc.length && persist.length) {
    for (const p of parsePersistent(persist)) {
      const into = byKey.get(p.key);
      for (const r of p.realServers) {
        const target = into?.servers.get(r.address);
        if (target) target.persistentClients = r.persistentClients;
      }
    }
  }
  let current: ReturnType<typeof byKey.get>;
  for (const line of stats) {
    const svc = SERVICE_LINE.exec(line);
    if (svc) {
      current = byKey.get(`${svc[1]} ${svc[2]}`);
      const nums = line.trim().split(/\s+/).slice(2).map(Number);
      if (current && nums.length >= 5) {
        const s = current.service;
        [s.connections, s.inPackets, s.outPackets, s.inBytes, s.outBytes] = nums;
      }
      continue;
    }
    const rs = SERVER_LINE.exec(line);
    if (rs && current) {
      const target = current.servers.get(rs[1]);
      const nums = rs[2].trim().split(/\s+/).map(Number);
      if (target && nums.length >= 5) [target.connections, target.inPackets, target.outPackets, target.inBytes, target.outBytes] = nums;
    }
  }
  return services;
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
    services: parseIpvsTables(get('proc'), get('stats'), get('persist')),
    persistentRead: s.has('persist'),
    syncDaemon: roles.length ? roles.join(', ') : null,
    vrrpState: vrrp ? (vrrp[2] as DirectorSnapshot['vrrpState']) : null,
    vrrpSince: vrrp && !Number.isNaN(Date.parse(vrrp[1])) ? new Date(vrrp[1]) : null,
    vrrpLeftMaster: dateOrNull(/^left-master (\S+)$/m.exec(get('vrrp').join('\n'))?.[1]),
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
export async function takeSnapshot(
  conn: DirectorSession,
  opts: { timeoutMs?: number; persistent?: boolean } = {},
): Promise<DirectorSnapshot> {
  const r = await conn.exec(snapshotScript({ persistent: opts.persistent ?? true }), { timeoutMs: opts.timeoutMs ?? 10_000 });
  if (!r.stdout.includes('@@end'))
    throw new Error(`${conn.target.name}: the status read ended early: ${r.stderr.trim() || `exit ${r.code}`}`);
  return parseSnapshot(r.stdout);
}

function dateOrNull(text: string | undefined): Date | null {
  return text && !Number.isNaN(Date.parse(text)) ? new Date(text) : null;
}
