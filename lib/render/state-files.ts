// A real server's admin state (online / drain / halt) lives on each director in one small file that
// keepalived watches (one FILE_CHECK on a track_file; it re-reads the file when it is written or
// deleted). Writing it drains, halts or brings back a real server at once, without reloading
// keepalived, and keepalived never rewrites it, so the state survives reloads, restarts and health
// transitions. The file holds a number that keepalived multiplies by the FILE_CHECK's weight (1) and
// adds to the real server's weight:
// - no file (or 0): online;
// - -65535: drain, the weight drops to 0 (no new connections, open ones finish);
// - -2147483648: halt, the lowest number keepalived reads, which is its FAULT: the real server is
//   taken out of the kernel table (keepalived 2.2 and later).
// Only drained and halted real servers have a file, so that a large table costs nothing to write or to
// read back, and keepalived reads no file at start for an online one.
//
// Which file keepalived watches (the scope): one per real server of each service while the table has up
// to PER_SERVICE_STATE_LIMIT real servers; above it, one per real-server address, shared by every
// service it serves (drain or halt a gateway everywhere at once). keepalived finds a FILE_CHECK's
// track_file by name in a list (find_tracked_file_by_name, linear), so each parse costs real servers x
// files: at 10,000 x 10,000 about 4.5 s under the lab's TCG, twice per apply and director. The files of
// both scopes are always written (an address's file says the most severe state among its real
// servers), so that whichever keepalived.conf a director runs reads the right state. Pure: names and
// contents are derived from the configuration.
import type { RealServerSpec } from '../schemas/real-server';
import type { RenderService } from './model';

export const STATE_DIR = '/var/lib/lvs-console/state';

/** What a state file holds for each admin state but online (which has none). */
export const STATE_VALUES = { drain: '-65535', halt: '-2147483648' } as const;

/**
 * "Make this director active": 1 in this file puts the director's VRRP instance in FAULT (it gives
 * the floating IPs up at once, with a priority-0 advert); the console writes 0 again as soon as the
 * peer is MASTER, and nopreempt keeps the peer MASTER. Only rendered for a pair.
 */
export const VRRP_YIELD_FILE = `${STATE_DIR}/vrrp.yield`;
/** What a state file name looks like: the real server's key (of a service, or of an address), then .state. */
export const STATE_FILE_NAME = /^(fw\d{1,10}-[0-9A-Za-z_]{1,64}(-\d{1,5})?|ip-[0-9A-Za-z_]{1,64})\.state$/;

/** Above this many real servers in the table, keepalived watches one state file per real-server address. */
export const PER_SERVICE_STATE_LIMIT = 2_000;

/** What one state file drains or halts: a real server of one service, or an address in every service. */
export type StateScope = 'service' | 'address';

/** The scope a table's keepalived.conf watches (see the top of this file). */
export function stateScope(services: Pick<RenderService, 'realServers'>[]): StateScope {
  let n = 0;
  for (const s of services) n += s.realServers.length;
  return n > PER_SERVICE_STATE_LIMIT ? 'address' : 'service';
}
/** The two files per real server of consoles before this scheme (<key>.drain and <key>.halt): removed at the next apply. */
export const LEGACY_STATE_FILE_NAME = /^fw\d{1,10}-[0-9A-Za-z_]{1,64}(-\d{1,5})?\.(drain|halt)$/;

export type AdminState = RealServerSpec['adminState'];

/** One real server of one service, on every director: fw<mark>-<address>[-<port>]. */
export function stateKey(s: Pick<RenderService, 'fwmark'>, r: Pick<RealServerSpec, 'ip' | 'port'>): string {
  return `fw${s.fwmark}-${r.ip.replace(/[.:]/g, '_')}${r.port !== null ? `-${r.port}` : ''}`;
}

/** One real-server address in every service: ip-<address>. */
export function addressKey(r: Pick<RealServerSpec, 'ip'>): string {
  return `ip-${r.ip.replace(/[.:]/g, '_')}`;
}

/** The key of the state file keepalived watches for this real server of this service, in a scope. */
export function trackKey(scope: StateScope, s: Pick<RenderService, 'fwmark'>, r: Pick<RealServerSpec, 'ip' | 'port'>): string {
  return scope === 'service' ? stateKey(s, r) : addressKey(r);
}

const SEVERITY: Record<AdminState, number> = { online: 0, drain: 1, halt: 2 };

/** The most severe of admin states (halt, then drain, then online): what an address's file says. */
function mostSevere(a: AdminState, b: AdminState): AdminState {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

/**
 * With one state file per address, a real server is in the state of its address: the most severe state
 * among that address's real servers (a drain of one of them reached them all). The services as keepalived
 * will run them; unchanged in the per-service scope.
 */
export function withScopeStates<S extends RenderService>(services: S[]): S[] {
  if (stateScope(services) === 'service') return services;
  const byAddress = addressStates(services);
  return services.map((s) =>
    s.realServers.some((r) => r.adminState !== byAddress.get(r.ip))
      ? { ...s, realServers: s.realServers.map((r) => ({ ...r, adminState: byAddress.get(r.ip) ?? r.adminState })) }
      : s,
  );
}

/** Each real-server address's state: the most severe among its real servers in every service. */
export function addressStates(services: { realServers: Pick<RealServerSpec, 'ip' | 'adminState'>[] }[]): Map<string, AdminState> {
  const out = new Map<string, AdminState>();
  for (const s of services) for (const r of s.realServers) out.set(r.ip, mostSevere(out.get(r.ip) ?? 'online', r.adminState));
  return out;
}

/** The state file of a real server's key. */
export const stateFileName = (key: string) => `${key}.state`;

/** What the state file holds for an admin state; null: no file (online). */
export function stateValue(state: AdminState): string | null {
  return state === 'online' ? null : STATE_VALUES[state];
}

/** The admin state a state file's content means (undefined: no file), as read back from a director. */
export function stateFromValue(value: string | undefined): AdminState {
  const n = Number((value ?? '').trim() || '0');
  if (!Number.isFinite(n) || n >= 0) return 'online';
  return n <= Number(STATE_VALUES.halt) ? 'halt' : 'drain';
}

/**
 * The state files the directors should hold for this configuration (file name -> content): drained and
 * halted real servers only, in both scopes (each real server's, and its address's).
 */
export function renderStateFiles(services: RenderService[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of services)
    for (const r of s.realServers) {
      const v = stateValue(r.adminState);
      if (v !== null) out[stateFileName(stateKey(s, r))] = v;
    }
  for (const [ip, state] of addressStates(services)) {
    const v = stateValue(state);
    if (v !== null) out[stateFileName(addressKey({ ip }))] = v;
  }
  return out;
}

/**
 * What to write so that a director's state files say what the configuration says: desired files whose
 * content differs, and null (remove) for files that drain or halt a real server the configuration has
 * online. `actual` is what the director holds (name -> content).
 */
export function stateFilesToFix(desired: Record<string, string>, actual: Record<string, string>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [f, v] of Object.entries(desired)) if ((actual[f] ?? '').trim() !== v) out[f] = v;
  for (const [f, v] of Object.entries(actual)) if (!(f in desired) && stateFromValue(v) !== 'online') out[f] = null;
  return out;
}
