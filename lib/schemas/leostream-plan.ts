// What the Leostream wizard will create or change, worked out from its input and the current
// configuration without any I/O: the review step shows it, the server writes it, the API returns it.
import { realServerIssues, realServerPoolIssue, realServerSchema, type RealServerSpec } from './real-server';
import { FORWARDING_LABELS, serviceConflict, virtualServiceSchema, type VirtualServiceSpec } from './virtual-service';
import {
  BROKER_CHECK,
  BROKER_PORTS,
  BROKER_SERVICE_LABEL,
  GATEWAY_CHECK,
  GATEWAY_SERVICE_LABEL,
  gatewayPorts,
  gatewayProtocol,
  readGatewayPorts,
  type LeostreamProtocolId,
  type LeostreamServer,
  type LeostreamWizard,
} from './leostream';
import { zodFieldErrors, type FieldError } from './errors';
import { describeCheck } from './health-check';

export interface CurrentRealServer {
  id: string;
  version: number;
  spec: RealServerSpec;
}
export interface CurrentService {
  id: string;
  version: number;
  spec: VirtualServiceSpec;
  realServers: CurrentRealServer[];
}
export interface LeostreamCurrent {
  /** Every service's claim (address, ports, protocol), for conflicts. */
  services: { id: string; label: string; ip: string; ports: string; protocol: string }[];
  gateway: CurrentService | null;
  broker: CurrentService | null;
  floatingIps: { address: string; purpose: string; interface: string | null }[];
}

export type PlanAction = 'create' | 'update' | 'delete' | 'unchanged';

export interface PlanItem {
  action: PlanAction;
  kind: 'virtual service' | 'real server' | 'floating IP';
  name: string;
  /** The service a real server belongs to. */
  service?: string;
  /** "ports: 80,443 -> 80,443,3389", or the new object's settings. */
  details: string[];
}

export interface PlannedRealServer {
  action: PlanAction;
  id?: string;
  version?: number;
  spec: RealServerSpec;
}
export interface PlannedService {
  action: PlanAction;
  id?: string;
  version?: number;
  spec: VirtualServiceSpec;
  realServers: PlannedRealServer[];
}

export interface LeostreamPlan {
  items: PlanItem[];
  services: PlannedService[];
  floatingIp: { action: 'create' | 'unchanged'; address: string; interface: string | null } | null;
  /** Why the plan cannot be written (field paths of the wizard's input). Empty when it can. */
  issues: FieldError[];
  /** Things the admin should know that do not block (kept ports, a service the wizard removes). */
  notes: string[];
  changes: number;
}

function describeService(s: VirtualServiceSpec): Record<string, string> {
  return {
    address: s.ip,
    ports: s.ports,
    protocol: s.protocol === 'tcpudp' ? 'TCP/UDP' : s.protocol.toUpperCase(),
    forwarding: FORWARDING_LABELS[s.forwarding],
    persistence: s.persistence.enabled ? `source IP, ${s.persistence.timeout} s` : 'off',
    'health check':
      s.healthCheck.type === 'negotiate'
        ? `${(s.healthCheck.protocol ?? 'http').toUpperCase()} ${s.healthCheck.port ?? ''} ${s.healthCheck.request} -> ${s.healthCheck.response ?? '(any answer)'}`.replace(
            /\s+/g,
            ' ',
          )
        : describeCheck(s.healthCheck),
  };
}

function diff(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(after)
    .filter((k) => before[k] !== after[k])
    .map((k) => `${k}: ${before[k] ?? '(none)'} -> ${after[k]}`);
}

function newDetails(after: Record<string, string>): string[] {
  return Object.entries(after).map(([k, v]) => `${k}: ${v}`);
}

interface ServiceWish {
  label: string;
  field: 'gatewayVip' | 'brokerVip';
  rowsField: 'gateways' | 'brokers';
  input: Record<string, unknown>;
  rows: LeostreamServer[];
  current: CurrentService | null;
}

/** The service as the wizard wants it; settings it does not manage (scheduler, fallback, granularity) are kept. */
function wantedService(w: ServiceWish, issues: FieldError[]): VirtualServiceSpec | null {
  const base = w.current?.spec;
  const r = virtualServiceSchema.safeParse({
    scheduler: base?.scheduler ?? 'wlc',
    fallback: base?.fallback ?? null,
    ...w.input,
    label: w.label,
    persistence: { ...(w.input.persistence as object), granularity: base?.persistence.granularity ?? null },
  });
  if (!r.success) {
    for (const e of zodFieldErrors(r.error)) issues.push({ field: w.field, message: `${w.label}: ${e.message}` });
    return null;
  }
  return r.data;
}

