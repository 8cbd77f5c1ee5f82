// The Leostream wizard's input: one schema for the WebUI's steps, POST /api/v1/wizards/leostream and
// `cli leostream`. Ports and checks are the deployment guide's (sections 10-12) and Leostream's port
// table (live-operations.md §7).
import { z } from 'zod';
import { emptyToNull, interfaceSchema, ipSchema, labelSchema } from './common';
import { ipFamily, parsePorts, portCount, rangesOverlap, formatPorts, type PortRange } from './net';

export const LEOSTREAM_MODES = ['dr', 'nat', 'snat'] as const;
export type LeostreamMode = (typeof LEOSTREAM_MODES)[number];

/** Labels of the wizard's two services, as the guide names them; a second run finds them by label. */
export const GATEWAY_SERVICE_LABEL = 'GW_VIP_L4';
export const BROKER_SERVICE_LABEL = 'BROKER_VIP_L4';

/** Always on the gateway VIP: logon over HTTP and HTTPS (and the HTML5 viewer on 443). */
export const LOGON_PORTS = '80,443';
export const BROKER_PORTS = '80,443';

export interface LeostreamProtocol {
  id: string;
  name: string;
  tcp: string | null;
  udp: string | null;
}

/** Display protocols a gateway forwards, with their desktop-side ports (Leostream's port table). */
export const LEOSTREAM_PROTOCOLS = [
  { id: 'rdp', name: 'RDP', tcp: '3389', udp: '3389' },
  { id: 'pcoip', name: 'PCoIP (HP Anyware)', tcp: '4172,50001,50002', udp: '4172' },
  { id: 'rgs', name: 'HP ZCentral Remote Boost (RGS)', tcp: '42966', udp: '42966' },
  { id: 'nomachine', name: 'NoMachine', tcp: '4000', udp: '4000' },
  { id: 'dcv', name: 'NICE DCV', tcp: '8443', udp: null },
  { id: 'tgx', name: 'Mechdyne TGX', tcp: '40001', udp: null },
] as const satisfies readonly LeostreamProtocol[];

export const LEOSTREAM_PROTOCOL_IDS = LEOSTREAM_PROTOCOLS.map((p) => p.id) as [string, ...string[]];
export type LeostreamProtocolId = (typeof LEOSTREAM_PROTOCOLS)[number]['id'];

/** The guide's own set: RDP, PCoIP and Remote Boost. */
export const DEFAULT_PROTOCOLS: LeostreamProtocolId[] = ['rdp', 'pcoip', 'rgs'];
/** `leostream-gateway --info` prints the range; this is Leostream's default. */
export const DEFAULT_GATEWAY_PORT_RANGE = '20001-23000';

export const GATEWAY_CHECK = { type: 'negotiate', port: 443, protocol: 'https', request: '/app/system/ping', response: 'OK' } as const;
export const BROKER_CHECK = {
  type: 'negotiate',
  port: 443,
  protocol: 'https',
  request: '/index.pl?action=cb_status',
  response: 'CB_IS_OK',
} as const;

const serverRowSchema = z.object({ label: labelSchema, ip: ipSchema }).strict();
export type LeostreamServer = z.output<typeof serverRowSchema>;

const rangeSchema = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const p = parsePorts(v);
    if (!p.ok || p.ranges.length !== 1 || portCount(p.ranges) < 2) {
      ctx.addIssue({
        code: 'custom',
        message: 'Enter the gateway port range as low-high, e.g. 20001-23000 (`leostream-gateway --info` prints it).',
      });
      return z.NEVER;
    }
    return formatPorts(p.ranges);
  });

