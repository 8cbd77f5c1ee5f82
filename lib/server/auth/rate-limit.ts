// Failed-login limiter, per client address and per user name. In memory: one console process owns
// the login endpoint, and a restart clearing the counters is acceptable.

export interface RateLimitPolicy {
  maxFailuresPerUser: number;
  maxFailuresPerAddress: number;
  windowMs: number; // failures older than this are forgotten; a block lasts this long
}

interface Counter {
  failures: number[]; // timestamps
}

export interface RateLimitVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
  reason?: 'user' | 'address';
}

export class LoginRateLimiter {
  private readonly users = new Map<string, Counter>();
  private readonly addresses = new Map<string, Counter>();

  constructor(
    private readonly policy: RateLimitPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  check(user: string, address: string): RateLimitVerdict {
    const byAddress = this.verdict(this.addresses.get(address), this.policy.maxFailuresPerAddress);
    if (!byAddress.allowed) return { ...byAddress, reason: 'address' };
    const byUser = this.verdict(this.users.get(user.toLowerCase()), this.policy.maxFailuresPerUser);
    if (!byUser.allowed) return { ...byUser, reason: 'user' };
    return { allowed: true, retryAfterSeconds: 0 };
  }

  recordFailure(user: string, address: string): void {
    const t = this.now();
    for (const [map, key] of [[this.users, user.toLowerCase()], [this.addresses, address]] as const) {
      const c = map.get(key) ?? { failures: [] };
      c.failures = this.recent(c.failures);
      c.failures.push(t);
      map.set(key, c);
    }
  }

  /** A successful login clears the user's failures (not the address's: one good password must not
   * reset an address that is guessing other users). */
  recordSuccess(user: string): void {
    this.users.delete(user.toLowerCase());
  }

  private recent(failures: number[]): number[] {
    const since = this.now() - this.policy.windowMs;
    return failures.filter((t) => t > since);
  }

  private verdict(counter: Counter | undefined, max: number): RateLimitVerdict {
    if (!counter) return { allowed: true, retryAfterSeconds: 0 };
    const recent = this.recent(counter.failures);
    counter.failures = recent;
    if (recent.length < max) return { allowed: true, retryAfterSeconds: 0 };
    // Blocked until the oldest failure that keeps the count at max leaves the window.
    const unblockAt = recent[recent.length - max] + this.policy.windowMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((unblockAt - this.now()) / 1000)) };
  }
}

function positiveInt(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw && Number.isInteger(n) && n > 0 ? n : fallback;
}

export function policyFromEnv(env: Record<string, string | undefined> = process.env): RateLimitPolicy {
  return {
    maxFailuresPerUser: positiveInt(env.LVS_LOGIN_MAX_FAILURES, 5),
    maxFailuresPerAddress: positiveInt(env.LVS_LOGIN_MAX_FAILURES_PER_ADDRESS, 20),
    windowMs: positiveInt(env.LVS_LOGIN_WINDOW_SECONDS, 900) * 1000,
  };
}

const globalForLimiter = globalThis as unknown as { lvsLoginLimiter?: LoginRateLimiter };

export function loginRateLimiter(): LoginRateLimiter {
  globalForLimiter.lvsLoginLimiter ??= new LoginRateLimiter(policyFromEnv());
  return globalForLimiter.lvsLoginLimiter;
}
