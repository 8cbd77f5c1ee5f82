// Console users and their roles (Maintenance > Users). `loadbalancer`, made at setup, is the first
// admin; at least one admin always remains, so the console can never lock its admins out.
import 'server-only';
import { getDb } from './db-client';
import { AppError, isUniqueViolation } from './errors';
import { parseOrThrow } from './validation';
import { hashPassword, verifyPassword } from './auth/password';
import { changePasswordSchema, changeRoleSchema, newUserSchema, userNameSchema } from '../schemas/user';
import { asRole, type Role } from '../schemas/roles';
import type { Prisma } from './generated/prisma/client';

export interface UserDto {
  name: string;
  role: Role;
  createdAt: Date;
}

const json = (v: unknown) => JSON.stringify(v);

export async function listUsers(): Promise<UserDto[]> {
  const rows = await getDb().user.findMany({ orderBy: { name: 'asc' }, select: { name: true, role: true, createdAt: true } });
  return rows.map((r) => ({ ...r, role: asRole(r.role) }));
}

export async function createUser(args: { input: unknown; actor: string }): Promise<UserDto> {
  const spec = parseOrThrow(newUserSchema, args.input);
  const passwordHash = await hashPassword(spec.password);
  try {
    const row = await getDb().$transaction(async (tx) => {
      const u = await tx.user.create({ data: { name: spec.name, role: spec.role, passwordHash } });
      await tx.auditEvent.create({ data: { actor: args.actor, action: 'create', objectType: 'User', objectId: u.id, after: json({ name: u.name, role: u.role }) } });
      return u;
    });
    return { name: row.name, role: asRole(row.role), createdAt: row.createdAt };
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', `A user named ${spec.name} exists already; choose another name.`, { field: 'name' });
    throw err;
  }
}

async function assertAnotherAdmin(tx: Prisma.TransactionClient, name: string, what: string) {
  const others = await tx.user.count({ where: { role: 'admin', name: { not: name } } });
  if (others === 0) throw new AppError('CONFLICT', `${name} is the last admin: ${what} would leave nobody who can manage users, directors and restores. Make another user admin first.`, { field: 'name' });
}

export async function setUserRole(args: { input: unknown; actor: string }): Promise<UserDto> {
  const spec = parseOrThrow(changeRoleSchema, args.input);
  const row = await getDb().$transaction(async (tx) => {
    const u = await tx.user.findUnique({ where: { name: spec.name } });
    if (!u) throw new AppError('NOT_FOUND', `No user is named ${spec.name}.`, { field: 'name' });
    if (u.role === 'admin' && spec.role !== 'admin') await assertAnotherAdmin(tx, u.name, `making them ${spec.role}`);
    const after = await tx.user.update({ where: { id: u.id }, data: { role: spec.role } });
    await tx.auditEvent.create({ data: { actor: args.actor, action: 'update', objectType: 'User', objectId: u.id, before: json({ name: u.name, role: u.role }), after: json({ name: u.name, role: spec.role }) } });
    return after;
  });
  return { name: row.name, role: asRole(row.role), createdAt: row.createdAt };
}

export async function deleteUser(args: { name: unknown; actor: string }): Promise<void> {
  const name = parseOrThrow(userNameSchema, args.name);
  await getDb().$transaction(async (tx) => {
    const u = await tx.user.findUnique({ where: { name } });
    if (!u) throw new AppError('NOT_FOUND', `No user is named ${name}.`, { field: 'name' });
    if (u.role === 'admin') await assertAnotherAdmin(tx, u.name, 'removing them');
    await tx.user.delete({ where: { id: u.id } });
    await tx.auditEvent.create({ data: { actor: args.actor, action: 'delete', objectType: 'User', objectId: u.id, before: json({ name: u.name, role: u.role }) } });
  });
}

/** A signed-in user changes their own password; the current one must be given. */
export async function changeOwnPassword(args: { name: string; input: unknown }): Promise<void> {
  const spec = parseOrThrow(changePasswordSchema, args.input);
  const db = getDb();
  const u = await db.user.findUnique({ where: { name: args.name } });
  if (!u) throw new AppError('NOT_FOUND', `No user is named ${args.name}.`);
  if (!(await verifyPassword(u.passwordHash, spec.current))) throw new AppError('FORBIDDEN', 'The current password is wrong; nothing was changed.', { field: 'current' });
  const passwordHash = await hashPassword(spec.password);
  await db.$transaction([
    db.user.update({ where: { id: u.id }, data: { passwordHash } }),
    db.auditEvent.create({ data: { actor: u.name, action: 'change-password', objectType: 'User', objectId: u.id } }),
  ]);
}
