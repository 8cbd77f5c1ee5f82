import { describe, expect, it } from 'vitest';
import { LoginRateLimiter, policyFromEnv } from './rate-limit';

function limiter(policy = { maxFailuresPerUser: 3, maxFailuresPerAddress: 5, windowMs: 60_000 }) {
  let now = 1_000_000;
  const l = new LoginRateLimiter(policy, () => now);
  return { l, advance: (ms: number) => (now += ms) };
}

describe('LoginRateLimiter', () => {
  it('blocks a user after the allowed number of failures, whatever address they come from', () => {
    const { l } = limiter();
    l.recordFailure('loadbalancer', '10.0.0.1');
    l.recordFailure('loadbalancer', '10.0.0.2');
    expect(l.check('loadbalancer', '10.0.0.3').allowed).toBe(true);
    l.recordFailure('LoadBalancer', '10.0.0.3'); // user names compare case-insensitively
    const v = l.check('loadbalancer', '10.0.0.4');
    expect(v).toMatchObject({ allowed: false, reason: 'user' });
    expect(v.retryAfterSeconds).toBe(60);
    expect(l.check('someone-else', '10.0.0.4').allowed).toBe(true);
  });

  it('blocks an address that guesses many user names', () => {
    const { l } = limiter();
    for (const u of ['a', 'b', 'c', 'd', 'e']) l.recordFailure(u, '192.0.2.9');
    expect(l.check('fresh-user', '192.0.2.9')).toMatchObject({ allowed: false, reason: 'address' });
    expect(l.check('fresh-user', '192.0.2.10').allowed).toBe(true);
  });

  it('lets the user in again once the failures leave the window', () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 3; i++) l.recordFailure('loadbalancer', '10.0.0.1');
    advance(30_000);
    expect(l.check('loadbalancer', '10.0.0.1')).toMatchObject({ allowed: false, retryAfterSeconds: 30 });
    advance(30_001);
    expect(l.check('loadbalancer', '10.0.0.1').allowed).toBe(true);
  });

  it('forgets a user’s failures after a successful sign-in, but not the address’s', () => {
    const { l } = limiter({ maxFailuresPerUser: 3, maxFailuresPerAddress: 4, windowMs: 60_000 });
    l.recordFailure('loadbalancer', '10.0.0.1');
    l.recordFailure('loadbalancer', '10.0.0.1');
    l.recordSuccess('loadbalancer');
    l.recordFailure('loadbalancer', '10.0.0.1');
    l.recordFailure('loadbalancer', '10.0.0.1');
    expect(l.check('loadbalancer', '10.0.0.9').allowed).toBe(true);
    expect(l.check('loadbalancer', '10.0.0.1')).toMatchObject({ allowed: false, reason: 'address' });
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
