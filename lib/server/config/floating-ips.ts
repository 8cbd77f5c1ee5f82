// Floating IPs: addresses that move with the active director. Service addresses (purpose vip) are
// kept in step with the services; gateway addresses (the NAT real servers' default gateway) are added
// by the admin.
import 'server-only';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';
import { getDb, textContains } from '../platform/db-client';
import { AppError, isUniqueViolation } from '../platform/errors';
import { parseOrThrow } from '../platform/validation';
import { floatingIpSchema, type FloatingIpSpec } from '../../schemas/floating-ip';
import { audit } from '../platform/audit';

export interface FloatingIpDto {
  id: string;
  address: string;
  prefix: number;
  purpose: FloatingIpSpec['purpose'];
  interface: string | null;
  usedBy: string[]; // labels of the services on this address
}

/** Every floating IP, or one cluster's. */
export async function listFloatingIps(clusterId?: string): Promise<FloatingIpDto[]> {
  const db = getDb();
  const where = clusterId ? { clusterId } : {};
  const [rows, services] = await Promise.all([
    db.floatingIp.findMany({ where, orderBy: { address: 'asc' } }),
    db.virtualService.findMany({ where, select: { ip: true, label: true } }),
  ]);
  return toDtos(rows, services);
}

type FloatingIpRow = { id: string; address: string; prefix: number; purpose: string; interface: string | null };

/** The rows with the labels of the services on each address. */
function toDtos(rows: FloatingIpRow[], services: { ip: string; label: string }[]): FloatingIpDto[] {
  const labelsByIp = new Map<string, string[]>();
  for (const s of services) labelsByIp.set(s.ip, [...(labelsByIp.get(s.ip) ?? []), s.label]);
  return rows.map((f) => ({
    id: f.id,
    address: f.address,
    prefix: f.prefix,
    purpose: f.purpose as FloatingIpSpec['purpose'],
    interface: f.interface,
    usedBy: (labelsByIp.get(f.address) ?? []).sort(),
  }));
}

/**
 * One page of the floating IPs whose address contains the search (a 10,000-service configuration has
 * 10,000 service addresses), gateways first, with the services each one serves.
 */
export async function searchFloatingIps(args: {
  q: string;
  skip: number;
  take: number;
  clusterId?: string;
}): Promise<{ items: FloatingIpDto[]; total: number }> {
  const db = getDb();
  const where = { ...(args.q ? { address: textContains(args.q) } : {}), ...(args.clusterId ? { clusterId: args.clusterId } : {}) };
  const [rows, total] = await Promise.all([
    db.floatingIp.findMany({ where, orderBy: [{ purpose: 'asc' }, { address: 'asc' }], skip: args.skip, take: args.take }),
    db.floatingIp.count({ where }),
  ]);
  // At most one page of addresses in this IN list.
  const services = rows.length
    ? await db.virtualService.findMany({
        where: { ip: { in: rows.map((r) => r.address) }, ...(args.clusterId ? { clusterId: args.clusterId } : {}) },
        select: { ip: true, label: true },
      })
    : [];
  return { items: toDtos(rows, services), total };
}

export async function createFloatingIp(args: { input: unknown; actor: string; clusterId?: string }): Promise<FloatingIpDto> {
  const spec = parseOrThrow(floatingIpSchema, args.input);
  const clusterId = args.clusterId ?? DEFAULT_CLUSTER_ID;
  try {
    const row = await getDb().$transaction(async (tx) => {
      const created = await tx.floatingIp.create({ data: { ...spec, clusterId } });
      await audit(tx, {
        actor: args.actor,
        action: 'create',
        objectType: 'FloatingIp',
        objectId: created.id,
        after: { ...spec, clusterId },
      });
      return created;
    });
    return { ...spec, id: row.id, usedBy: [] };
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', `${spec.address} is already a floating IP.`, { field: 'address' });
    throw err;
  }
}

export async function deleteFloatingIp(args: { id: string; actor: string }): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const row = await tx.floatingIp.findUnique({ where: { id: args.id } });
    if (!row) throw new AppError('NOT_FOUND', `No floating IP has the id ${args.id}; it may have been deleted already.`);
    const users = await tx.virtualService.findMany({ where: { ip: row.address, clusterId: row.clusterId }, select: { label: true } });
    if (users.length) {
      throw new AppError(
        'CONFLICT',
        `${row.address} is the address of ${users.map((u) => u.label).join(', ')}; delete or change ${users.length > 1 ? 'those services' : 'that service'} first.`,
        { field: 'address' },
      );
    }
    await tx.floatingIp.delete({ where: { id: row.id } });
    await audit(tx, {
      actor: args.actor,
      action: 'delete',
      objectType: 'FloatingIp',
      objectId: row.id,
      before: { address: row.address, prefix: row.prefix, purpose: row.purpose, interface: row.interface },
    });
  });
}
