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
// read back, and keepalived reads no file at start for an online one. Pure: names and contents are
// derived from the configuration.
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
/** What a state file name looks like: the real server's key, then .state. */
export const STATE_FILE_NAME = /^fw\d{1,10}-[0-9A-Za-z_]{1,64}(-\d{1,5})?\.state$/;
/** The two files per real server of consoles before this scheme (<key>.drain and <key>.halt): removed at the next apply. */
export const LEGACY_STATE_FILE_NAME = /^fw\d{1,10}-[0-9A-Za-z_]{1,64}(-\d{1,5})?\.(drain|halt)$/;

export type AdminState = RealServerSpec['adminState'];

/** One real server of one service, on every director: fw<mark>-<address>[-<port>]. */
export function stateKey(s: Pick<RenderService, 'fwmark'>, r: Pick<RealServerSpec, 'ip' | 'port'>): string {
  return `fw${s.fwmark}-${r.ip.replace(/[.:]/g, '_')}${r.port !== null ? `-${r.port}` : ''}`;
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

/** The state files the directors should hold for this configuration (file name -> content): drained and halted real servers only. */
export function renderStateFiles(services: RenderService[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of services)
    for (const r of s.realServers) {
      const v = stateValue(r.adminState);
      if (v !== null) out[stateFileName(stateKey(s, r))] = v;
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
