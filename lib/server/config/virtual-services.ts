// Layer 4 virtual services: the domain functions every entry point (pages, REST API, CLI) calls.
// Each change is validated as a whole, checked against the other services, and written together
// with its audit event in one transaction.
import 'server-only';
import { getDb, textContains } from '../platform/db-client';
import { AppError, isUniqueViolation } from '../platform/errors';
import { parseOrThrow, staleVersion, ValidationError } from '../platform/validation';
import {
  mergeVirtualServicePatch,
  serviceConflict,
  virtualServicePatchSchema,
  virtualServiceSchema,
  virtualServiceWarnings,
  type VirtualServiceSpec,
} from '../../schemas/virtual-service';
import { realServerIssues, type RealServerSpec } from '../../schemas/real-server';
import { checkOptionsToText } from '../../schemas/health-check';
import type { Prisma, VirtualService } from '../generated/prisma/client';
import { toRealServerSpec, toVirtualServiceSpec, toVirtualServiceDto, assertPool } from './rows';
import { VirtualServiceDto } from '../../schemas/virtual-service';
import { audit } from '../platform/audit';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';

type Tx = Prisma.TransactionClient;

export function virtualServiceColumns(s: VirtualServiceSpec) {
  return {
    label: s.label,
    ip: s.ip,
    ports: s.ports,
    protocol: s.protocol,
    forwarding: s.forwarding,
    scheduler: s.scheduler,
    persistenceEnabled: s.persistence.enabled,
    persistenceTimeout: s.persistence.timeout,
    persistenceGranularity: s.persistence.granularity,
    healthCheckType: s.healthCheck.type,
    healthCheckPort: s.healthCheck.port,
    healthCheckProtocol: s.healthCheck.protocol,
    healthCheckRequest: s.healthCheck.request,
    healthCheckResponse: s.healthCheck.response,
    healthCheckVirtualHost: s.healthCheck.virtualHost,
    healthCheckCommand: s.healthCheck.command,
    healthCheckOptions: checkOptionsToText(s.healthCheck),
    fallbackIp: s.fallback?.ip ?? null,
    fallbackPort: s.fallback?.port ?? null,
    quorum: s.quorum,
    hysteresis: s.hysteresis,
    quiescent: s.quiescent,
    emailAlert: s.emailAlert.join(', '),
    checkInterval: s.checkTiming.interval,
    checkTimeout: s.checkTiming.timeout,
    checkRetries: s.checkTiming.retries,
    checkRetryDelay: s.checkTiming.retryDelay,
  };
}

/** Labels and addresses are unique within a cluster; another site may use the same ones. */
async function assertNoConflict(tx: Tx, spec: VirtualServiceSpec, clusterId: string, exceptId?: string) {
  const others = await tx.virtualService.findMany({ where: exceptId ? { clusterId, id: { not: exceptId } } : { clusterId } });
  for (const o of others) {
    if (o.label === spec.label)
      throw new AppError('CONFLICT', `The label ${spec.label} is already used by another virtual service; choose another label.`, {
        field: 'label',
      });
    const clash = serviceConflict(spec, o);
    if (clash)
      throw new AppError('CONFLICT', `${o.label} already uses ${spec.ip} ${clash}. Use another address or port, or change ${o.label}.`, {
        field: 'ports',
      });
  }
}

/** Service addresses are floating IPs too (purpose vip); keep them in step with the services. */
export async function syncServiceFloatingIps(tx: Tx, actor: string, clusterId: string = DEFAULT_CLUSTER_ID) {
  const services = await tx.virtualService.findMany({ where: { clusterId }, select: { ip: true } });
  const wanted = new Set(services.map((s) => s.ip));
  const existing = await tx.floatingIp.findMany({ where: { clusterId } });
  for (const ip of wanted) {
    if (!existing.some((f) => f.address === ip)) {
      const f = await tx.floatingIp.create({ data: { address: ip, prefix: ip.includes(':') ? 128 : 32, purpose: 'vip', clusterId } });
      await audit(tx, { actor, action: 'create', objectType: 'FloatingIp', objectId: f.id, after: { address: f.address, purpose: 'vip' } });
    }
  }
  for (const f of existing) {
    if (f.purpose === 'vip' && !wanted.has(f.address)) {
      await tx.floatingIp.delete({ where: { id: f.id } });
      await audit(tx, {
        actor,
        action: 'delete',
        objectType: 'FloatingIp',
        objectId: f.id,
        before: { address: f.address, purpose: 'vip' },
      });
    }
  }
}

