// One schema per input: the Layer 4 virtual service, as the form, the REST API, the CLI and the
// importer send it. Field names and defaults are the appliance's (Loadbalancer.org WebUI).
import { z } from 'zod';
import { emailListSchema, emptyToNull, ipSchema, labelSchema, portSchema, versionSchema } from './common';
import { CHECK_TIMING_LIMITS } from './settings';
import { checkHealthCheck, healthCheckSchema, NO_CHECK } from './health-check';
import { ipFamily, maskToPrefix, parsePorts, portCount, prefixToMask, formatPorts, type PortRange } from './net';

export * from './health-check';

export const PROTOCOLS = ['tcp', 'udp', 'tcpudp'] as const;
/**
 * How a service reaches its real servers: Direct Routing (the real servers answer the client themselves),
 * NAT (the director rewrites the destination; the real servers' default gateway is the director) or Layer 4
 * SNAT (NAT plus source NAT to the director's own address: the real servers change nothing and see the
 * director's address, not the client's).
 */
export const FORWARDING_METHODS = ['dr', 'nat', 'snat'] as const;
export type Forwarding = (typeof FORWARDING_METHODS)[number];
// Schedulers built into Debian 12's kernel (twos is not: CONFIG_IP_VS_TWOS is not set).
export const SCHEDULERS = ['wlc', 'wrr', 'rr', 'lc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh'] as const;

export const PROTOCOL_LABELS: Record<(typeof PROTOCOLS)[number], string> = { tcp: 'TCP', udp: 'UDP', tcpudp: 'TCP/UDP' };
export const FORWARDING_LABELS: Record<Forwarding, string> = { dr: 'Direct Routing', nat: 'NAT', snat: 'Layer 4 SNAT' };

/** NAT and Layer 4 SNAT: IPVS masquerades (rewrites the destination), so a real server may listen on another port. */
export const translatesPorts = (forwarding: Forwarding): boolean => forwarding !== 'dr';
export const SCHEDULER_LABELS: Record<(typeof SCHEDULERS)[number], string> = {
  wlc: 'Weighted least connection',
  wrr: 'Weighted round robin',
  rr: 'Round robin',
  lc: 'Least connection',
  lblc: 'Locality-based least connection',
  lblcr: 'Locality-based least connection with replication',
  dh: 'Destination hashing',
  sh: 'Source hashing',
  sed: 'Shortest expected delay',
  nq: 'Never queue',
  fo: 'Weighted failover',
  ovf: 'Weighted overflow',
  mh: 'Maglev hashing',
};

const nullable = <T extends z.ZodType>(s: T) => z.preprocess(emptyToNull, s.nullable()).default(null);

export const persistenceSchema = z.object({
  enabled: z.boolean().default(true),
  timeout: z.coerce
    .number({ error: 'Enter the persistence timeout in seconds.' })
    .int('Enter whole seconds.')
    .min(1, 'Use 1 to 2678400 seconds (31 days).')
    .max(2678400, 'Use 1 to 2678400 seconds (31 days).')
    .default(300),
  granularity: nullable(z.string().trim()),
});

export const fallbackSchema = z.object({ ip: ipSchema, port: nullable(portSchema) });

/** A whole number within a range, or null when left empty (`empty` says what that means). */
const optionalWhole = ([what, min, max]: readonly [string, number, number], empty = 'for the global one') =>
  z.preprocess(
    emptyToNull,
    z.coerce
      .number({ error: `Give ${what} as a number, or leave it empty ${empty}.` })
      .int({ error: `Give ${what} as a whole number.` })
      .min(min, { error: `Use ${min} to ${max} for ${what}, or leave it empty ${empty}.` })
      .max(max, { error: `Use ${min} to ${max} for ${what}, or leave it empty ${empty}.` })
      .nullable(),
  );
const override = (limits: readonly [string, number, number]) => optionalWhole(limits);

/** A service's own check timing: null takes the global setting. */
export const serviceCheckTimingSchema = z
  .object({
    interval: override(CHECK_TIMING_LIMITS.interval).default(null),
    timeout: override(CHECK_TIMING_LIMITS.timeout).default(null),
    retries: override(CHECK_TIMING_LIMITS.retries).default(null),
    retryDelay: override(CHECK_TIMING_LIMITS.retryDelay).default(null),
  })
  .strict();

export const NO_TIMING_OVERRIDE = { interval: null, timeout: null, retries: null, retryDelay: null };

