import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../test/temp-db';
import { ADMIN_USER, bootstrapAdmin, completeSetup, isSetupComplete } from './setup';
import { getDb } from '../platform/db-client';
import { verifyPassword } from './password';

beforeAll(async () => {
  await useTempDatabase();
});

describe('first-run setup', () => {
  it('issues a new setup token at every start until setup is done, and only the latest works', async () => {
    const first = await bootstrapAdmin();
    const second = await bootstrapAdmin();
    expect(first.kind).toBe('setup-token');
    expect(second.kind).toBe('setup-token');
    const t1 = (first as { token: string }).token;
    const t2 = (second as { token: string }).token;
    expect(t1).not.toBe(t2);
    await expect(completeSetup({ token: t1, password: 'correct horse battery' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      field: 'token',
    });
    await expect(completeSetup({ token: t2, password: 'short' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', field: 'password' });
    expect(await isSetupComplete()).toBe(false);

    await completeSetup({ token: ` ${t2} `, password: 'correct horse battery' });
    const user = await getDb().user.findUniqueOrThrow({ where: { name: ADMIN_USER } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user.passwordHash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(user.passwordHash, 'wrong')).toBe(false);

    await expect(completeSetup({ token: t2, password: 'another long password' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await bootstrapAdmin('a different password')).toEqual({ kind: 'existing' });
    const again = await getDb().user.findUniqueOrThrow({ where: { name: ADMIN_USER } });
    expect(again.passwordHash).toBe(user.passwordHash); // a restart never changes the password
  });
});
