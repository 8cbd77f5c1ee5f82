// Which services a director source-NATs (Layer 4 SNAT). keepalived, ipvsadm and ldirectord know only
// masquerading (NAT); what makes a NAT service Layer 4 SNAT is the console's own nftables artefact
// (/etc/lvs-console/marks.nft), read back by "import from this director". Pure.
import { formatPorts, parsePorts } from '../schemas/net';
import { protocolsOf } from '../schemas/virtual-service';
import type { ConfIssue } from './keepalived-parse';
import type { ImportedService } from './keepalived-map';

export interface SnatRule {
  ip: string;
  protocols: string[];
  /** As the console writes ports: "80,443,50001-50002". */
  ports: string;
  line: number;
}

const SET = String.raw`(\{[^}]*\}|\S+)`;
const RULE = new RegExp(String.raw`^\s*meta l4proto ${SET} ct original ip6? daddr (\S+) ct original proto-dst ${SET} masquerade\s*$`);

const items = (v: string) =>
  v
    .replace(/^\{|\}$/g, '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** The SNAT rules of the console's nft artefact, as the renderer writes them (other lines are not read). */
export function snatRulesFromNft(text: string): SnatRule[] {
  const rules: SnatRule[] = [];
  text.split('\n').forEach((line, i) => {
    const m = RULE.exec(line);
    if (!m) return;
    const ports = parsePorts(items(m[3]).join(','));
    if (!ports.ok) return;
    rules.push({ ip: m[2], protocols: items(m[1]).sort(), ports: formatPorts(ports.ranges), line: i + 1 });
  });
  return rules;
}

/**
 * NAT services that a SNAT rule covers exactly (address, protocols and ports) become Layer 4 SNAT, each
 * with a note naming the rule; the others stay as they are.
 */
export function withSnat(
  services: ImportedService[],
  rules: SnatRule[],
  file: string,
): { services: ImportedService[]; notes: ConfIssue[] } {
  const notes: ConfIssue[] = [];
  const out = services.map((s) => {
    if (s.forwarding !== 'nat') return s;
    const ports = parsePorts(s.ports);
    if (!ports.ok) return s;
    const rule = rules.find(
      (r) => r.ip === s.ip && r.ports === formatPorts(ports.ranges) && r.protocols.join() === protocolsOf(s).sort().join(),
    );
    if (!rule) return s;
    notes.push({
      file,
      line: rule.line,
      message: `${s.label}: Layer 4 SNAT (this director source-NATs its connections), not plain NAT as keepalived.conf alone says.`,
    });
    return { ...s, forwarding: 'snat' as const };
  });
  return { services: out, notes };
}