const fieldsSchema = z.object({
  label: labelSchema,
  ip: ipSchema,
  ports: z.string({ error: 'Enter the ports, e.g. 80,443.' }),
  protocol: z.enum(PROTOCOLS, { error: 'Choose tcp, udp or tcpudp (TCP/UDP).' }).default('tcp'),
  forwarding: z.enum(FORWARDING_METHODS, { error: 'Choose dr (Direct Routing), nat or snat (Layer 4 SNAT).' }).default('dr'),
  scheduler: z
    .string()
    .default('wlc')
    .refine((s) => s !== 'twos', 'The twos scheduler is not built into Debian 12’s kernel; choose wlc, wrr, rr, lc, sh, mh or another.')
    .refine((s) => (SCHEDULERS as readonly string[]).includes(s), `Choose a scheduler: ${SCHEDULERS.join(', ')}.`)
    .transform((s) => s as (typeof SCHEDULERS)[number]),
  persistence: persistenceSchema.default({ enabled: true, timeout: 300, granularity: null }),
  healthCheck: healthCheckSchema.default({ ...NO_CHECK, type: 'connect', moreUrls: [] }),
  fallback: z
    .preprocess(
      (v) => (v && typeof v === 'object' && emptyToNull((v as { ip?: unknown }).ip) === null ? null : v),
      fallbackSchema.nullable(),
    )
    .default(null),
  /**
   * keepalived's quorum: the least total weight of healthy real servers that keeps the service on them;
   * below it (less the hysteresis) the fallback server takes every new connection. Null: 1.
   */
  quorum: optionalWhole(['the quorum', 1, 1_000_000], 'for 1').default(null),
  /** How far the healthy weight must pass the quorum before the service changes side (both ways). Null: 0. */
  hysteresis: optionalWhole(['the hysteresis', 0, 999_999], 'for 0').default(null),
  /** Quiescent for this service (a failed real server stays at weight 0); null: the global setting. */
  quiescent: z
    .preprocess(
      (v) => (v === '' ? null : v === 'true' ? true : v === 'false' ? false : v),
      z.boolean({ error: 'Send true, false or null (the global setting).' }).nullable(),
    )
    .default(null),
  /** This service's own health-check timing; each null (or left out) takes the global one (Cluster Configuration). */
  checkTiming: serviceCheckTimingSchema.default(NO_TIMING_OVERRIDE),
  /** The appliance's "Email Alert": addresses told of this service's alerts, besides the global recipients. */
  emailAlert: emailListSchema(20).default([]),
});

