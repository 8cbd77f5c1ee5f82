// Users and roles: at least one admin always remains, and passwords change only with the current one.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../test/temp-db';
import { bootstrapAdmin } from './setup';
import { changeOwnPassword, createUser, deleteUser, listUsers, setUserPassword, setUserRole, unlockUser } from './users';
import { getDb } from '../platform/db-client';
import { verifyPassword } from './password';

beforeAll(async () => {
  await useTempDatabase();
  await bootstrapAdmin('first-admin-password');
});

describe('users', () => {
  it('the setup user is the first admin; new users get the role they are given', async () => {
    await createUser({ input: { name: 'nightshift', role: 'operator', password: 'operator-password-1' }, actor: 'loadbalancer' });
    await createUser({ input: { name: 'auditor', role: 'read-only', password: 'auditor-password-1' }, actor: 'loadbalancer' });
    expect((await listUsers()).map((u) => `${u.name}:${u.role}`)).toEqual([
      'auditor:read-only',
      'loadbalancer:admin',
      'nightshift:operator',
    ]);
    await expect(
      createUser({ input: { name: 'nightshift', role: 'admin', password: 'another-password' }, actor: 'loadbalancer' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', field: 'name' });
    await expect(createUser({ input: { name: 'x', role: 'root', password: 'short' }, actor: 'loadbalancer' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('never removes or demotes the last admin', async () => {
    await expect(deleteUser({ name: 'loadbalancer', actor: 'loadbalancer' })).rejects.toThrow(
      /loadbalancer is the last admin: removing them would leave nobody/,
    );
    await expect(setUserRole({ input: { name: 'loadbalancer', role: 'operator' }, actor: 'loadbalancer' })).rejects.toThrow(/last admin/);
    await setUserRole({ input: { name: 'nightshift', role: 'admin' }, actor: 'loadbalancer' });
    await setUserRole({ input: { name: 'loadbalancer', role: 'read-only' }, actor: 'nightshift' });
    await expect(deleteUser({ name: 'nightshift', actor: 'nightshift' })).rejects.toThrow(/last admin/);
    await deleteUser({ name: 'auditor', actor: 'nightshift' });
    expect((await listUsers()).map((u) => `${u.name}:${u.role}`)).toEqual(['loadbalancer:read-only', 'nightshift:admin']);
    const audit = await getDb().auditEvent.findMany({ where: { objectType: 'User' }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => `${a.actor} ${a.action}`)).toEqual([
      'loadbalancer create',
      'loadbalancer create',
      'loadbalancer update',
      'nightshift update',
      'nightshift delete',
    ]);
  });

  it('changes one’s own password only with the current one', async () => {
    await expect(
      changeOwnPassword({
        name: 'nightshift',
        input: { current: 'wrong-password', password: 'new-password-123', confirm: 'new-password-123' },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', field: 'current' });
    await expect(
      changeOwnPassword({
        name: 'nightshift',
        input: { current: 'operator-password-1', password: 'new-password-123', confirm: 'other-password-1' },
      }),
    ).rejects.toMatchObject({ field: 'confirm' });
    await changeOwnPassword({
      name: 'nightshift',
      input: { current: 'operator-password-1', password: 'new-password-123', confirm: 'new-password-123' },
    });
    const u = await getDb().user.findUniqueOrThrow({ where: { name: 'nightshift' } });
    expect(await verifyPassword(u.passwordHash, 'new-password-123')).toBe(true);
  });

  it('a password change, a role change or a password set by an admin ends the user’s sessions (a new epoch); a role kept does not', async () => {
    const epoch = async () => (await getDb().user.findUniqueOrThrow({ where: { name: 'nightshift' } })).sessionEpoch;
    const e0 = await epoch();
    await changeOwnPassword({
      name: 'nightshift',
      input: { current: 'new-password-123', password: 'newer-password-1', confirm: 'newer-password-1' },
    });
    expect(await epoch()).toBe(e0 + 1);
    await setUserRole({ input: { name: 'nightshift', role: 'admin' }, actor: 'loadbalancer' }); // already admin: nothing ends
    expect(await epoch()).toBe(e0 + 1);
    await setUserRole({ input: { name: 'loadbalancer', role: 'admin' }, actor: 'nightshift' });
    await setUserRole({ input: { name: 'nightshift', role: 'operator' }, actor: 'loadbalancer' });
    expect(await epoch()).toBe(e0 + 2);
    await setUserPassword({ name: 'nightshift', password: 'reset-password-1', actor: 'cli:root' });
    expect(await epoch()).toBe(e0 + 3);
    const u = await getDb().user.findUniqueOrThrow({ where: { name: 'nightshift' } });
    expect(await verifyPassword(u.passwordHash, 'reset-password-1')).toBe(true);
    await expect(setUserPassword({ name: 'nobody', password: 'reset-password-1', actor: 'cli:root' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(setUserPassword({ name: 'nightshift', password: 'short', actor: 'cli:root' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('wrong current passwords count as failed sign-ins from that address: the sixth waits', async () => {
    const wrong = { current: 'not-the-password', password: 'whatever-password-1', confirm: 'whatever-password-1' };
    for (let i = 0; i < 5; i++)
      await expect(changeOwnPassword({ name: 'nightshift', address: '10.1.1.1', input: wrong })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    await expect(
      changeOwnPassword({ name: 'nightshift', address: '10.1.1.1', input: { ...wrong, current: 'reset-password-1' } }),
    ).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/^Too many wrong passwords\. Try again in \d+ s; nothing was changed\.$/),
    });
    // user unlock forgets them; the right password then works.
    expect(await unlockUser({ name: 'nightshift', actor: 'cli:root' })).toEqual({ forgotten: 5 });
    await changeOwnPassword({
      name: 'nightshift',
      address: '10.1.1.1',
      input: { current: 'reset-password-1', password: 'after-unlock-pw-1', confirm: 'after-unlock-pw-1' },
    });
  });
});
