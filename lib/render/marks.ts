// The directors' firewall artefact. Firewall marks that group a multi-port / TCP+UDP service into one
// IPVS fwmark service, so that persistence spans all its ports and both protocols; and, in nftables
// only, the source NAT of Layer 4 SNAT services and Auto-NAT. Pure renderers for nftables and iptables.
import { ipFamily, parsePorts, type PortRange } from '../schemas/net';
import { needsFwmark, protocolsOf } from '../schemas/virtual-service';
import type { RenderService } from './model';
import type { ConsoleSettings } from '../schemas/settings';

export const NFT_TABLE = 'lvs_console';
export const IPTABLES_CHAIN = 'LVS_CONSOLE';

const markedServices = (services: RenderService[]) => [...services].filter(needsFwmark).sort((a, b) => a.fwmark - b.fwmark);

function nftPorts(ranges: PortRange[]): string {
  const items = ranges.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`));
  return items.length === 1 ? items[0] : `{ ${items.join(', ')} }`;
}

/** The ports of a service as nft writes them: one port or range, or a set. */
function nftServicePorts(s: RenderService): string {
  const p = parsePorts(s.ports);
  if (!p.ok) throw new Error(`${s.label}: ${p.message}`);
  return nftPorts(p.ranges);
}

/**
 * Layer 4 SNAT: the service's connections, recognised by their original destination (the VIP and its
 * ports, before IPVS rewrote it to a real server), leave the director with its own address on the real
 * servers' network (masquerade: each director of a pair its own). Needs net.ipv4.vs.conntrack = 1.
 */
function snatRules(services: RenderService[]): string[] {
  const lines: string[] = [];
  for (const s of [...services].filter((x) => x.forwarding === 'snat').sort((a, b) => a.fwmark - b.fwmark)) {
    const daddr = ipFamily(s.ip) === 6 ? 'ct original ip6 daddr' : 'ct original ip daddr';
    const protos = protocolsOf(s);
    const l4 = protos.length > 1 ? `meta l4proto { ${protos.join(', ')} }` : `meta l4proto ${protos[0]}`;
    lines.push(`        # ${s.label}: Layer 4 SNAT (${s.protocol} ${s.ports}), the real servers see this director's address`);
    lines.push(`        ${l4} ${daddr} ${s.ip} ct original proto-dst ${nftServicePorts(s)} masquerade`);
  }
  return lines;
}

/** The addresses of NAT-mode real servers (those that route through the directors), by family. */
function natRealServerAddresses(services: RenderService[]): { 4: string[]; 6: string[] } {
  const out = { 4: new Set<string>(), 6: new Set<string>() };
  for (const s of services)
    if (s.forwarding === 'nat')
      for (const r of s.realServers) {
        const family = ipFamily(r.ip);
        if (family) out[family].add(r.ip);
      }
  return { 4: [...out[4]].sort(), 6: [...out[6]].sort() };
}

/** Auto-NAT: NAT-mode real servers' own outbound traffic leaves the external interface with its address. */
function autoNatRules(services: RenderService[], iface: string): string[] {
  const addresses = natRealServerAddresses(services);
  const lines = [`        # Auto-NAT: outbound traffic of NAT-mode real servers leaves ${iface} with ${iface}'s address`];
  if (!addresses[4].length && !addresses[6].length) return [...lines, '        # (no NAT-mode real server yet)'];
  if (addresses[4].length) lines.push(`        oifname "${iface}" ip saddr { ${addresses[4].join(', ')} } masquerade`);
  if (addresses[6].length) lines.push(`        oifname "${iface}" ip6 saddr { ${addresses[6].join(', ')} } masquerade`);
  return lines;
}

/**
 * One inet table owned by lvs-console; `nft -f` replaces it atomically (declare, delete, define). The NAT
 * chains are there only while a Layer 4 SNAT service or Auto-NAT needs them (a NAT chain makes the
 * kernel track every connection).
 */
