import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../test/temp-db';
import { createDb, getDb } from './db-client';
import { leaseHolder, tryAcquireLease, withDirectorsLock } from './lease';

let url: string;
beforeAll(async () => {
  ({ url } = await useTempDatabase());
});

describe('the directors lock and the leader lease', () => {
  it('one holder at a time: a second gets who holds it, what runs and by when it is freed', async () => {
    const first = await tryAcquireLease('directors', { what: 'an apply', actor: 'alice' });
    expect('lease' in first).toBe(true);
    const second = await tryAcquireLease('directors', { what: 'make-active director2', actor: 'bob' });
    expect(second).toMatchObject({ busy: { what: 'an apply', actor: 'alice', holder: expect.stringContaining(`pid ${process.pid}`) } });
    await expect(withDirectorsLock('a drift fix', 'bob', async () => 'ran')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(
        /^An apply is running \(started \d\d:\d\d:\d\d UTC by alice, .*\); one action changes the directors at a time\..* freed by \d\d:\d\d:\d\d UTC\.$/,
      ),
    });
    if ('lease' in first) await first.lease.release();
    expect(await leaseHolder('directors')).toBeNull();
    expect(await withDirectorsLock('a drift fix', 'bob', async () => 'ran')).toBe('ran');
    expect(await leaseHolder('directors')).toBeNull(); // released after fn, also when it throws:
    await expect(withDirectorsLock('x', 'bob', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await leaseHolder('directors')).toBeNull();
  });

  it('an expired lease is taken over; the old holder learns it lost it at its next renewal', async () => {
    const old = await tryAcquireLease('leader', { ttlMs: 300 });
    if (!('lease' in old)) throw new Error('not acquired');
    await new Promise((r) => setTimeout(r, 50));
    expect('busy' in (await tryAcquireLease('leader'))).toBe(true);
    // Its renewal timer (every ttl/3) is beaten here by stopping time: make it expire in the database.
    await getDb().lease.update({ where: { name: 'leader' }, data: { expiresAt: new Date(Date.now() - 1) } });
    const next = await tryAcquireLease('leader');
    expect('lease' in next).toBe(true);
    await new Promise((r) => setTimeout(r, 250));
    expect(old.lease.held()).toBe(false);
    await old.lease.release(); // does not free the new holder's lease
    expect(await leaseHolder('leader')).not.toBeNull();
    if ('lease' in next) await next.lease.release();
  });

  it('a holder on this host whose process is gone is taken over at once, without waiting for the lease to run out', async () => {
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    await getDb().lease.update({
      where: { name: 'directors' },
      data: {
        token: 'dead',
        holder: 'console (pid gone)',
        hostname: (await import('node:os')).hostname(),
        pid: dead.pid!,
        what: 'make-active director2',
        acquiredAt: new Date(),
        expiresAt: new Date(Date.now() + 30_000),
      },
    });
    const got = await tryAcquireLease('directors', { what: 'reconcile' });
    expect('lease' in got).toBe(true);
    if ('lease' in got) await got.lease.release();
  });

  it('many processes racing for it on their own connections: exactly one wins', async () => {
    const clients = Array.from({ length: 8 }, () => createDb(url));
    try {
      const now = new Date();
      const tries = await Promise.all(
        clients.map((c, i) =>
          c.lease.updateMany({
            where: { name: 'directors', OR: [{ token: null }, { expiresAt: { lt: now } }] },
            data: { token: `t${i}`, holder: `racer ${i}`, acquiredAt: now, expiresAt: new Date(now.getTime() + 30_000) },
          }),
        ),
      );
      expect(tries.filter((t) => t.count === 1)).toHaveLength(1);
      const row = await getDb().lease.findUnique({ where: { name: 'directors' } });
      expect(row?.token).toBe(`t${tries.findIndex((t) => t.count === 1)}`);
    } finally {
      await Promise.all(clients.map((c) => c.$disconnect()));
      await getDb().lease.update({ where: { name: 'directors' }, data: { token: null, expiresAt: null } });
    }
  });
});
