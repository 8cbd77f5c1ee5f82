// "Where does client X land?": one client's persistence templates and connections, filtered on the
// director (awk over /proc/net/ip_vs_conn) so that only that client's lines travel, never the whole
// connection table. Pure parsing below; the address is validated before it reaches the command.
import { ipFamily } from '../schemas/net';
import type { DirectorSession } from './transport';

export interface ClientEntry {
  /** TCP / UDP connection, or IP for the persistence template of a firewall-mark service. */
  protocol: string;
  template: boolean;
  clientPort: number;
  /** The service side: the VIP and port, or the firewall mark of a template. */
  virtualAddress: string;
  virtualPort: number;
  fwmark: number | null;
  realServer: string;
  realServerPort: number;
  state: string;
  expiresInSeconds: number;
}

/** The client address as /proc/net/ip_vs_conn writes it: 8 hex digits for IPv4, the full form for IPv6. */
export function procAddress(ip: string): string {
  if (ipFamily(ip) === 4)
    return ip
      .split('.')
      .map((o) => Number(o).toString(16).padStart(2, '0'))
      .join('')
      .toUpperCase();
  if (ipFamily(ip) === 6) {
    const [head, tail = ''] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const groups = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
    return groups.map((g) => g.padStart(4, '0').toLowerCase()).join(':');
  }
  throw new Error(`${ip} is not an IP address`);
}

function fromProc(hex: string): string {
  if (/^[0-9A-Fa-f]{8}$/.test(hex)) return [0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');
  return hex.replace(/(^|:)0{1,3}(?=[0-9a-f])/gi, '$1').toLowerCase();
}

/** Lines of /proc/net/ip_vs_conn (already filtered to one client). */
export function parseIpvsConn(text: string, client: string): ClientEntry[] {
  const want = procAddress(client);
  const out: ClientEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 9 || f[0] === 'Pro' || f[1].toUpperCase() !== want.toUpperCase()) continue;
    const [protocol, , cport, vaddr, vport, daddr, dport, state, expires] = f;
    const template = protocol === 'IP' || Number.parseInt(cport, 16) === 0;
    const fwmark = protocol === 'IP' ? Number.parseInt(vaddr, 16) : null;
    out.push({
      protocol,
      template,
      clientPort: Number.parseInt(cport, 16),
      virtualAddress: protocol === 'IP' ? `fwmark ${fwmark}` : fromProc(vaddr),
      virtualPort: Number.parseInt(vport, 16),
      fwmark,
      realServer: fromProc(daddr),
      realServerPort: Number.parseInt(dport, 16),
      state,
      expiresInSeconds: Number(expires),
    });
  }
  return out;
}

/** One client's entries on one director. */
export async function lookUpClient(conn: DirectorSession, client: string): Promise<ClientEntry[]> {
  const hex = procAddress(client); // hex digits and colons only: safe in the command
  const r = await conn.exec(`awk -v c='${hex}' 'toupper($2) == toupper(c)' /proc/net/ip_vs_conn`, { timeoutMs: 15_000 });
  if (r.code !== 0) throw new Error(`${conn.target.name}: reading /proc/net/ip_vs_conn failed: ${r.stderr.trim() || `exit ${r.code}`}`);
  return parseIpvsConn(r.stdout, client);
}
