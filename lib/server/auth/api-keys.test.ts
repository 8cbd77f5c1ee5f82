import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../test/temp-db';
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from './api-keys';
import { getDb } from '../platform/db-client';

beforeAll(async () => {
  await useTempDatabase();
});

describe('API keys', () => {
  it('authenticates a new key, stores only its hash, and stops after revocation', async () => {
    const { key } = await createApiKey({ name: 'monitoring', actor: 'test' });
    expect(key).toMatch(/^lvs_[A-Za-z0-9_-]{43}$/);
    expect(await authenticateApiKey(key)).toEqual({ name: 'monitoring', role: 'read-only', grants: null });
    expect(await authenticateApiKey(key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A'))).toBeNull();

    const rows = await getDb().apiKey.findMany();
    expect(JSON.stringify(rows)).not.toContain(key);
    expect((await listApiKeys()).map((k) => k.name)).toEqual(['monitoring']);

    await revokeApiKey({ name: 'monitoring', actor: 'test' });
    expect(await authenticateApiKey(key)).toBeNull();
    expect(await listApiKeys()).toEqual([]);
    const audit = await getDb().auditEvent.findMany({ where: { objectType: 'ApiKey' }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['create', 'delete']);
  });

  it('refuses a duplicate or malformed name, saying what to do', async () => {
    await createApiKey({ name: 'ci', actor: 'test' });
    await expect(createApiKey({ name: 'ci', actor: 'test' })).rejects.toMatchObject({ code: 'CONFLICT', field: 'name' });
    await expect(createApiKey({ name: 'has space', actor: 'test' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(revokeApiKey({ name: 'nope', actor: 'test' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(createApiKey({ name: 'root', role: 'superuser', actor: 'test' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('read-only, operator, admin'),
    });
  });

  it('is read-only unless a role is asked for, and carries the role it was made with', async () => {
    const made = await Promise.all(
      (['operator', 'admin', undefined] as const).map((role, i) => createApiKey({ name: `k${i}`, role, actor: 'test' })),
    );
    expect(await Promise.all(made.map((m) => authenticateApiKey(m.key)))).toEqual([
      { name: 'k0', role: 'operator', grants: null },
      { name: 'k1', role: 'admin', grants: null },
      { name: 'k2', role: 'read-only', grants: null },
    ]);
  });

  it('with --clusters holds those roles in those clusters and none elsewhere; refuses an unknown cluster, a bad role, or both kinds at once', async () => {
    const york = await getDb().cluster.create({ data: { name: 'YORK' } });
    const { key } = await createApiKey({ name: 'york-op', clusters: 'YORK=operator,default=read-only', actor: 'test' });
    expect(await authenticateApiKey(key)).toEqual({
      name: 'york-op',
      role: 'read-only',
      grants: new Map([
        [york.id, 'operator'],
        ['default', 'read-only'],
      ]),
    });
    await expect(createApiKey({ name: 'x1', clusters: 'LEEDS=operator', actor: 'test' })).rejects.toThrow(
      /No cluster has the id or name "LEEDS"/,
    );
    await expect(createApiKey({ name: 'x2', clusters: 'YORK=boss', actor: 'test' })).rejects.toThrow(/"YORK=boss" is not CLUSTER=ROLE/);
    await expect(createApiKey({ name: 'x3', role: 'admin', clusters: 'YORK=operator', actor: 'test' })).rejects.toThrow(/not both/);
    const names = (await listApiKeys()).map((k) => k.name);
    expect(names).toContain('york-op');
    expect(names.filter((n) => /^x\d$/.test(n))).toEqual([]); // nothing made by a refused request
  });
});
