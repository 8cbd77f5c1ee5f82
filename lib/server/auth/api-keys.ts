// API keys: 256-bit random secrets shown once; only their SHA-256 is stored.
import 'server-only';
import crypto from 'node:crypto';
import { getDb } from '../platform/db-client';
import { AppError, isUniqueViolation } from '../platform/errors';
import { parseOrThrow } from '../platform/validation';
import { asRole, roleSchema, type Role } from '../../schemas/roles';
import { audit } from '../platform/audit';
import { clusterGrantsSchema } from '../../schemas/cluster';

const KEY_PREFIX = 'lvs_';
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** The stored role of a key whose roles are its cluster grants. */
const SCOPED = 'scoped';

export interface ApiKeySummary {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** A key with roles in chosen clusters only: "YORK=operator,HULL=read-only" (then `role` means nothing). */
  clusters: string | null;
}

/** A new key is read-only unless another role is asked for: least privilege by default. */
export async function createApiKey(input: {
  name: string;
  role?: unknown;
  /** Roles in chosen clusters only ("east=operator,west=read-only"): then the key has no other role. */
  clusters?: unknown;
  actor: string;
}): Promise<{ key: string; summary: ApiKeySummary }> {
  if (!NAME_RE.test(input.name)) {
    throw new AppError('VALIDATION_FAILED', 'Name the key with 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit.', {
      field: 'name',
    });
  }
  const role = parseOrThrow(roleSchema.default('read-only'), input.role);
  const wanted = input.clusters === undefined ? null : parseOrThrow(clusterGrantsSchema, input.clusters);
  if (wanted && input.role !== undefined)
    throw new AppError('VALIDATION_FAILED', 'Give either a role (everywhere) or roles in chosen clusters, not both.', { field: 'role' });
  const key = KEY_PREFIX + crypto.randomBytes(32).toString('base64url');
  const db = getDb();
  try {
    const row = await db.$transaction(async (tx) => {
      const grants: { clusterId: string; role: Role }[] = [];
      for (const g of wanted ?? []) {
        const c =
          (await tx.cluster.findUnique({ where: { id: g.cluster } })) ?? (await tx.cluster.findUnique({ where: { name: g.cluster } }));
        if (!c)
          throw new AppError('NOT_FOUND', `No cluster has the id or name "${g.cluster}"; \`cli cluster list\` lists them.`, {
            field: 'clusters',
          });
        grants.push({ clusterId: c.id, role: g.role });
      }
      const created = await tx.apiKey.create({
        data: {
          name: input.name,
          role: wanted ? SCOPED : role,
          prefix: key.slice(0, 10),
          keyHash: sha256(key),
          grants: { create: grants },
        },
      });
      await audit(tx, {
        actor: input.actor,
        action: 'create',
        objectType: 'ApiKey',
        objectId: created.id,
        after: { name: created.name, role: wanted ? SCOPED : role, clusters: grants, prefix: created.prefix },
      });
      return created;
    });
    const clusters = wanted ? wanted.map((g) => `${g.cluster}=${g.role}`).join(',') : null;
    return { key, summary: { id: row.id, name: row.name, role, prefix: row.prefix, createdAt: row.createdAt, lastUsedAt: null, clusters } };
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', `An API key named "${input.name}" already exists; choose another name or revoke it first.`, {
        field: 'name',
      });
    throw err;
  }
}

export async function listApiKeys(): Promise<ApiKeySummary[]> {
  const rows = await getDb().apiKey.findMany({
    where: { revokedAt: null },
    select: {
      id: true,
      name: true,
      role: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      grants: { select: { role: true, cluster: { select: { name: true } } } },
    },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(({ grants, ...r }) => ({
    ...r,
    role: asRole(r.role),
    clusters: r.role === SCOPED ? grants.map((g) => `${g.cluster.name}=${g.role}`).join(',') : null,
  }));
}

export async function revokeApiKey(input: { name: string; actor: string }): Promise<void> {
  const db = getDb();
  await db.$transaction(async (tx) => {
    const row = await tx.apiKey.findUnique({ where: { name: input.name } });
    if (!row || row.revokedAt) throw new AppError('NOT_FOUND', `No active API key is named "${input.name}".`, { field: 'name' });
    await tx.apiKey.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await audit(tx, { actor: input.actor, action: 'delete', objectType: 'ApiKey', objectId: row.id, before: { name: row.name } });
  });
}

/**
 * The key's name and role if the bearer token is a live key, else null. A key with roles in chosen
 * clusters only has `grants` (cluster id -> role) and no role anywhere else.
 */
export async function authenticateApiKey(token: string): Promise<{ name: string; role: Role; grants: Map<string, Role> | null } | null> {
  if (!token.startsWith(KEY_PREFIX) || token.length > 200) return null;
  const db = getDb();
  const row = await db.apiKey.findUnique({ where: { keyHash: sha256(token) }, include: { grants: true } });
  if (!row || row.revokedAt) return null;
  await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  if (row.role === SCOPED)
    return { name: row.name, role: 'read-only', grants: new Map(row.grants.map((g) => [g.clusterId, asRole(g.role)])) };
  return { name: row.name, role: asRole(row.role), grants: null };
}
