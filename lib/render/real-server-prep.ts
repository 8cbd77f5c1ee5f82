// What each real server needs: DR -> it must accept traffic for the VIPs without answering ARP for
// them (the guide's four methods, appendix 15.2); NAT -> its default gateway is the director's
// floating gateway address; Layer 4 SNAT -> nothing (it sees the director's address as the source).
import { ipFamily } from '../schemas/net';
import type { FloatingIpSpec } from '../schemas/floating-ip';
import type { RenderService } from './model';

export const ARP_METHODS = [
  { id: 'loopback', title: 'Method 1: ARP behaviour and loopback interface (preferred)' },
  { id: 'iptables', title: 'Method 2: NAT "redirect" via iptables' },
  { id: 'nftables', title: 'Method 3: NAT "redirect" via nftables' },
  { id: 'firewalld', title: 'Method 4: NAT "redirect" via firewall-cmd' },
] as const;

export type ArpMethod = (typeof ARP_METHODS)[number]['id'];

export interface RealServerPrep {
  ip: string;
  labels: string[]; // the real-server entries with this address
  dr: { vips4: string[]; vips6: string[]; services: string[]; scripts: Record<ArpMethod, string> } | null;
  nat: { gateway4: string | null; gateway6: string | null; services: string[]; script: string } | null;
  /** Layer 4 SNAT services: nothing to change; the server sees the director's address, not the client's. */
  snat: { services: string[] } | null;
}

function drScripts(vips4: string[], vips6: string[]): Record<ArpMethod, string> {
  const head = (m: string) => [
    '#!/bin/sh',
    `# lvs-console: ${m}`,
    '# Run as root on the real server. Make it permanent with your distribution’s own tools.',
    'set -e',
  ];
  const loopback = [...head(ARP_METHODS[0].title)];
  if (vips4.length) {
    loopback.push(
      '# Answer ARP only for addresses of the receiving interface, and never announce the VIPs.',
      'cat > /etc/sysctl.d/90-lvs-dr.conf <<EOF',
      'net.ipv4.conf.all.arp_ignore=1',
      'net.ipv4.conf.all.arp_announce=2',
      'EOF',
      'for i in /proc/sys/net/ipv4/conf/*/arp_ignore; do echo 1 > "$i"; done',
      'for i in /proc/sys/net/ipv4/conf/*/arp_announce; do echo 2 > "$i"; done',
    );
  }
  if (vips6.length) {
    loopback.push(
      '# IPv6 VIPs are not unique: no duplicate address detection on lo.',
      'cat > /etc/sysctl.d/91-lvs-dr-ipv6.conf <<EOF',
      'net.ipv6.conf.lo.dad_transmits=0',
      'net.ipv6.conf.lo.accept_dad=0',
      'EOF',
      'echo 0 > /proc/sys/net/ipv6/conf/lo/dad_transmits',
      'echo 0 > /proc/sys/net/ipv6/conf/lo/accept_dad',
    );
  }
  for (const v of vips4) loopback.push(`ip addr replace ${v}/32 dev lo`);
  for (const v of vips6) loopback.push(`ip addr replace ${v}/128 dev lo`);

  const iptables = [...head(ARP_METHODS[1].title)];
  for (const v of vips4)
    iptables.push(`iptables -t nat -C PREROUTING -d ${v} -j REDIRECT 2>/dev/null || iptables -t nat -A PREROUTING -d ${v} -j REDIRECT`);
  for (const v of vips6)
    iptables.push(`ip6tables -t nat -C PREROUTING -d ${v} -j REDIRECT 2>/dev/null || ip6tables -t nat -A PREROUTING -d ${v} -j REDIRECT`);

  const nft = [
    ...head(ARP_METHODS[2].title),
    'nft -f - <<EOF',
    'table inet lvs_dr {}',
    'flush table inet lvs_dr',
    'table inet lvs_dr {',
    '    chain prerouting {',
    '        type nat hook prerouting priority -100; policy accept;',
  ];
  for (const v of vips4) nft.push(`        ip daddr ${v} redirect`);
  for (const v of vips6) nft.push(`        ip6 daddr ${v} redirect`);
  nft.push('    }', '}', 'EOF');

  const firewalld = [...head(ARP_METHODS[3].title)];
  for (const v of vips4) firewalld.push(`firewall-cmd --permanent --direct --add-rule ipv4 nat PREROUTING 0 -d ${v} -j REDIRECT`);
  for (const v of vips6) firewalld.push(`firewall-cmd --permanent --direct --add-rule ipv6 nat PREROUTING 0 -d ${v} -j REDIRECT`);
  firewalld.push('firewall-cmd --reload');

  const join = (l: string[]) => l.join('\n') + '\n';
  return { loopback: join(loopback), iptables: join(iptables), nftables: join(nft), firewalld: join(firewalld) };
}

/** Preparation of every real server (by address) the configuration uses. */
export function renderRealServerPrep(services: RenderService[], floatingIps: FloatingIpSpec[]): RealServerPrep[] {
  const byIp = new Map<string, { labels: Set<string>; dr: RenderService[]; nat: RenderService[]; snat: RenderService[] }>();
  for (const s of services) {
    for (const r of s.realServers) {
      const e = byIp.get(r.ip) ?? { labels: new Set(), dr: [], nat: [], snat: [] };
      e.labels.add(r.label);
      e[s.forwarding].push(s);
      byIp.set(r.ip, e);
    }
  }
  const gateway = (family: 4 | 6) => floatingIps.find((f) => f.purpose === 'gateway' && ipFamily(f.address) === family)?.address ?? null;
  return [...byIp.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([ip, e]) => {
      const uniq = (xs: string[]) => [...new Set(xs)];
      let dr: RealServerPrep['dr'] = null;
      if (e.dr.length) {
        const vips4 = uniq(e.dr.filter((s) => ipFamily(s.ip) === 4).map((s) => s.ip));
        const vips6 = uniq(e.dr.filter((s) => ipFamily(s.ip) === 6).map((s) => s.ip));
        dr = { vips4, vips6, services: uniq(e.dr.map((s) => s.label)), scripts: drScripts(vips4, vips6) };
      }
      let nat: RealServerPrep['nat'] = null;
      if (e.nat.length) {
        const fam = ipFamily(ip) === 6 ? 6 : 4;
        const gw = gateway(fam);
        const script = [
          '#!/bin/sh',
          '# lvs-console: NAT mode. Replies must go back through the director, so the default gateway',
          '# is the director’s floating gateway address (it moves with the active director).',
          'set -e',
          gw
            ? `ip ${fam === 6 ? '-6 ' : ''}route replace default via ${gw}`
            : `echo "No gateway floating IP (IPv${fam}) is configured: add one under Cluster Configuration > Floating IPs." >&2; exit 1`,
          '# Make it permanent in your network configuration (e.g. "gateway" in /etc/network/interfaces).',
          '',
        ].join('\n');
        nat = { gateway4: fam === 4 ? gw : null, gateway6: fam === 6 ? gw : null, services: uniq(e.nat.map((s) => s.label)), script };
      }
      const snat = e.snat.length ? { services: uniq(e.snat.map((s) => s.label)) } : null;
      return { ip, labels: [...e.labels].sort(), dr, nat, snat };
    });
}