export async function nextFwmark(tx: Tx): Promise<number> {
  const top = await tx.virtualService.aggregate({ _max: { fwmark: true } });
  return (top._max.fwmark ?? 0) + 1;
}

/** Every service, or one cluster's. */
export async function listVirtualServices(clusterId?: string): Promise<VirtualServiceDto[]> {
  const rows = await getDb().virtualService.findMany({ where: clusterId ? { clusterId } : {}, orderBy: { label: 'asc' } });
  return rows.map(toVirtualServiceDto);
}

/** Services whose label, address or ports contain the search (case-insensitive for ASCII), as one query. */
function serviceSearch(q: string) {
  return q ? { OR: [{ label: textContains(q) }, { ip: textContains(q) }, { ports: textContains(q) }] } : {};
}

/** One page of the services matching a search, with the total (the list page and the API's limit/offset). */
export async function searchVirtualServices(args: {
  q: string;
  skip: number;
  take: number;
  /** Only this cluster's (every cluster's when not given). */
  clusterId?: string;
}): Promise<{ items: VirtualServiceDto[]; total: number }> {
  const db = getDb();
  const where = { ...serviceSearch(args.q), ...(args.clusterId ? { clusterId: args.clusterId } : {}) };
  const [rows, total] = await Promise.all([
    db.virtualService.findMany({ where, orderBy: { label: 'asc' }, skip: args.skip, take: args.take }),
    db.virtualService.count({ where }),
  ]);
  return { items: rows.map(toVirtualServiceDto), total };
}

export async function getVirtualService(id: string): Promise<VirtualServiceDto> {
  const row = await getDb().virtualService.findUnique({ where: { id } });
  if (!row) throw new AppError('NOT_FOUND', `No virtual service has the id ${id}; it may have been deleted.`);
  return toVirtualServiceDto(row);
}

export interface Saved<T> {
  value: T;
  warnings: string[];
}

/**
 * Creates a service. With `cloneRealServersFrom` (the WebUI's Clone), that service's real servers are
 * copied in the same transaction: either the service and all its real servers are saved, or nothing.
 */
export async function createVirtualService(args: {
  input: unknown;
  actor: string;
  cloneRealServersFrom?: string;
  /** The cluster it is made in (resolved and access-checked by the caller); `default` unless told. */
  clusterId?: string;
}): Promise<Saved<VirtualServiceDto>> {
  const spec = parseOrThrow(virtualServiceSchema, args.input);
  const clusterId = args.clusterId ?? DEFAULT_CLUSTER_ID;
  try {
    const row = await getDb().$transaction(async (tx) => {
      await assertNoConflict(tx, spec, clusterId);
      const created = await tx.virtualService.create({
        data: { ...virtualServiceColumns(spec), clusterId, fwmark: await nextFwmark(tx) },
      });
      await audit(tx, {
        actor: args.actor,
        action: 'create',
        objectType: 'VirtualService',
        objectId: created.id,
        after: toVirtualServiceDto(created),
      });
      if (args.cloneRealServersFrom) await copyRealServers(tx, args.cloneRealServersFrom, created, spec, args.actor);
      await syncServiceFloatingIps(tx, args.actor, clusterId);
      return created;
    });
    return { value: toVirtualServiceDto(row), warnings: virtualServiceWarnings(spec) };
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', `The label ${spec.label} is already used by another virtual service; choose another label.`, {
        field: 'label',
      });
    throw err;
  }
}

