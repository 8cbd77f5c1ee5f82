import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../test/temp-db';
import { getDb } from '../platform/db-client';
import {
  forgetSignInFailures,
  oneAtATime,
  policyFromEnv,
  recordSignInFailure,
  recordSignInSuccess,
  signInDelayMs,
  signInVerdict,
  userNameForLog,
} from './rate-limit';

const policy = { maxFailuresPerUser: 5, maxFailuresPerAddress: 20, windowMs: 60_000 };

beforeAll(async () => {
  await useTempDatabase();
});
beforeEach(async () => {
  await getDb().loginFailure.deleteMany();
});

const fail = async (user: string, address: string, n = 1) => {
  for (let i = 0; i < n; i++) await recordSignInFailure(user, address, policy);
};

describe('the sign-in rules', () => {
  it('five failures from 127.0.0.2 make that address wait for that user, but the right password from 127.0.0.1 is only slowed down', async () => {
    await fail('loadbalancer', '127.0.0.2', 5);
    expect(await signInVerdict('loadbalancer', '127.0.0.2', policy)).toMatchObject({
      allowed: false,
      reason: 'user',
      retryAfterSeconds: 60,
    });
    const other = await signInVerdict('loadbalancer', '127.0.0.1', policy);
    expect(other).toEqual({ allowed: true, delayMs: 250 });
    // The same address may still try another user name.
    expect((await signInVerdict('nightshift', '127.0.0.2', policy)).allowed).toBe(true);
  });

  it('failures of one name from many addresses slow it down, doubling up to 10 s, and never refuse it', async () => {
    for (let i = 0; i < 12; i++) await fail('loadbalancer', `10.0.0.${i}`);
    const v = await signInVerdict('loadbalancer', '10.9.9.9', policy);
    expect(v).toEqual({ allowed: true, delayMs: 10_000 });
    expect([4, 5, 6, 7, 10, 30].map((n) => signInDelayMs(n, policy))).toEqual([0, 250, 500, 1000, 8000, 10_000]);
  });

  it('an address that guesses many user names waits, whatever name it tries next', async () => {
    for (let i = 0; i < 20; i++) await fail(`user${i}`, '192.0.2.9');
    expect(await signInVerdict('fresh-user', '192.0.2.9', policy)).toMatchObject({ allowed: false, reason: 'address' });
    expect((await signInVerdict('fresh-user', '192.0.2.10', policy)).allowed).toBe(true);
  });

  it('forgets failures once they leave the window, and a success clears only that address’s failures of that user', async () => {
    await fail('loadbalancer', '10.0.0.1', 5);
    expect((await signInVerdict('loadbalancer', '10.0.0.1', policy, Date.now() + 30_000)).allowed).toBe(false);
    expect((await signInVerdict('loadbalancer', '10.0.0.1', policy, Date.now() + 61_000)).allowed).toBe(true);
    await fail('loadbalancer', '10.0.0.2', 3);
    await recordSignInSuccess('loadbalancer', '10.0.0.1');
    expect(await getDb().loginFailure.count({ where: { userName: 'loadbalancer' } })).toBe(3);
  });

  it('user unlock forgets every failure of that user name; stored names are cut to the user-name schema', async () => {
    await fail('loadbalancer', '10.0.0.1', 5);
    await fail('X'.repeat(10_000) + ' <script>', '10.0.0.1');
    expect(await forgetSignInFailures('loadbalancer')).toBe(5);
    expect((await signInVerdict('loadbalancer', '10.0.0.1', policy)).allowed).toBe(true);
    const stored = (await getDb().loginFailure.findMany()).map((f) => f.userName);
    expect(stored).toEqual(['x'.repeat(32)]);
    expect(userNameForLog('  Night Shift!  ')).toBe('night?shift?');
    expect(userNameForLog('')).toBe('(empty)');
  });

  it('keeps one window of failures at most: older rows go as new ones come', async () => {
    await getDb().loginFailure.create({ data: { userName: 'old', address: '10.0.0.1', createdAt: new Date(Date.now() - 120_000) } });
    await fail('new', '10.0.0.1');
    expect((await getDb().loginFailure.findMany()).map((f) => f.userName)).toEqual(['new']);
  });

  it('runs attempts for one name one after another, so that many at once are slowed down as one by one', async () => {
    const order: string[] = [];
    const slow = (tag: string, ms: number) =>
      oneAtATime('loadbalancer', async () => {
        order.push(`${tag}+`);
        await new Promise((r) => setTimeout(r, ms));
        order.push(`${tag}-`);
      });
    await Promise.all([slow('a', 30), slow('b', 1), oneAtATime('other', async () => void order.push('other'))]);
    expect(order.join(' ')).toBe('a+ other a- b+ b-');
  });

  it('reads its policy from the environment, ignoring nonsense values', () => {
    expect(policyFromEnv({ LVS_LOGIN_MAX_FAILURES: '7', LVS_LOGIN_WINDOW_SECONDS: '10' })).toEqual({
      maxFailuresPerUser: 7,
      maxFailuresPerAddress: 20,
      windowMs: 10_000,
    });
    expect(policyFromEnv({ LVS_LOGIN_MAX_FAILURES: '-1' }).maxFailuresPerUser).toBe(5);
  });
});
