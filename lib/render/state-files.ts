// A real server's admin state (online / drain / halt) lives on each director in two small files that
// keepalived watches (FILE_CHECK on a track_file; it re-reads a file when it is written). Writing them
// drains, halts or brings back a real server at once, without reloading keepalived, and keepalived
// never rewrites them, so the state survives reloads, restarts and health transitions.
// - <key>.halt  "1": the real server is FAULT, so keepalived removes it from the kernel table;
// - <key>.drain "1": its weight drops to 0 (a FILE_CHECK weight of -65535, clamped at 0): no new
//   connections, open ones finish.
// A missing file reads as 0 (online). Pure: the paths and contents are derived from the configuration.
import type { RealServerSpec } from '../schemas/real-server';
import type { RenderService } from './model';

export const STATE_DIR = '/var/lib/lvs-console/state';
/** The FILE_CHECK weight of the drain file: enough to take any real server weight (0-65535) to 0. */
export const DRAIN_WEIGHT = -65535;

/**
 * "Make this director active": 1 in this file puts the director's VRRP instance in FAULT (it gives
 * the floating IPs up at once, with a priority-0 advert); the console writes 0 again as soon as the
 * peer is MASTER, and nopreempt keeps the peer MASTER. Only rendered for a pair.
 */
export const VRRP_YIELD_FILE = `${STATE_DIR}/vrrp.yield`;
/** What a state file name looks like (the key, then .drain or .halt). */
export const STATE_FILE_NAME = /^fw\d{1,10}-[0-9A-Za-z_]{1,64}(-\d{1,5})?\.(drain|halt)$/;

export type AdminState = RealServerSpec['adminState'];

/** One real server of one service, on every director: fw<mark>-<address>[-<port>]. */
export function stateKey(s: Pick<RenderService, 'fwmark'>, r: Pick<RealServerSpec, 'ip' | 'port'>): string {
  return `fw${s.fwmark}-${r.ip.replace(/[.:]/g, '_')}${r.port !== null ? `-${r.port}` : ''}`;
}

/** The two files of one real server and what they hold for an admin state. */
export function stateFiles(key: string, state: AdminState): Record<string, '0' | '1'> {
  return { [`${key}.drain`]: state === 'drain' ? '1' : '0', [`${key}.halt`]: state === 'halt' ? '1' : '0' };
}

/** The admin state a pair of file values means (as read back from a director). */
export function stateFromFiles(drain: string | undefined, halt: string | undefined): AdminState {
  if (halt !== undefined && halt.trim() !== '' && halt.trim() !== '0') return 'halt';
  if (drain !== undefined && drain.trim() !== '' && drain.trim() !== '0') return 'drain';
  return 'online';
}

/** Every state file the directors should hold for this configuration (file name -> "0" or "1"). */
export function renderStateFiles(services: RenderService[]): Record<string, '0' | '1'> {
  const out: Record<string, '0' | '1'> = {};
  for (const s of services) for (const r of s.realServers) Object.assign(out, stateFiles(stateKey(s, r), r.adminState));
  return out;
}