export const leostreamWizardSchema = z
  .object({
    mode: z.enum(LEOSTREAM_MODES, { error: 'Choose dr (Direct Routing), nat or snat (Layer 4 SNAT).' }).default('dr'),
    gatewayVip: ipSchema,
    gateways: z
      .array(serverRowSchema, { error: 'Give the gateways as a list of { label, ip }.' })
      .min(1, 'Add at least one gateway.')
      .max(256, 'Use at most 256 gateways.'),
    brokerVip: z.preprocess(emptyToNull, ipSchema.nullable()).default(null),
    brokers: z
      .array(serverRowSchema, { error: 'Give the brokers as a list of { label, ip }.' })
      .max(256, 'Use at most 256 brokers.')
      .default([]),
    protocols: z
      .array(z.enum(LEOSTREAM_PROTOCOL_IDS, { error: `Choose protocols from: ${LEOSTREAM_PROTOCOL_IDS.join(', ')}.` }))
      .default([...DEFAULT_PROTOCOLS]),
    gatewayPortRange: z.preprocess(emptyToNull, rangeSchema.nullable()).default(null),
    persistenceTimeout: z.coerce
      .number({ error: 'Enter the persistence timeout in seconds.' })
      .int('Enter whole seconds.')
      .min(1, 'Use 1 to 2678400 seconds (31 days).')
      .max(2678400, 'Use 1 to 2678400 seconds (31 days).')
      .default(300),
    gatewayFloatingIp: z.preprocess(emptyToNull, ipSchema.nullable()).default(null),
    gatewayFloatingIpInterface: z.preprocess(emptyToNull, interfaceSchema.nullable()).default(null),
    dryRun: z.boolean().default(false),
  })
  .strict()
  .superRefine((v, ctx) => {
    const family = ipFamily(v.gatewayVip);
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const rows = (name: 'gateways' | 'brokers', what: string) => {
      const labels = new Set<string>();
      const ips = new Set<string>();
      v[name].forEach((r, i) => {
        if (labels.has(r.label))
          issue([name, i, 'label'], `Another ${what} is already labelled ${r.label}; give each ${what} its own label.`);
        if (ips.has(r.ip)) issue([name, i, 'ip'], `${r.ip} is listed twice; list each ${what} once.`);
        labels.add(r.label);
        ips.add(r.ip);
        if (ipFamily(r.ip) !== family) issue([name, i, 'ip'], `Use an IPv${family} address like the gateway VIP (${v.gatewayVip}).`);
        for (const [vip, vipName] of [
          [v.gatewayVip, 'gateway VIP'],
          [v.brokerVip, 'broker VIP'],
        ] as const) {
          if (vip && r.ip === vip) issue([name, i, 'ip'], `${r.ip} is the ${vipName}; enter the ${what}'s own address.`);
        }
        if (v.gatewayFloatingIp && r.ip === v.gatewayFloatingIp)
          issue([name, i, 'ip'], `${r.ip} is the real servers' default-gateway floating IP; enter the ${what}'s own address.`);
      });
    };
    rows('gateways', 'gateway');
    rows('brokers', 'broker');
    if (v.brokerVip) {
      if (v.brokerVip === v.gatewayVip)
        issue(['brokerVip'], 'The broker VIP must differ from the gateway VIP: both services use ports 80 and 443.');
      if (ipFamily(v.brokerVip) !== family) issue(['brokerVip'], `Use an IPv${family} address like the gateway VIP.`);
      if (v.brokers.length === 0) issue(['brokers'], 'Add the connection brokers the broker VIP balances (at least one).');
    }
    if (v.mode === 'nat') {
      if (!v.gatewayFloatingIp)
        issue(
          ['gatewayFloatingIp'],
          "NAT needs the real servers' default gateway on a floating IP (the guide's 192.168.98.100): enter it.",
        );
      else {
        if (ipFamily(v.gatewayFloatingIp) !== family) issue(['gatewayFloatingIp'], `Use an IPv${family} address like the gateway VIP.`);
        if (v.gatewayFloatingIp === v.gatewayVip || v.gatewayFloatingIp === v.brokerVip)
          issue(
            ['gatewayFloatingIp'],
            'The default-gateway floating IP must differ from the service VIPs: it is on the real servers’ network.',
          );
      }
    } else {
      const method = v.mode === 'dr' ? 'Direct Routing' : 'Layer 4 SNAT';
      if (v.gatewayFloatingIp) issue(['gatewayFloatingIp'], `Only NAT uses a default-gateway floating IP; clear it for ${method}.`);
      if (v.gatewayFloatingIpInterface) issue(['gatewayFloatingIpInterface'], `Only NAT uses this interface; clear it for ${method}.`);
    }
    if (v.gatewayPortRange) {
      const range = parsePorts(v.gatewayPortRange);
      const others = parsePorts(gatewayPorts(v.protocols as LeostreamProtocolId[], null));
      if (range.ok && others.ok) {
        const clash = rangesOverlap(range.ranges, others.ranges);
        if (clash !== null)
          issue(
            ['gatewayPortRange'],
            `The range includes port ${clash}, which a chosen protocol already uses; move the range (and the gateways' own setting) clear of it.`,
          );
      }
    }
  });

