// Layer 4 real servers (the appliance's RIPs), always inside one virtual service.
import 'server-only';
import { getDb, textContains } from '../platform/db-client';
import { AppError, isUniqueViolation } from '../platform/errors';
import { parseOrThrow, staleVersion, ValidationError } from '../platform/validation';
import { realServerIssues, realServerPatchSchema, realServerSchema, type RealServerDto } from '../../schemas/real-server';
import type { RealServer } from '../generated/prisma/client';
import { assertPool, toVirtualServiceDto, toVirtualServiceSpec, toRealServerSpec, toRealServerDto } from './rows';
import { type Forwarding, type VirtualServiceDto } from '../../schemas/virtual-service';
import { audit } from '../platform/audit';

function issuesToError(issues: { field: string; message: string }[]) {
  if (issues.length) throw new ValidationError(issues);
}

export async function listRealServers(virtualServiceId: string): Promise<RealServerDto[]> {
  const db = getDb();
  const vs = await db.virtualService.findUnique({ where: { id: virtualServiceId }, select: { id: true } });
  if (!vs) throw new AppError('NOT_FOUND', `No virtual service has the id ${virtualServiceId}.`);
  const rows = await db.realServer.findMany({ where: { virtualServiceId }, orderBy: { label: 'asc' } });
  return rows.map(toRealServerDto);
}

export async function getRealServer(virtualServiceId: string, id: string): Promise<RealServerDto> {
  const row = await getDb().realServer.findFirst({ where: { id, virtualServiceId } });
  if (!row) throw new AppError('NOT_FOUND', `Virtual service ${virtualServiceId} has no real server with the id ${id}.`);
  return toRealServerDto(row);
}

export async function createRealServer(args: { virtualServiceId: string; input: unknown; actor: string }): Promise<RealServerDto> {
  const spec = parseOrThrow(realServerSchema, args.input);
  try {
    const row = await getDb().$transaction(async (tx) => {
      const vs = await tx.virtualService.findUnique({ where: { id: args.virtualServiceId }, include: { realServers: true } });
      if (!vs) throw new AppError('NOT_FOUND', `No virtual service has the id ${args.virtualServiceId}.`);
      const service = toVirtualServiceSpec(vs);
      const siblings = vs.realServers.map(toRealServerSpec);
      issuesToError(realServerIssues(spec, service, siblings));
      assertPool(service, [...siblings, spec]);
      const created = await tx.realServer.create({ data: { ...spec, virtualServiceId: vs.id } });
      await audit(tx, {
        actor: args.actor,
        action: 'create',
        objectType: 'RealServer',
        objectId: created.id,
        after: { service: vs.label, ...toRealServerDto(created) },
      });
      return created;
    });
    return toRealServerDto(row);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', `This virtual service already has a real server labelled ${spec.label}.`, { field: 'label' });
    throw err;
  }
}

export async function updateRealServer(args: {
  virtualServiceId: string;
  id: string;
  patch: unknown;
  actor: string;
}): Promise<RealServerDto> {
  const patch = parseOrThrow(realServerPatchSchema, args.patch);
  const row = await getDb().$transaction(async (tx) => {
    const current = await tx.realServer.findFirst({
      where: { id: args.id, virtualServiceId: args.virtualServiceId },
      include: { virtualService: { include: { realServers: true } } },
    });
    if (!current) throw new AppError('NOT_FOUND', `Virtual service ${args.virtualServiceId} has no real server with the id ${args.id}.`);
    if (current.version !== patch.version) throw staleVersion(`Real server ${current.label}`);
    const { version: _v, ...changes } = patch;
    const spec = parseOrThrow(realServerSchema, {
      ...toRealServerSpec(current),
      ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
    });
    const service = toVirtualServiceSpec(current.virtualService);
    const siblings = current.virtualService.realServers.filter((r) => r.id !== current.id).map(toRealServerSpec);
    issuesToError(realServerIssues(spec, service, siblings));
    assertPool(service, [...siblings, spec]);
    const res = await tx.realServer.updateMany({
      where: { id: current.id, version: patch.version },
      data: { ...spec, version: { increment: 1 } },
    });
    if (res.count !== 1) throw staleVersion(`Real server ${current.label}`);
    const after = await tx.realServer.findUniqueOrThrow({ where: { id: current.id } });
    await audit(tx, {
      actor: args.actor,
      action: 'update',
      objectType: 'RealServer',
      objectId: current.id,
      before: { service: current.virtualService.label, ...toRealServerDto(current) },
      after: { service: current.virtualService.label, ...toRealServerDto(after) },
    });
    return after;
  });
  return toRealServerDto(row);
}