function planRealServers(w: ServiceWish, spec: VirtualServiceSpec, issues: FieldError[], items: PlanItem[]): PlannedRealServer[] {
  const existing = w.current?.realServers ?? [];
  const used = new Set<string>();
  const planned: PlannedRealServer[] = [];
  const siblings: RealServerSpec[] = [];
  w.rows.forEach((row, i) => {
    const match =
      existing.find((e) => !used.has(e.id) && e.spec.label === row.label) ?? existing.find((e) => !used.has(e.id) && e.spec.ip === row.ip);
    if (match) used.add(match.id);
    const parsed = realServerSchema.safeParse(
      match ? { ...match.spec, label: row.label, ip: row.ip, port: null } : { label: row.label, ip: row.ip },
    );
    if (!parsed.success) {
      for (const e of zodFieldErrors(parsed.error)) issues.push({ field: `${w.rowsField}.${i}.${e.field || 'ip'}`, message: e.message });
      return;
    }
    const rs = parsed.data;
    for (const issue of realServerIssues(rs, spec, siblings))
      issues.push({ field: `${w.rowsField}.${i}.${issue.field === 'port' ? 'ip' : issue.field}`, message: issue.message });
    siblings.push(rs);
    if (!match) {
      planned.push({ action: 'create', spec: rs });
      items.push({
        action: 'create',
        kind: 'real server',
        name: rs.label,
        service: spec.label,
        details: [`address: ${rs.ip}`, `weight: ${rs.weight}`],
      });
      return;
    }
    const changes = diff(
      { label: match.spec.label, address: match.spec.ip, port: String(match.spec.port ?? '(service ports)') },
      { label: rs.label, address: rs.ip, port: String(rs.port ?? '(service ports)') },
    );
    const action = changes.length ? 'update' : 'unchanged';
    planned.push({ action, id: match.id, version: match.version, spec: rs });
    items.push({ action, kind: 'real server', name: rs.label, service: spec.label, details: changes });
  });
  for (const e of existing) {
    if (used.has(e.id)) continue;
    planned.push({ action: 'delete', id: e.id, version: e.version, spec: e.spec });
    items.push({
      action: 'delete',
      kind: 'real server',
      name: e.spec.label,
      service: spec.label,
      details: [`address: ${e.spec.ip}`, 'not in the wizard’s list any more'],
    });
  }
  const pool = realServerPoolIssue(spec, siblings);
  if (pool) issues.push({ field: w.rowsField, message: pool });
  return planned;
}

/** What a plan collects as it goes. */
interface PlanParts {
  issues: FieldError[];
  notes: string[];
  items: PlanItem[];
  services: PlannedService[];
}

export function planLeostream(input: LeostreamWizard, current: LeostreamCurrent): LeostreamPlan {
  const acc: PlanParts = { issues: [], notes: [], items: [], services: [] };
  const kept = current.gateway ? readGatewayPorts(current.gateway.spec.ports).kept : [];
  if (kept.length)
    acc.notes.push(
      `${GATEWAY_SERVICE_LABEL} keeps port${kept.length > 1 ? 's' : ''} ${kept.join(',')}, which no Leostream protocol explains (added by hand); remove ${kept.length > 1 ? 'them' : 'it'} on the service's page if not needed.`,
    );
  const wishes = serviceWishes(input, current, kept);
  const ours = new Set([current.gateway?.id, current.broker?.id].filter(Boolean));
  for (const w of wishes) planService(w, current, ours, acc);
  if (!input.brokerVip && current.broker) planBrokerRemoval(current.broker, acc);
  const floatingIp = input.mode === 'nat' && input.gatewayFloatingIp ? planGatewayFloatingIp(input, current, ours, wishes, acc) : null;
  if (input.mode === 'dr') {
    for (const f of current.floatingIps.filter((x) => x.purpose === 'gateway')) {
      acc.notes.push(
        `The default-gateway floating IP ${f.address} is kept; Direct Routing does not need it (delete it on Cluster Configuration > Floating IPs once no real server uses it as its gateway).`,
      );
    }
  }
  const { items, services, issues, notes } = acc;
  return { items, services, floatingIp, issues, notes, changes: items.filter((i) => i.action !== 'unchanged').length };
}

/** The gateway service, and the broker service when a broker VIP is given, as the wizard wants them. */
function serviceWishes(input: LeostreamWizard, current: LeostreamCurrent, kept: string[]): ServiceWish[] {
  const persistence = { enabled: true, timeout: input.persistenceTimeout };
  const wishes: ServiceWish[] = [
    {
      label: GATEWAY_SERVICE_LABEL,
      field: 'gatewayVip',
      rowsField: 'gateways',
      rows: input.gateways,
      current: current.gateway,
      input: {
        ip: input.gatewayVip,
        ports: gatewayPorts(input.protocols as LeostreamProtocolId[], input.gatewayPortRange, kept),
        protocol: gatewayProtocol(input.protocols as LeostreamProtocolId[]),
        forwarding: input.mode,
        persistence,
        healthCheck: { ...GATEWAY_CHECK, virtualHost: null, command: null },
      },
    },
  ];
  if (input.brokerVip) {
    wishes.push({
      label: BROKER_SERVICE_LABEL,
      field: 'brokerVip',
      rowsField: 'brokers',
      rows: input.brokers,
      current: current.broker,
      input: {
        ip: input.brokerVip,
        ports: BROKER_PORTS,
        protocol: 'tcp',
        forwarding: input.mode,
        persistence,
        healthCheck: { ...BROKER_CHECK, virtualHost: null, command: null },
      },
    });
  }
  return wishes;
}

