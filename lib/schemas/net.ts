// Address and port parsing shared by every schema, renderer and importer. Pure functions that run
// in the browser too (the forms use the same schemas), so no node: modules here.

export type IpFamily = 4 | 6;

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

function isIPv6(ip: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(ip) || !ip.includes(':')) return false;
  try {
    new URL(`http://[${ip}]/`);
    return true;
  } catch {
    return false;
  }
}

export function ipFamily(ip: string): IpFamily | null {
  if (IPV4.test(ip)) return 4;
  if (isIPv6(ip)) return 6;
  return null;
}

/** Canonical text of an address: IPv4 as is, IPv6 compressed and lower-case. */
export function canonicalIp(ip: string): string {
  if (ipFamily(ip) !== 6) return ip;
  return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
}

export interface PortRange {
  from: number;
  to: number;
}

export type PortsResult = { ok: true; ranges: PortRange[] } | { ok: false; message: string };

/**
 * Parses the appliance's port list: "80,443,4172,50001-50002". Each port 1-65535, ranges low-high,
 * no port listed twice (also not inside a range).
 */
export function parsePorts(text: string): PortsResult {
  const trimmed = text.replace(/\s+/g, '');
  if (!trimmed) return { ok: false, message: 'Enter at least one port, e.g. 443 or 80,443 or 50001-50002.' };
  const ranges: PortRange[] = [];
  for (const part of trimmed.split(',')) {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
    if (!m) return { ok: false, message: `"${part}" is not a port or a range; write ports like 80,443,50001-50002.` };
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (const p of [from, to]) {
      if (p < 1 || p > 65535) return { ok: false, message: `Port ${p} is out of range; use 1 to 65535.` };
    }
    if (to < from) return { ok: false, message: `The range ${part} runs backwards; write it as ${to}-${from}.` };
    if (to === from && m[2] !== undefined) return { ok: false, message: `The range ${part} has one port; write it as ${from}.` };
    ranges.push({ from, to });
  }
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].from <= sorted[i - 1].to) {
      const dup = sorted[i].from;
      return { ok: false, message: `Port ${dup} is listed more than once; list each port once.` };
    }
  }
  return { ok: true, ranges };
}

export function formatPorts(ranges: PortRange[]): string {
  return ranges.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`)).join(',');
}

export function portCount(ranges: PortRange[]): number {
  return ranges.reduce((n, r) => n + r.to - r.from + 1, 0);
}

export function rangesOverlap(a: PortRange[], b: PortRange[]): number | null {
  for (const x of a) for (const y of b) if (x.from <= y.to && y.from <= x.to) return Math.max(x.from, y.from);
  return null;
}

/** 255.255.255.0 -> 24; null when not a contiguous IPv4 mask. */
export function maskToPrefix(mask: string): number | null {
  if (ipFamily(mask) !== 4) return null;
  const bits = mask
    .split('.')
    .map((o) => Number(o).toString(2).padStart(8, '0'))
    .join('');
  if (!/^1*0*$/.test(bits)) return null;
  return bits.indexOf('0') === -1 ? 32 : bits.indexOf('0');
}

export function prefixToMask(prefix: number): string {
  const bits = '1'.repeat(prefix).padEnd(32, '0');
  return [0, 8, 16, 24].map((i) => parseInt(bits.slice(i, i + 8), 2)).join('.');
}