export async function deleteRealServer(args: { virtualServiceId: string; id: string; version?: number; actor: string }): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const current = await tx.realServer.findFirst({
      where: { id: args.id, virtualServiceId: args.virtualServiceId },
      include: { virtualService: { include: { realServers: true } } },
    });
    if (!current) throw new AppError('NOT_FOUND', `Virtual service ${args.virtualServiceId} has no real server with the id ${args.id}.`);
    if (args.version !== undefined && current.version !== args.version) throw staleVersion(`Real server ${current.label}`);
    const rest = current.virtualService.realServers.filter((r) => r.id !== current.id).map(toRealServerSpec);
    assertPool(toVirtualServiceSpec(current.virtualService), rest);
    await tx.realServer.delete({ where: { id: current.id } });
    await audit(tx, {
      actor: args.actor,
      action: 'delete',
      objectType: 'RealServer',
      objectId: current.id,
      before: { service: current.virtualService.label, ...toRealServerDto(current) },
    });
  });
}

/** A real server with the service it belongs to (the Modify Real Server page), or null. */
export async function findRealServerWithService(
  id: string,
): Promise<{ realServer: RealServerDto; service: { id: string; label: string; forwarding: Forwarding; clusterId: string } } | null> {
  const row = await getDb().realServer.findUnique({
    where: { id },
    include: { virtualService: { select: { id: true, label: true, forwarding: true, clusterId: true } } },
  });
  return row
    ? { realServer: toRealServerDto(row), service: { ...row.virtualService, forwarding: row.virtualService.forwarding as Forwarding } }
    : null;
}

type ReadTx = Pick<ReturnType<typeof getDb>, 'virtualService' | 'realServer'>;

/**
 * Every service (by label) with its real servers, in two plain queries grouped here: Prisma's
 * `include` puts every service id into one IN list, which fails (P2029) past the database's
 * parameter limit (1,000 services already exceed SQLite's).
 */
export async function servicesWithRealServers(db: ReadTx = getDb(), clusterId?: string) {
  const [services, servers] = await Promise.all([
    db.virtualService.findMany({ where: clusterId ? { clusterId } : {}, orderBy: { label: 'asc' } }),
    db.realServer.findMany({ where: clusterId ? { virtualService: { clusterId } } : {}, orderBy: { label: 'asc' } }),
  ]);
  const byService = new Map<string, RealServer[]>();
  for (const r of servers) {
    const list = byService.get(r.virtualServiceId);
    if (list) list.push(r);
    else byService.set(r.virtualServiceId, [r]);
  }
  return services.map((s) => ({ ...s, realServers: byService.get(s.id) ?? [] }));
}

/**
 * One page of the Layer 4 Real Servers list: services (50 a page) whose label, address or ports, or one
 * of whose real servers' label or address, contain the search; optionally one service, or only real
 * servers in one admin state. Each service comes with its real servers (those in the state, if asked).
 */
export async function searchServicesWithRealServers(args: {
  q: string;
  state?: 'online' | 'drain' | 'halt';
  service?: string;
  skip: number;
  take: number;
  /** Only this cluster's services (every cluster's when not given). */
  clusterId?: string;
}): Promise<{ items: { service: VirtualServiceDto; realServers: RealServerDto[] }[]; total: number }> {
  const db = getDb();
  const rsMatch = args.q ? { OR: [{ label: textContains(args.q) }, { ip: textContains(args.q) }] } : {};
  const where = {
    AND: [
      args.clusterId ? { clusterId: args.clusterId } : {},
      args.service ? { id: args.service } : {},
      args.q
        ? {
            OR: [
              { label: textContains(args.q) },
              { ip: textContains(args.q) },
              { ports: textContains(args.q) },
              { realServers: { some: rsMatch } },
            ],
          }
        : {},
      args.state ? { realServers: { some: { adminState: args.state } } } : {},
    ],
  };
  const [services, total] = await Promise.all([
    db.virtualService.findMany({ where, orderBy: { label: 'asc' }, skip: args.skip, take: args.take }),
    db.virtualService.count({ where }),
  ]);
  // At most one page of service ids in this IN list.
  const servers = services.length
    ? await db.realServer.findMany({
        where: { virtualServiceId: { in: services.map((s) => s.id) }, ...(args.state ? { adminState: args.state } : {}) },
        orderBy: { label: 'asc' },
      })
    : [];
  return {
    items: services.map((s) => ({
      service: toVirtualServiceDto(s),
      realServers: servers.filter((r) => r.virtualServiceId === s.id).map(toRealServerDto),
    })),
    total,
  };
}

/** The addresses of the real servers of NAT-mode services: what Auto-NAT masquerades (Layer 4 Advanced page). */
export async function natRealServerAddresses(): Promise<string[]> {
  const rows = await getDb().realServer.findMany({
    where: { virtualService: { forwarding: 'nat' } },
    select: { ip: true },
    distinct: ['ip'],
    orderBy: { ip: 'asc' },
  });
  return rows.map((r) => r.ip);
}