export function renderNftMarks(services: RenderService[], settings?: Pick<ConsoleSettings, 'autoNatInterface'>): string {
  const lines = [
    '#!/usr/sbin/nft -f',
    '# Firewall marks and source NAT for lvs-console virtual services. Generated: edit the services in the console.',
    // Declare (a no-op when it exists), delete, define: one transaction, so a chain no longer rendered
    // (the NAT chains once the last SNAT service goes) is gone too, which a flush would leave behind.
    `table inet ${NFT_TABLE} {}`,
    `delete table inet ${NFT_TABLE}`,
    '',
    `table inet ${NFT_TABLE} {`,
    '    chain prerouting {',
    '        # before IPVS (LOCAL_IN) sees the packet',
    '        type filter hook prerouting priority mangle; policy accept;',
  ];
  for (const s of markedServices(services)) {
    const daddr = ipFamily(s.ip) === 6 ? 'ip6 daddr' : 'ip daddr';
    const protos = protocolsOf(s);
    const match = protos.length > 1 ? `meta l4proto { ${protos.join(', ')} } th dport` : `${protos[0]} dport`;
    lines.push(`        # ${s.label}: ${s.protocol} ${s.ports} -> mark ${s.fwmark}`);
    lines.push(`        ${daddr} ${s.ip} ${match} ${nftServicePorts(s)} meta mark set ${s.fwmark}`);
  }
  lines.push('    }');
  const nat = [...snatRules(services), ...(settings?.autoNatInterface ? autoNatRules(services, settings.autoNatInterface) : [])];
  if (nat.length) {
    lines.push(
      '    chain nat_prerouting {',
      '        # registers the NAT engine for the replies of source-NATed connections',
      '        type nat hook prerouting priority dstnat; policy accept;',
      '    }',
      '    chain nat_postrouting {',
      '        type nat hook postrouting priority srcnat; policy accept;',
      ...nat,
      '    }',
    );
  }
  lines.push('}', '');
  return lines.join('\n');
}

/** iptables multiport takes at most 15 ports, a range counting as two. */
function multiportChunks(ranges: PortRange[]): string[] {
  const chunks: string[] = [];
  let cur: string[] = [];
  let weight = 0;
  for (const r of ranges) {
    const w = r.from === r.to ? 1 : 2;
    if (weight + w > 15) {
      chunks.push(cur.join(','));
      cur = [];
      weight = 0;
    }
    cur.push(r.from === r.to ? String(r.from) : `${r.from}:${r.to}`);
    weight += w;
  }
  if (cur.length) chunks.push(cur.join(','));
  return chunks;
}

/** iptables-restore --noflush input for one family: a dedicated mangle chain, flushed and refilled. */
export function renderIptablesMarks(services: RenderService[], family: 4 | 6 = 4): string {
  const lines = [
    `# lvs-console firewall marks (${family === 4 ? 'iptables' : 'ip6tables'}-restore --noflush). Generated.`,
    '# Layer 4 SNAT and Auto-NAT are in marks.nft only (the file the console loads).',
    '*mangle',
    `:${IPTABLES_CHAIN} - [0:0]`,
    `-F ${IPTABLES_CHAIN}`,
  ];
  for (const s of markedServices(services).filter((x) => ipFamily(x.ip) === family)) {
    const p = parsePorts(s.ports);
    if (!p.ok) throw new Error(`${s.label}: ${p.message}`);
    const dst = `${s.ip}/${family === 4 ? 32 : 128}`;
    for (const proto of protocolsOf(s)) {
      for (const chunk of multiportChunks(p.ranges)) {
        lines.push(
          `-A ${IPTABLES_CHAIN} -d ${dst} -p ${proto} -m multiport --dports ${chunk} -m comment --comment "${s.label}" -j MARK --set-mark ${s.fwmark}`,
        );
      }
    }
  }
  lines.push('COMMIT', '');
  return lines.join('\n');
}
