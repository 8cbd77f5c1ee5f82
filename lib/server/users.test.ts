// Users and roles: at least one admin always remains, and passwords change only with the current one.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../test/temp-db';
import { bootstrapAdmin } from './setup';
import { changeOwnPassword, createUser, deleteUser, listUsers, setUserRole } from './users';
import { getDb } from './db-client';
import { verifyPassword } from './auth/password';

beforeAll(async () => {
  await useTempDatabase();
  await bootstrapAdmin('first-admin-password');
});

describe('users', () => {
  it('the setup user is the first admin; new users get the role they are given', async () => {
    await createUser({ input: { name: 'nightshift', role: 'operator', password: 'operator-password-1' }, actor: 'loadbalancer' });
    await createUser({ input: { name: 'auditor', role: 'read-only', password: 'auditor-password-1' }, actor: 'loadbalancer' });
    expect((await listUsers()).map((u) => `${u.name}:${u.role}`)).toEqual(['auditor:read-only', 'loadbalancer:admin', 'nightshift:operator']);
    await expect(createUser({ input: { name: 'nightshift', role: 'admin', password: 'another-password' }, actor: 'loadbalancer' })).rejects.toMatchObject({ code: 'CONFLICT', field: 'name' });
    await expect(createUser({ input: { name: 'x', role: 'root', password: 'short' }, actor: 'loadbalancer' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('never removes or demotes the last admin', async () => {
    await expect(deleteUser({ name: 'loadbalancer', actor: 'loadbalancer' })).rejects.toThrow(/loadbalancer is the last admin: removing them would leave nobody/);
    await expect(setUserRole({ input: { name: 'loadbalancer', role: 'operator' }, actor: 'loadbalancer' })).rejects.toThrow(/last admin/);
    await setUserRole({ input: { name: 'nightshift', role: 'admin' }, actor: 'loadbalancer' });
    await setUserRole({ input: { name: 'loadbalancer', role: 'read-only' }, actor: 'nightshift' });
    await expect(deleteUser({ name: 'nightshift', actor: 'nightshift' })).rejects.toThrow(/last admin/);
    await deleteUser({ name: 'auditor', actor: 'nightshift' });
    expect((await listUsers()).map((u) => `${u.name}:${u.role}`)).toEqual(['loadbalancer:read-only', 'nightshift:admin']);
    const audit = await getDb().auditEvent.findMany({ where: { objectType: 'User' }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => `${a.actor} ${a.action}`)).toEqual(['loadbalancer create', 'loadbalancer create', 'loadbalancer update', 'nightshift update', 'nightshift delete']);
  });

  it('changes one’s own password only with the current one', async () => {
    await expect(changeOwnPassword({ name: 'nightshift', input: { current: 'wrong-password', password: 'new-password-123', confirm: 'new-password-123' } })).rejects.toMatchObject({ code: 'FORBIDDEN', field: 'current' });
    await expect(changeOwnPassword({ name: 'nightshift', input: { current: 'operator-password-1', password: 'new-password-123', confirm: 'other-password-1' } })).rejects.toMatchObject({ field: 'confirm' });
    await changeOwnPassword({ name: 'nightshift', input: { current: 'operator-password-1', password: 'new-password-123', confirm: 'new-password-123' } });
    const u = await getDb().user.findUniqueOrThrow({ where: { name: 'nightshift' } });
    expect(await verifyPassword(u.passwordHash, 'new-password-123')).toBe(true);
  });
});
