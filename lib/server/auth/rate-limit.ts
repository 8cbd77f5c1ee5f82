// Failed sign-ins, and what they cost the next attempt. Kept in the database (LoginFailure): a restart does
// not reset them, every console on a shared database sees them, `npm run cli -- user unlock` clears them,
// and memory holds nothing per attacker. Three rules:
// - a user name and a client address together: after LVS_LOGIN_MAX_FAILURES failures that pair waits
//   (until the oldest counted failure leaves the window);
// - a client address: after LVS_LOGIN_MAX_FAILURES_PER_ADDRESS failures, whatever the user names, it waits;
// - a user name from every address: past LVS_LOGIN_MAX_FAILURES failures each attempt for it is slowed
//   down, doubling up to 10 s, but never refused: someone guessing from elsewhere cannot lock the admin out.
// Not marked server-only: the CLI's `user unlock` uses it.
import { getDb } from '../platform/db-client';

export interface RateLimitPolicy {
  /** Failures of one user name from one address before that pair must wait. */
  maxFailuresPerUser: number;
  /** Failures from one address (any user names) before it must wait. */
  maxFailuresPerAddress: number;
  /** Failures older than this are forgotten; a wait lasts at most this long. */
  windowMs: number;
}

export type SignInVerdict = { allowed: true; delayMs: number } | { allowed: false; retryAfterSeconds: number; reason: 'user' | 'address' };

/** The slow-down of a user name failed `failures` times (from anywhere) in the window. */
export const MAX_SIGN_IN_DELAY_MS = 10_000;
export function signInDelayMs(failures: number, policy: RateLimitPolicy): number {
  if (failures < policy.maxFailuresPerUser) return 0;
  return Math.min(250 * 2 ** (failures - policy.maxFailuresPerUser), MAX_SIGN_IN_DELAY_MS);
}

/**
 * The verdict from the failures that count (pure): `pair` and `address` are the newest first, at most
 * their limit of them; `user` is how many the user name has from every address.
 */
export function signInVerdictFrom(f: { pair: Date[]; address: Date[]; user: number }, policy: RateLimitPolicy, now: number): SignInVerdict {
  const waitUntil = (newest: Date[], max: number) => (newest.length >= max ? newest[max - 1].getTime() + policy.windowMs : 0);
  const address = waitUntil(f.address, policy.maxFailuresPerAddress);
  if (address > now) return { allowed: false, retryAfterSeconds: Math.ceil((address - now) / 1000), reason: 'address' };
  const pair = waitUntil(f.pair, policy.maxFailuresPerUser);
  if (pair > now) return { allowed: false, retryAfterSeconds: Math.ceil((pair - now) / 1000), reason: 'user' };
  return { allowed: true, delayMs: signInDelayMs(f.user, policy) };
}

/** A user name as it is stored and logged: cut to what the user-name schema allows (1-32 of a-z 0-9 . _ -). */
export function userNameForLog(raw: string): string {
  const cut = raw
    .trim()
    .toLowerCase()
    .slice(0, 32)
    .replace(/[^a-z0-9._-]/g, '?');
  return cut || '(empty)';
}

/** A client address as it is stored (an address, never more than 64 characters). */
const addressForLog = (raw: string) => raw.slice(0, 64) || 'unknown';

export async function signInVerdict(user: string, address: string, policy = policyFromEnv(), now = Date.now()): Promise<SignInVerdict> {
  const db = getDb();
  const since = new Date(now - policy.windowMs);
  const userName = userNameForLog(user);
  const addr = addressForLog(address);
  const newest = (where: { userName?: string; address?: string }, take: number) =>
    db.loginFailure
      .findMany({ where: { ...where, createdAt: { gt: since } }, orderBy: { createdAt: 'desc' }, take, select: { createdAt: true } })
      .then((r) => r.map((x) => x.createdAt));
  const [pair, byAddress, byUser] = await Promise.all([
    newest({ userName, address: addr }, policy.maxFailuresPerUser),
    newest({ address: addr }, policy.maxFailuresPerAddress),
    db.loginFailure.count({ where: { userName, createdAt: { gt: since } } }),
  ]);
  return signInVerdictFrom({ pair, address: byAddress, user: byUser }, policy, now);
}

export async function recordSignInFailure(user: string, address: string, policy = policyFromEnv()): Promise<void> {
  const db = getDb();
  await db.loginFailure.create({ data: { userName: userNameForLog(user), address: addressForLog(address) } });
  // What no rule counts any more goes (indexed by time): the table holds one window of failures at most.
  await db.loginFailure.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - policy.windowMs) } } });
}

/** A good password from this address clears this pair's failures (not the address's others, nor the user's from elsewhere). */
export async function recordSignInSuccess(user: string, address: string): Promise<void> {
  await getDb().loginFailure.deleteMany({ where: { userName: userNameForLog(user), address: addressForLog(address) } });
}

/** `npm run cli -- user unlock --name N`: forgets every failed sign-in of that user name. */
export async function forgetSignInFailures(user: string): Promise<number> {
  return (await getDb().loginFailure.deleteMany({ where: { userName: userNameForLog(user) } })).count;
}

const globalQueues = globalThis as unknown as { lvsSignInQueues?: Map<string, Promise<unknown>> };
const queues: Map<string, Promise<unknown>> = (globalQueues.lvsSignInQueues ??= new Map<string, Promise<unknown>>());

/**
 * Attempts for one user name run one after another in this process, so that the slow-down cannot be
 * side-stepped by sending many at once. The map holds only names with an attempt in flight.
 */
export function oneAtATime<T>(user: string, fn: () => Promise<T>): Promise<T> {
  const key = userNameForLog(user);
  const before = queues.get(key) ?? Promise.resolve();
  const run = before.then(fn, fn);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
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