export type LeostreamWizardInput = z.input<typeof leostreamWizardSchema>;
export type LeostreamWizard = z.output<typeof leostreamWizardSchema>;

/** Which wizard step holds a field (for showing an error on the step that has it). */
export function leostreamStepOf(field: string): 1 | 2 | 3 | 4 {
  const top = field.split('.')[0];
  if (top === 'mode') return 1;
  if (top === 'protocols' || top === 'gatewayPortRange') return 3;
  if (top === 'persistenceTimeout') return 4;
  return 2;
}

function sortedPorts(parts: string[]): string {
  const ranges: PortRange[] = [];
  for (const part of parts) {
    const p = parsePorts(part);
    if (p.ok) ranges.push(...p.ranges);
  }
  ranges.sort((a, b) => a.from - b.from);
  const merged: PortRange[] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r.from <= last.to) last.to = Math.max(last.to, r.to);
    else merged.push({ ...r });
  }
  return formatPorts(merged);
}

/** The gateway VIP's ports: logon, the chosen protocols (TCP and UDP ports) and the gateway range. */
export function gatewayPorts(protocols: readonly LeostreamProtocolId[], range: string | null, kept: string[] = []): string {
  const chosen: readonly LeostreamProtocol[] = LEOSTREAM_PROTOCOLS.filter((p) => protocols.includes(p.id));
  const protocolPorts = chosen.flatMap((p) => [p.tcp, p.udp]).filter((x): x is string => x !== null);
  return sortedPorts([LOGON_PORTS, ...protocolPorts, ...(range ? [range] : []), ...kept]);
}

/** TCP/UDP when a chosen protocol uses UDP (RDP, PCoIP, Remote Boost, NoMachine), else TCP. */
export function gatewayProtocol(protocols: readonly LeostreamProtocolId[]): 'tcp' | 'tcpudp' {
  return LEOSTREAM_PROTOCOLS.some((p) => protocols.includes(p.id) && p.udp) ? 'tcpudp' : 'tcp';
}

/**
 * Reads a gateway service's ports back into the wizard's terms: the protocols whose ports are all
 * there, the gateway range (a range no protocol explains) and whatever else the admin added (kept).
 */
export function readGatewayPorts(ports: string): { protocols: LeostreamProtocolId[]; gatewayPortRange: string | null; kept: string[] } {
  const p = parsePorts(ports);
  if (!p.ok) return { protocols: [], gatewayPortRange: null, kept: [] };
  const has = (list: string | null) => {
    const q = list === null ? null : parsePorts(list);
    return q === null || (q.ok && q.ranges.every((r) => p.ranges.some((x) => x.from <= r.from && r.to <= x.to)));
  };
  const protocols = LEOSTREAM_PROTOCOLS.filter((x) => has(x.tcp) && has(x.udp)).map((x) => x.id);
  const explained = parsePorts(gatewayPorts(protocols, null));
  const known = explained.ok ? explained.ranges : [];
  let gatewayPortRange: string | null = null;
  const kept: string[] = [];
  for (const r of p.ranges) {
    if (known.some((e) => e.from <= r.from && r.to <= e.to)) continue;
    const overlaps = known.some((e) => e.from <= r.to && r.from <= e.to);
    if (!gatewayPortRange && !overlaps && r.to - r.from >= 2) gatewayPortRange = `${r.from}-${r.to}`;
    else kept.push(r.from === r.to ? String(r.from) : `${r.from}-${r.to}`);
  }
  return { protocols, gatewayPortRange, kept };
}
