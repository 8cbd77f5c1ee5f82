// Console users and their roles (Maintenance > Users). `loadbalancer`, made at setup, is the first
// admin; at least one admin always remains, so the console can never lock its admins out.
import 'server-only';
import { z } from 'zod';
import { getDb } from '../platform/db-client';
import { AppError, isUniqueViolation } from '../platform/errors';
import { parseOrThrow } from '../platform/validation';
import { hashPassword, verifyPassword } from './password';
import { changePasswordSchema, changeRoleSchema, newUserSchema, passwordSchema, userNameSchema } from '../../schemas/user';
import { forgetSignInFailures, recordSignInFailure, signInVerdict } from './rate-limit';
import { asRole, type Role } from '../../schemas/roles';
import type { Prisma } from '../generated/prisma/client';
import { audit } from '../platform/audit';

export interface UserDto {
  name: string;
  role: Role;
  createdAt: Date;
}

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
      await audit(tx, { actor: args.actor, action: 'create', objectType: 'User', objectId: u.id, after: { name: u.name, role: u.role } });
      return u;
    });
    return { name: row.name, role: asRole(row.role), createdAt: row.createdAt };
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', `A user named ${spec.name} exists already; choose another name.`, { field: 'name' });
    throw err;
  }
}

async function assertAnotherAdmin(tx: Prisma.TransactionClient, name: string, what: string) {
  const others = await tx.user.count({ where: { role: 'admin', name: { not: name } } });
  if (others === 0)
    throw new AppError(
      'CONFLICT',
      `${name} is the last admin: ${what} would leave nobody who can manage users, directors and restores. Make another user admin first.`,
      { field: 'name' },
    );
}

export async function setUserRole(args: { input: unknown; actor: string }): Promise<UserDto> {
  const spec = parseOrThrow(changeRoleSchema, args.input);
  const row = await getDb().$transaction(async (tx) => {
    const u = await tx.user.findUnique({ where: { name: spec.name } });
    if (!u) throw new AppError('NOT_FOUND', `No user is named ${spec.name}.`, { field: 'name' });
    if (u.role === 'admin' && spec.role !== 'admin') await assertAnotherAdmin(tx, u.name, `making them ${spec.role}`);
    // A new role ends the user's sessions: they sign in again under it.
    const after = await tx.user.update({
      where: { id: u.id },
      data: { role: spec.role, ...(u.role !== spec.role ? { sessionEpoch: { increment: 1 } } : {}) },
    });
    await audit(tx, {
      actor: args.actor,
      action: 'update',
      objectType: 'User',
      objectId: u.id,
      before: { name: u.name, role: u.role },
      after: { name: u.name, role: spec.role },
    });
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
    await audit(tx, { actor: args.actor, action: 'delete', objectType: 'User', objectId: u.id, before: { name: u.name, role: u.role } });
  });
}

/**
 * A signed-in user changes their own password; the current one must be given. A wrong current password
 * counts as a failed sign-in from that address (a stolen session cannot guess the password here), and a
 * change ends every session of the user, this one too.
 */
export async function changeOwnPassword(args: { name: string; input: unknown; address?: string }): Promise<void> {
  const spec = parseOrThrow(changePasswordSchema, args.input);
  const address = args.address ?? 'unknown';
  const verdict = await signInVerdict(args.name, address);
  if (!verdict.allowed)
    throw new AppError('RATE_LIMITED', `Too many wrong passwords. Try again in ${verdict.retryAfterSeconds} s; nothing was changed.`, {
      field: 'current',
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  if (verdict.delayMs) await new Promise((r) => setTimeout(r, verdict.delayMs));
  const db = getDb();
  const u = await db.user.findUnique({ where: { name: args.name } });
  if (!u) throw new AppError('NOT_FOUND', `No user is named ${args.name}.`);
  if (!(await verifyPassword(u.passwordHash, spec.current))) {
    await recordSignInFailure(args.name, address);
    throw new AppError('FORBIDDEN', 'The current password is wrong; nothing was changed.', { field: 'current' });
  }
  const passwordHash = await hashPassword(spec.password);
  await db.$transaction([
    db.user.update({ where: { id: u.id }, data: { passwordHash, sessionEpoch: { increment: 1 } } }),
    audit(db, { actor: u.name, action: 'change-password', objectType: 'User', objectId: u.id }),
  ]);
}

/**
 * An admin (or `npm run cli -- user passwd` on the console's host) sets a user's password: their
 * sessions end and their failed sign-ins are forgotten.
 */
export async function setUserPassword(args: { name: unknown; password: unknown; actor: string }): Promise<void> {
  const { name, password } = parseOrThrow(z.object({ name: userNameSchema, password: passwordSchema }), {
    name: args.name,
    password: args.password,
  });
  const passwordHash = await hashPassword(password);
  await getDb().$transaction(async (tx) => {
    const u = await tx.user.findUnique({ where: { name } });
    if (!u) throw new AppError('NOT_FOUND', `No user is named ${name}.`, { field: 'name' });
    await tx.user.update({ where: { id: u.id }, data: { passwordHash, sessionEpoch: { increment: 1 } } });
    await audit(tx, {
      actor: args.actor,
      action: 'set-password',
      objectType: 'User',
      objectId: u.id,
      after: { name, sessionsEnded: true },
    });
  });
  await forgetSignInFailures(name);
}

/** `npm run cli -- user unlock`: the user's failed sign-ins are forgotten (from every address). */
export async function unlockUser(args: { name: unknown; actor: string }): Promise<{ forgotten: number }> {
  const name = parseOrThrow(userNameSchema, args.name);
  const forgotten = await forgetSignInFailures(name);
  const u = await getDb().user.findUnique({ where: { name }, select: { id: true } });
  await audit(getDb(), {
    actor: args.actor,
    action: 'unlock',
    objectType: 'User',
    objectId: u?.id ?? null,
    after: { name, forgottenFailures: forgotten },
  });
  return { forgotten };
}