/** One of the wizard's services: created or changed, checked against the other services and floating IPs, with its real servers. */
function planService(w: ServiceWish, current: LeostreamCurrent, ours: Set<string | undefined>, acc: PlanParts): void {
  const spec = wantedService(w, acc.issues);
  if (!spec) return;
  for (const other of current.services) {
    if (ours.has(other.id)) continue;
    const clash = serviceConflict(spec, other);
    if (clash)
      acc.issues.push({
        field: w.field,
        message: `${other.label} already uses ${spec.ip} ${clash}. Choose another address for ${w.label}, or change ${other.label} first.`,
      });
  }
  if (current.floatingIps.some((f) => f.address === spec.ip && f.purpose !== 'vip'))
    acc.issues.push({
      field: w.field,
      message: `${spec.ip} is already a floating IP for the real servers' default gateway; a service needs its own address.`,
    });
  const after = describeService(spec);
  if (!w.current) {
    acc.services.push({ action: 'create', spec, realServers: [] });
    acc.items.push({ action: 'create', kind: 'virtual service', name: spec.label, details: newDetails(after) });
  } else {
    const changes = diff(describeService(w.current.spec), after);
    const action = changes.length ? 'update' : 'unchanged';
    acc.services.push({ action, id: w.current.id, version: w.current.version, spec, realServers: [] });
    acc.items.push({ action, kind: 'virtual service', name: spec.label, details: changes });
  }
  acc.services.at(-1)!.realServers = planRealServers(w, spec, acc.issues, acc.items);
}

function planBrokerRemoval(broker: NonNullable<LeostreamCurrent['broker']>, acc: PlanParts): void {
  acc.services.push({ action: 'delete', id: broker.id, version: broker.version, spec: broker.spec, realServers: [] });
  acc.items.push({
    action: 'delete',
    kind: 'virtual service',
    name: BROKER_SERVICE_LABEL,
    details: [`address: ${broker.spec.ip}`, `with its ${broker.realServers.length} real server(s): no broker VIP was given`],
  });
  acc.notes.push(`${BROKER_SERVICE_LABEL} is removed: without a broker VIP, clients and gateways reach the broker on its own address.`);
}

/** NAT: the real servers' default gateway as a floating IP of its own. */
function planGatewayFloatingIp(
  input: LeostreamWizard,
  current: LeostreamCurrent,
  ours: Set<string | undefined>,
  wishes: ServiceWish[],
  acc: PlanParts,
): LeostreamPlan['floatingIp'] {
  const address = input.gatewayFloatingIp!;
  const existing = current.floatingIps.find((f) => f.address === address);
  const service = current.services.find((s) => s.ip === address && !ours.has(s.id));
  if (service)
    acc.issues.push({
      field: 'gatewayFloatingIp',
      message: `${address} is the address of ${service.label}; the default gateway needs its own address on the real servers' network.`,
    });
  else if (existing && existing.purpose === 'vip' && !wishes.some((w) => (w.input.ip as string) === address)) {
    acc.issues.push({
      field: 'gatewayFloatingIp',
      message: `${address} is already a service floating IP; choose another address for the default gateway.`,
    });
  }
  if (existing && existing.purpose === 'gateway') {
    acc.items.push({ action: 'unchanged', kind: 'floating IP', name: address, details: [] });
    if ((existing.interface ?? null) !== (input.gatewayFloatingIpInterface ?? null)) {
      acc.notes.push(
        `The floating IP ${address} stays on ${existing.interface ?? 'the VRRP interface'}; change it on Cluster Configuration > Floating IPs if it belongs on ${input.gatewayFloatingIpInterface ?? 'the VRRP interface'}.`,
      );
    }
    return { action: 'unchanged', address, interface: existing.interface };
  }
  if (existing) return null;
  acc.items.push({
    action: 'create',
    kind: 'floating IP',
    name: address,
    details: [
      "purpose: the real servers' default gateway",
      `interface: ${input.gatewayFloatingIpInterface ?? "each director's VRRP interface"}`,
    ],
  });
  return { action: 'create', address, interface: input.gatewayFloatingIpInterface };
}
