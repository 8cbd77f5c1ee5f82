// Firewall marks that group a multi-port / TCP+UDP service into one IPVS fwmark service, so that
// persistence spans all its ports and both protocols. Pure renderers for nftables and iptables.
import { ipFamily, parsePorts, type PortRange } from '../schemas/net';
import { needsFwmark } from '../schemas/virtual-service';
import type { RenderService } from './model';

export const NFT_TABLE = 'lvs_console';
export const IPTABLES_CHAIN = 'LVS_CONSOLE';

const markedServices = (services: RenderService[]) => [...services].filter(needsFwmark).sort((a, b) => a.fwmark - b.fwmark);

const protocolsOf = (s: RenderService) => (s.protocol === 'tcpudp' ? ['tcp', 'udp'] : [s.protocol]);

function nftPorts(ranges: PortRange[]): string {
  const items = ranges.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`));
  return items.length === 1 ? items[0] : `{ ${items.join(', ')} }`;
}

/** One inet table owned by lvs-console; `nft -f` replaces it atomically (create, flush, fill). */
export function renderNftMarks(services: RenderService[]): string {
  const lines = [
    '#!/usr/sbin/nft -f',
    '# Firewall marks for lvs-console virtual services. Generated: edit the services in the console.',
    `table inet ${NFT_TABLE} {}`,
    `flush table inet ${NFT_TABLE}`,
    '',
    `table inet ${NFT_TABLE} {`,
    '    chain prerouting {',
    '        # before IPVS (LOCAL_IN) sees the packet',
    '        type filter hook prerouting priority mangle; policy accept;',
  ];
  for (const s of markedServices(services)) {
    const p = parsePorts(s.ports);
    if (!p.ok) throw new Error(`${s.label}: ${p.message}`);
    const daddr = ipFamily(s.ip) === 6 ? 'ip6 daddr' : 'ip daddr';
    const protos = protocolsOf(s);
    const match = protos.length > 1 ? `meta l4proto { ${protos.join(', ')} } th dport` : `${protos[0]} dport`;
    lines.push(`        # ${s.label}: ${s.protocol} ${s.ports} -> mark ${s.fwmark}`);
    lines.push(`        ${daddr} ${s.ip} ${match} ${nftPorts(p.ranges)} meta mark set ${s.fwmark}`);
  }
  lines.push('    }', '}', '');
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
