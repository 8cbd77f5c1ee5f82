// Directors: the Linux machines the console pushes to (one, or an HA pair).
import 'server-only';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';
import { getDb } from '../platform/db-client';
import { AppError, isUniqueViolation } from '../platform/errors';
import { parseOrThrow, staleVersion } from '../platform/validation';
import { directorPatchSchema, directorSchema, hostKeyFingerprintSchema, type DirectorSpec } from '../../schemas/director';
import type { Director } from '../generated/prisma/client';
import { getConsoleKey } from './console-key';
import type { DirectorConnection } from '../../director/transport';
import { openDirectorConnection } from './connect';
import { probeDirector, type DirectorProbe } from '../../director/probe';
import { audit } from '../platform/audit';

export interface DirectorDto extends DirectorSpec {
  /** The cluster (site) whose pair it is part of. */
  clusterId: string;
  id: string;
  version: number;
  lastApplyStatus: string | null;
  lastApplyAt: Date | null;
  lastApplyError: string | null;
  /** Set when an apply lost the director after swapping its files; a drift check or apply clears it. */
  stateUnknownSince: Date | null;
  stateUnknownReason: string | null;
}

/** The director's configuration (what an export holds). */
export function toDirectorSpec(
  d: Pick<Director, 'name' | 'role' | 'host' | 'port' | 'user' | 'hostKeyFingerprint' | 'vrrpInterface' | 'vrrpAddress' | 'vrrpPriority'>,
): DirectorSpec {
  return {
    name: d.name,
    role: d.role as DirectorSpec['role'],
    host: d.host,
    port: d.port,
    user: d.user,
    hostKeyFingerprint: d.hostKeyFingerprint,
    vrrpInterface: d.vrrpInterface,
    vrrpAddress: d.vrrpAddress,
    vrrpPriority: d.vrrpPriority,
  };
}

export function toDirectorDto(d: Director): DirectorDto {
  return {
    id: d.id,
    clusterId: d.clusterId,
    ...toDirectorSpec(d),
    version: d.version,
    lastApplyStatus: d.lastApplyStatus,
    lastApplyAt: d.lastApplyAt,
    lastApplyError: d.lastApplyError,
    stateUnknownSince: d.stateUnknownSince,
    stateUnknownReason: d.stateUnknownReason,
  };
}

/** One director or a pair per cluster, one primary and one secondary. */
async function assertPairRules(spec: DirectorSpec, clusterId: string, exceptId?: string) {
  const others = (await getDb().director.findMany({ where: exceptId ? { clusterId, id: { not: exceptId } } : { clusterId } })).map(
    toDirectorDto,
  );
  if (others.length >= 2)
    throw new AppError(
      'CONFLICT',
      clusterId === DEFAULT_CLUSTER_ID
        ? 'Two directors are configured already: an HA pair is the most this console drives.'
        : `Cluster ${clusterId} has two directors already: an HA pair is the most a cluster has.`,
      { field: 'name' },
    );
  if (others.some((o) => o.role === spec.role)) {
    throw new AppError(
      'CONFLICT',
      `There is a ${spec.role} director already (${others.find((o) => o.role === spec.role)!.name}); make this one the ${spec.role === 'primary' ? 'secondary' : 'primary'}.`,
      { field: 'role' },
    );
  }
}

/** Every director, or one cluster's. */
export async function listDirectors(clusterId?: string): Promise<DirectorDto[]> {
  return (await getDb().director.findMany({ where: clusterId ? { clusterId } : {}, orderBy: [{ role: 'asc' }, { name: 'asc' }] })).map(
    toDirectorDto,
  );
}

export async function getDirector(id: string): Promise<DirectorDto> {
  const d = await getDb().director.findUnique({ where: { id } });
  if (!d) throw new AppError('NOT_FOUND', `No director has the id ${id}.`);
  return toDirectorDto(d);
}