type Fields = z.output<typeof fieldsSchema>;
const issue = (ctx: z.RefinementCtx, path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

/** Persistence granularity: a dotted mask for IPv4 (keepalived reads "24" as IPv6), a prefix for IPv6; null for one address. */
function normaliseGranularity(granularity: string | null, family: 4 | 6, ctx: z.RefinementCtx): string | null {
  if (granularity === null) return null;
  const g = granularity.replace(/^\//, '');
  if (family === 4) {
    const prefix = /^\d{1,2}$/.test(g) ? Number(g) : maskToPrefix(g);
    if (prefix === null || prefix < 1 || prefix > 32) {
      issue(ctx, ['persistence', 'granularity'], 'Enter a netmask such as 255.255.255.0 (or /24), or leave empty for one client address.');
      return granularity;
    }
    return prefix === 32 ? null : prefixToMask(prefix);
  }
  const prefix = /^\d{1,3}$/.test(g) ? Number(g) : NaN;
  if (!(prefix >= 1 && prefix <= 128)) {
    issue(ctx, ['persistence', 'granularity'], 'For an IPv6 service enter a prefix length from 1 to 128 (e.g. 64), or leave empty.');
    return granularity;
  }
  return prefix === 128 ? null : String(prefix);
}

function checkQuorum(v: Fields, ctx: z.RefinementCtx): void {
  if (v.hysteresis !== null && v.hysteresis > 0 && v.hysteresis >= (v.quorum ?? 1))
    issue(ctx, ['hysteresis'], `Keep the hysteresis below the quorum (${v.quorum ?? 1}); keepalived refuses it otherwise.`);
}

function checkFallback(v: Fields, family: 4 | 6, single: boolean, firstPort: number, ctx: z.RefinementCtx): void {
  const fallback = v.fallback;
  if (!fallback) return;
  if (ipFamily(fallback.ip) !== family)
    issue(ctx, ['fallback', 'ip'], `The fallback server must be IPv${family} like the service address.`);
  if (fallback.port !== null && !single) {
    issue(
      ctx,
      ['fallback', 'port'],
      'Leave the fallback port empty on a multi-port service: each connection keeps the port it came in on.',
    );
  }
  if (fallback.port !== null && single && v.forwarding === 'dr' && fallback.port !== firstPort) {
    issue(ctx, ['fallback', 'port'], `Direct Routing cannot translate ports: leave the fallback port empty or use ${firstPort}.`);
  }
}

/** The full, validated virtual service (create, and the result of merging a PATCH). */
export const virtualServiceSchema = fieldsSchema.strict().transform((v, ctx) => {
  const ports = parsePorts(v.ports);
  if (!ports.ok) {
    issue(ctx, ['ports'], ports.message);
    return z.NEVER;
  }
  const family = ipFamily(v.ip)!;
  const firstPort = ports.ranges[0].from;
  const hc = { ...v.healthCheck };
  const granularity = normaliseGranularity(v.persistence.granularity, family, ctx);
  checkHealthCheck(hc, v.protocol, firstPort, ctx);
  checkFallback(v, family, isSinglePort(ports.ranges, v.protocol), firstPort, ctx);
  checkQuorum(v, ctx);
  return { ...v, ports: formatPorts(ports.ranges), persistence: { ...v.persistence, granularity }, healthCheck: hc, fallback: v.fallback };
});

export type VirtualServiceInput = z.input<typeof virtualServiceSchema>;
export type VirtualServiceSpec = z.output<typeof virtualServiceSchema>;

/** PATCH body: the version it edits plus any fields to change (merged, then validated as a whole). */
export const virtualServicePatchSchema = z
  .object({
    version: versionSchema,
    label: z.unknown().optional(),
    ip: z.unknown().optional(),
    ports: z.unknown().optional(),
    protocol: z.unknown().optional(),
    forwarding: z.unknown().optional(),
    scheduler: z.unknown().optional(),
    persistence: z.record(z.string(), z.unknown()).optional(),
    healthCheck: z.record(z.string(), z.unknown()).optional(),
    fallback: z.unknown().optional(),
    quorum: z.unknown().optional(),
    hysteresis: z.unknown().optional(),
    quiescent: z.unknown().optional(),
    emailAlert: z.unknown().optional(),
    checkTiming: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export type VirtualServicePatch = z.infer<typeof virtualServicePatchSchema>;

export function mergeVirtualServicePatch(current: VirtualServiceSpec, patch: VirtualServicePatch): unknown {
  const { version: _version, persistence, healthCheck, checkTiming, ...rest } = patch;
  return {
    ...current,
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    persistence: { ...current.persistence, ...(persistence ?? {}) },
    healthCheck: { ...current.healthCheck, ...(healthCheck ?? {}) },
    checkTiming: { ...current.checkTiming, ...(checkTiming ?? {}) },
  };
}

export function isSinglePort(ranges: PortRange[], protocol: string): boolean {
  return protocol !== 'tcpudp' && ranges.length === 1 && portCount(ranges) === 1;
}

/** Services that need a firewall mark: more than one port, or both protocols. */
export function needsFwmark(v: Pick<VirtualServiceSpec, 'ports' | 'protocol'>): boolean {
  const p = parsePorts(v.ports);
  return !p.ok || !isSinglePort(p.ranges, v.protocol);
}

/** Advice that does not block saving. */
export function virtualServiceWarnings(v: VirtualServiceSpec): string[] {
  const warnings: string[] = [];
  if (needsFwmark(v) && !v.persistence.enabled) {
    warnings.push(
      'This service has several ports but no persistence: a client’s connections to different ports may reach different real servers. Leostream needs persistence on.',
    );
  }
  if (v.healthCheck.type === 'none') warnings.push('No health checks: a failed real server keeps receiving connections.');
  if (v.quorum !== null && v.quorum > 1 && !v.fallback)
    warnings.push('A quorum changes something only with a fallback server: below it, keepalived moves new connections there.');
  return warnings;
}

/** The transport protocols of a service: TCP/UDP is both. */
export const protocolsOf = (s: { protocol: (typeof PROTOCOLS)[number] }): ('tcp' | 'udp')[] =>
  s.protocol === 'tcpudp' ? ['tcp', 'udp'] : [s.protocol];

/** Two services conflict when they share an address, a protocol and a port. */
type Claim = { ip: string; ports: string; protocol: string };

export function serviceConflict(a: Claim, b: Claim): string | null {
  if (a.ip !== b.ip) return null;
  const protoA = a.protocol === 'tcpudp' ? ['tcp', 'udp'] : [a.protocol];
  const protoB = b.protocol === 'tcpudp' ? ['tcp', 'udp'] : [b.protocol];
  const proto = protoA.find((p) => protoB.includes(p));
  if (!proto) return null;
  const pa = parsePorts(a.ports);
  const pb = parsePorts(b.ports);
  if (!pa.ok || !pb.ok) return null;
  for (const x of pa.ranges)
    for (const y of pb.ranges) {
      if (x.from <= y.to && y.from <= x.to) return `${proto.toUpperCase()} port ${Math.max(x.from, y.from)}`;
    }
  return null;
}

export interface VirtualServiceDto extends VirtualServiceSpec {
  id: string;
  /** The cluster (site) it belongs to. */
  clusterId: string;
  fwmark: number;
  version: number;
}