async function copyRealServers(tx: Tx, fromId: string, to: VirtualService, spec: VirtualServiceSpec, actor: string) {
  const source = await tx.virtualService.findUnique({ where: { id: fromId }, select: { label: true } });
  if (!source) throw new AppError('NOT_FOUND', `The service to clone (id ${fromId}) no longer exists; nothing was saved.`);
  const copied: RealServerSpec[] = [];
  for (const rs of (await tx.realServer.findMany({ where: { virtualServiceId: fromId }, orderBy: { label: 'asc' } })).map(
    toRealServerSpec,
  )) {
    const issue = realServerIssues(rs, spec, copied)[0];
    if (issue)
      throw new ValidationError([
        {
          field: issue.field === 'port' ? 'forwarding' : issue.field,
          message: `Real server ${rs.label} of ${source.label} does not fit this service: ${issue.message} Nothing was saved.`,
        },
      ]);
    copied.push(rs);
    const created = await tx.realServer.create({ data: { ...rs, virtualServiceId: to.id } });
    await audit(tx, {
      actor,
      action: 'create',
      objectType: 'RealServer',
      objectId: created.id,
      after: { service: to.label, clonedFrom: source.label, ...rs },
    });
  }
  assertPool(spec, copied);
}

export async function updateVirtualService(args: { id: string; patch: unknown; actor: string }): Promise<Saved<VirtualServiceDto>> {
  const patch = parseOrThrow(virtualServicePatchSchema, args.patch);
  const db = getDb();
  const row = await db.$transaction(async (tx) => {
    const current = await tx.virtualService.findUnique({ where: { id: args.id }, include: { realServers: true } });
    if (!current) throw new AppError('NOT_FOUND', `No virtual service has the id ${args.id}; it may have been deleted.`);
    if (current.version !== patch.version) throw staleVersion(`Virtual service ${current.label}`);
    const spec = parseOrThrow(virtualServiceSchema, mergeVirtualServicePatch(toVirtualServiceSpec(current), patch));
    await assertNoConflict(tx, spec, current.clusterId, current.id);
    // The real servers must still fit the changed service (ports, method, address family).
    const siblings: { label: string; ip: string; port: number | null }[] = [];
    for (const rs of current.realServers.map(toRealServerSpec)) {
      const issue = realServerIssues(rs, spec, siblings)[0];
      if (issue)
        throw new ValidationError([
          { field: issue.field === 'port' ? 'forwarding' : issue.field, message: `Real server ${rs.label}: ${issue.message}` },
        ]);
      siblings.push(rs);
    }
    const updated = await tx.virtualService.updateMany({
      where: { id: current.id, version: patch.version },
      data: { ...virtualServiceColumns(spec), version: { increment: 1 } },
    });
    if (updated.count !== 1) throw staleVersion(`Virtual service ${current.label}`);
    const after = await tx.virtualService.findUniqueOrThrow({ where: { id: current.id } });
    await audit(tx, {
      actor: args.actor,
      action: 'update',
      objectType: 'VirtualService',
      objectId: current.id,
      before: toVirtualServiceDto(current),
      after: toVirtualServiceDto(after),
    });
    await syncServiceFloatingIps(tx, args.actor, current.clusterId);
    return after;
  });
  return { value: toVirtualServiceDto(row), warnings: virtualServiceWarnings(toVirtualServiceSpec(row)) };
}

export async function deleteVirtualService(args: { id: string; version?: number; actor: string }): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const current = await tx.virtualService.findUnique({ where: { id: args.id }, include: { realServers: true } });
    if (!current) throw new AppError('NOT_FOUND', `No virtual service has the id ${args.id}; it may have been deleted already.`);
    if (args.version !== undefined && current.version !== args.version) throw staleVersion(`Virtual service ${current.label}`);
    await tx.virtualService.delete({ where: { id: current.id } });
    await audit(tx, {
      actor: args.actor,
      action: 'delete',
      objectType: 'VirtualService',
      objectId: current.id,
      before: { ...toVirtualServiceDto(current), realServers: current.realServers.map((r) => r.label) },
    });
    await syncServiceFloatingIps(tx, args.actor, current.clusterId);
  });
}

/** How many real servers each service has, by service id. */
/** Real servers per service (of the services given: a page's, at most a few dozen ids; else all). */
export async function countRealServersByService(serviceIds?: string[]): Promise<Map<string, number>> {
  const groups = await getDb().realServer.groupBy({
    by: ['virtualServiceId'],
    _count: true,
    ...(serviceIds ? { where: { virtualServiceId: { in: serviceIds } } } : {}),
  });
  return new Map(groups.map((g) => [g.virtualServiceId, g._count]));
}