export async function createDirector(args: { input: unknown; actor: string; clusterId?: string }): Promise<DirectorDto> {
  const spec = parseOrThrow(directorSchema, args.input);
  const clusterId = args.clusterId ?? DEFAULT_CLUSTER_ID;
  await assertPairRules(spec, clusterId);
  try {
    const row = await getDb().$transaction(async (tx) => {
      const d = await tx.director.create({ data: { ...spec, clusterId } });
      await audit(tx, { actor: args.actor, action: 'create', objectType: 'Director', objectId: d.id, after: { ...spec, clusterId } });
      return d;
    });
    return toDirectorDto(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', `A director is already named ${spec.name}.`, { field: 'name' });
    throw err;
  }
}

export async function updateDirector(args: { id: string; patch: unknown; actor: string }): Promise<DirectorDto> {
  const patch = parseOrThrow(directorPatchSchema, args.patch);
  const db = getDb();
  const current = await db.director.findUnique({ where: { id: args.id } });
  if (!current) throw new AppError('NOT_FOUND', `No director has the id ${args.id}.`);
  if (current.version !== patch.version) throw staleVersion(`Director ${current.name}`);
  const { version: _v, ...changes } = patch;
  const currentSpec = toDirectorSpec(current);
  const spec = parseOrThrow(directorSchema, {
    ...currentSpec,
    ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
  });
  if (spec.role !== current.role) await assertPairRules(spec, current.clusterId, current.id);
  const row = await db.$transaction(async (tx) => {
    const res = await tx.director.updateMany({
      where: { id: current.id, version: patch.version },
      data: { ...spec, version: { increment: 1 } },
    });
    if (res.count !== 1) throw staleVersion(`Director ${current.name}`);
    const after = await tx.director.findUniqueOrThrow({ where: { id: current.id } });
    await audit(tx, {
      actor: args.actor,
      action: 'update',
      objectType: 'Director',
      objectId: current.id,
      before: currentSpec,
      after: spec,
    });
    return after;
  });
  return toDirectorDto(row);
}

export async function deleteDirector(args: { id: string; actor: string }): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const d = await tx.director.findUnique({ where: { id: args.id } });
    if (!d) throw new AppError('NOT_FOUND', `No director has the id ${args.id}.`);
    await tx.director.delete({ where: { id: d.id } });
    await audit(tx, { actor: args.actor, action: 'delete', objectType: 'Director', objectId: d.id, before: toDirectorDto(d) });
  });
}

export interface ConnectionReport {
  reachable: boolean;
  keyAccepted: boolean;
  hostKeyFingerprint: string | null;
  hostKeyPinned: boolean;
  probe: DirectorProbe | null;
  error: string | null;
}

/**
 * Connects and reports what it finds. With no pinned host key, it learns the fingerprint and returns
 * it for the admin to confirm; nothing is pinned until they do (pinHostKey).
 */
export async function testDirectorConnection(id: string): Promise<ConnectionReport> {
  const d = await getDb().director.findUnique({ where: { id } });
  if (!d) throw new AppError('NOT_FOUND', `No director has the id ${id}.`);
  // A key that cannot be unsealed is the console's fault, not the director's: it fails here, not as "unreachable".
  await getConsoleKey();
  let conn: DirectorConnection | undefined;
  try {
    conn = await openDirectorConnection(d);
    const probe = await probeDirector(conn);
    return {
      reachable: true,
      keyAccepted: true,
      hostKeyFingerprint: conn.fingerprint,
      hostKeyPinned: d.hostKeyFingerprint === conn.fingerprint,
      probe,
      error: null,
    };
  } catch (err) {
    const reason = (err as { reason?: string }).reason;
    return {
      reachable: reason !== 'unreachable' && reason !== 'timeout',
      keyAccepted: false,
      hostKeyFingerprint: null,
      hostKeyPinned: false,
      probe: null,
      error: err instanceof Error ? err.message : String(err),
    };
  } finally {
    conn?.close();
  }
}

/** Pins the host key the admin confirmed (it must be the one the director presents now). */
export async function pinHostKey(args: { id: string; fingerprint: string; actor: string }): Promise<DirectorDto> {
  const fingerprint = parseOrThrow(hostKeyFingerprintSchema, args.fingerprint);
  const db = getDb();
  const d = await db.director.findUnique({ where: { id: args.id } });
  if (!d) throw new AppError('NOT_FOUND', `No director has the id ${args.id}.`);
  const row = await db.$transaction(async (tx) => {
    const after = await tx.director.update({ where: { id: d.id }, data: { hostKeyFingerprint: fingerprint, version: { increment: 1 } } });
    await audit(tx, {
      actor: args.actor,
      action: 'pin-host-key',
      objectType: 'Director',
      objectId: d.id,
      before: { hostKeyFingerprint: d.hostKeyFingerprint },
      after: { hostKeyFingerprint: fingerprint },
    });
    return after;
  });
  return toDirectorDto(row);
}
