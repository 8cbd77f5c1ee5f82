// Which director of a pair is active, read the way the floating IPs themselves say it, and the
// manual-failover switch (the VRRP yield file keepalived tracks; see lib/render/state-files).
import { DIRECTOR_PATHS } from '../render/model';
import { STATE_DIR, VRRP_YIELD_FILE } from '../render/state-files';
import type { DirectorSession } from './transport';
import { DirectorError } from './errors';

export interface VrrpView {
  /** MASTER | BACKUP | FAULT | STOP as the notify hook last wrote it, or null (never ran / not running). */
  state: string | null;
  /** Whether keepalived runs (a crashed one leaves its last state behind). */
  running: boolean;
  /** The director's addresses (without prefix). */
  addresses: string[];
  /** vrrp.yield holds 1: the console holds it in FAULT ("Make this director active" of its peer). */
  yielding: boolean;
}

export const VRRP_READ_SCRIPT = [
  `echo @@vrrp; cat '${DIRECTOR_PATHS.vrrpState}' 2>/dev/null`,
  'echo @@run; p=$(cat /run/keepalived.pid 2>/dev/null); [ -n "$p" ] && kill -0 "$p" 2>/dev/null && echo yes',
  'echo @@addr; ip -o addr show',
  `echo @@yield; cat '${VRRP_YIELD_FILE}' 2>/dev/null`,
  'echo @@end',
].join('; ');

/** What vrrp.yield holds means: anything but a missing file, empty or 0 puts the director in FAULT. */
export function isYielding(value: string | undefined): boolean {
  const v = (value ?? '').trim();
  return v !== '' && v !== '0';
}

export function parseVrrpView(text: string): VrrpView {
  const section = (name: string) => {
    const m = new RegExp(`@@${name}\\n([\\s\\S]*?)(?=@@\\w+\\n|@@end)`).exec(text);
    return m ? m[1].trim() : '';
  };
  const state = /\bINSTANCE \S+ (MASTER|BACKUP|FAULT|STOP)\b/.exec(section('vrrp'))?.[1] ?? null;
  const running = section('run') === 'yes';
  const addresses = section('addr')
    .split('\n')
    .map((l) => /\s(?:inet6?)\s+([0-9a-fA-F:.]+)\//.exec(l)?.[1])
    .filter((a): a is string => !!a);
  return { state: running ? state : null, running, addresses, yielding: isYielding(section('yield')) };
}

export async function readVrrp(conn: DirectorSession, timeoutMs = 5_000): Promise<VrrpView> {
  const r = await conn.exec(VRRP_READ_SCRIPT, { timeoutMs });
  if (!r.stdout.includes('@@end'))
    throw new DirectorError('command', `${conn.target.name}: reading the VRRP state failed: ${r.stderr.trim() || `exit ${r.code}`}`);
  return parseVrrpView(r.stdout);
}

/** 1: give the floating IPs up (FAULT); 0: back to normal (BACKUP, and nopreempt keeps it there). */
export async function setVrrpYield(conn: DirectorSession, on: boolean): Promise<void> {
  const r = await conn.exec(`mkdir -p '${STATE_DIR}' && echo ${on ? 1 : 0} > '${VRRP_YIELD_FILE}'`, { timeoutMs: 5_000 });
  if (r.code !== 0)
    throw new DirectorError('command', `${conn.target.name}: writing ${VRRP_YIELD_FILE} failed: ${r.stderr.trim() || `exit ${r.code}`}`);
}

/** Holds every one of these addresses (a director that holds the floating IPs is the active one). */
export function holdsAll(view: VrrpView, floatingIps: string[]): boolean {
  return floatingIps.length > 0 && floatingIps.every((ip) => view.addresses.includes(ip));
}

/**
 * Split brain: two directors MASTER at once, or a floating IP on two directors (a keepalived killed
 * without cleaning up leaves its addresses behind). What is wrong and what to check, or null.
 */
export function detectSplitBrain(seen: { name: string; master: boolean; addresses: string[] }[], floatingIps: string[]): string | null {
  const masters = seen.filter((x) => x.master).map((x) => x.name);
  const shared = floatingIps.filter((a) => seen.filter((x) => x.addresses.includes(a)).length > 1);
  if (masters.length < 2 && !shared.length) return null;
  const holders = seen.filter((x) => shared.some((a) => x.addresses.includes(a))).map((x) => x.name);
  const what = masters.length > 1 ? `${masters.join(' and ')} are both MASTER` : `${holders.join(' and ')} both hold ${shared.join(', ')}`;
  return `Split brain: ${what}, so clients reach either one. The VRRP adverts between them are not getting through: check the link between their VRRP interfaces, that VRRP (IP protocol 112) is allowed between their own addresses, and that keepalived runs on both with the same virtual_router_id. Then use Make this director active on the one that should carry the traffic.`;
}
