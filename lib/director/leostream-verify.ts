// Verify a Leostream deployment from a director (guide §12): the real servers' own health pages, and
// in Direct Routing whether any real server answers ARP for a VIP (the "ARP problem"). One command per
// director; its output is parsed here.
import type { DirectorSession } from './transport';
import { DirectorError } from './errors';
import { shellQuote as q } from './remote-path';

export interface HealthProbe {
  ip: string;
  path: string;
}

export interface VerifyProbeResult {
  /** ip -> curl's exit code and the first line of the body. */
  health: Map<string, { exit: number; body: string }>;
  /** VIPs this director holds, with the interface. */
  vipDevices: Map<string, string>;
  /** vip -> MAC addresses that answered ARP for it. */
  arpReplies: Map<string, string[]>;
  /** The tool that sent the ARP requests, or null when the director has none. */
  arpTool: string | null;
  /** ip -> MAC from the director's neighbour table. */
  neighbours: Map<string, string>;
}

export const CURL_TIMEOUT_S = 4;

export function verifyScript(probes: HealthProbe[], vips: string[]): string {
  const lines: string[] = [];
  for (const p of probes) {
    const url = `https://${p.ip.includes(':') ? `[${p.ip}]` : p.ip}${p.path}`;
    lines.push(
      `r=$(curl -sk --max-time ${CURL_TIMEOUT_S} ${q(url)} 2>/dev/null); e=$?; echo "HC ${p.ip} $e $(printf %s "$r" | head -n 1 | tr -d '\\r' | cut -c1-120)"`,
    );
  }
  if (vips.length) {
    lines.push(
      'if command -v arping >/dev/null 2>&1; then A=arping; elif busybox arping 2>&1 | grep -q -i usage; then A="busybox arping"; else A=; fi',
      'echo "ARPTOOL ${A:-none}"',
    );
    for (const v of vips) {
      // The VIP's interface on this director (only the active one holds it), and an own address there
      // as the sender: a request from the VIP itself would be dropped by the real servers as martian.
      lines.push(
        `dev=$(ip -o -4 addr show | awk -v a=${q(v)} '{split($4, x, "/"); if (x[1] == a) {print $2; exit}}')`,
        `if [ -n "$dev" ]; then echo "VIPDEV ${v} $dev"; src=$(ip -o -4 addr show dev "$dev" | awk -v a=${q(v)} '{split($4, x, "/"); if (x[1] != a && x[2] != "32") {print x[1]; exit}}'); ` +
          `if [ -n "$A" ] && [ -n "$src" ]; then $A -c 2 -w 3 -I "$dev" -s "$src" ${q(v)} 2>&1 | sed -n 's/.*reply from [^[]*\\[\\([0-9A-Fa-f:]*\\)\\].*/ARP ${v} \\1/p'; fi; fi`,
      );
    }
    lines.push(`ip -4 neigh show | awk '$4 == "lladdr" {print "NEIGH", $1, $5}'`);
  }
  lines.push('echo END');
  return lines.join('\n');
}

export function parseVerifyOutput(text: string): VerifyProbeResult {
  const out: VerifyProbeResult = { health: new Map(), vipDevices: new Map(), arpReplies: new Map(), arpTool: null, neighbours: new Map() };
  for (const line of text.split('\n')) {
    const [tag, a, b, ...rest] = line.trim().split(' ');
    if (tag === 'HC' && a && b !== undefined) out.health.set(a, { exit: Number(b), body: rest.join(' ').trim() });
    else if (tag === 'VIPDEV' && a && b) out.vipDevices.set(a, b);
    else if (tag === 'ARPTOOL') out.arpTool = a && a !== 'none' ? [a, b].filter(Boolean).join(' ') : null;
    else if (tag === 'ARP' && a && b) {
      const macs = out.arpReplies.get(a) ?? [];
      if (!macs.includes(b.toLowerCase())) macs.push(b.toLowerCase());
      out.arpReplies.set(a, macs);
    } else if (tag === 'NEIGH' && a && b) out.neighbours.set(a, b.toLowerCase());
  }
  return out;
}

export async function runVerifyProbe(conn: DirectorSession, probes: HealthProbe[], vips: string[]): Promise<VerifyProbeResult> {
  const timeoutMs = 10_000 + probes.length * CURL_TIMEOUT_S * 1000 + vips.length * 4_000;
  const r = await conn.exec(verifyScript(probes, vips), { timeoutMs });
  if (!r.stdout.includes('END'))
    throw new DirectorError(
      'command',
      `The verification did not finish on ${conn.target.name}: ${(r.stderr || r.stdout).trim().slice(0, 300)}`,
    );
  return parseVerifyOutput(r.stdout);
}
