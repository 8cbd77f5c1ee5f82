// Leases in the database, shared by every console on it (and the CLI): "directors", one action that
// changes a director at a time, and "leader", the console that runs the background jobs. A lease is one
// row; taking it is one conditional UPDATE (free or expired), which both SQLite and PostgreSQL run
// atomically, so two consoles never both hold it. The holder renews it while it works; a holder that
// stops leaves it to expire after LEASE_TTL_MS, or to be taken at once by a console on the same host
// that sees the holder's process gone (a restart of the console, a CLI stopped with Ctrl-C).
// Not marked server-only: the start-up (lib/runtime) uses it before Next.js runs.
import crypto from 'node:crypto';
import os from 'node:os';
import { getDb } from './db-client';
import { AppError } from './errors';

export const LEASE_TTL_MS = 30_000;
const RENEW_EVERY_MS = 10_000;

export type LeaseName = 'directors' | 'leader';

export interface LeaseHolder {
  holder: string;
  what: string | null;
  actor: string | null;
  acquiredAt: Date | null;
  expiresAt: Date | null;
}

export interface HeldLease {
  readonly name: LeaseName;
  readonly token: string;
  /** False once a renewal found the lease taken by another (it had expired): stop what it guards. */
  held(): boolean;
  /** Frees the lease (idempotent; never throws). */
  release(): Promise<void>;
}

/** This process, as a lease names it: the host, the console's port, the process. */
export function processIdentity() {
  const hostname = os.hostname();
  const port = process.env.PORT ? `:${process.env.PORT}` : '';
  const kind = process.env.NEXT_RUNTIME ? 'console' : process.argv.some((a) => a.endsWith('cli/main.ts')) ? 'CLI' : 'console';
  return { hostname, pid: process.pid, holder: `${kind} on ${hostname}${port} (pid ${process.pid})` };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A holder whose process is gone from this host (its lease need not run out first). */
function goneFromThisHost(row: { hostname: string | null; pid: number | null }): boolean {
  return row.hostname === os.hostname() && row.pid !== null && row.pid !== process.pid && !alive(row.pid);
}

function holderOf(row: {
  holder: string | null;
  what: string | null;
  actor: string | null;
  acquiredAt: Date | null;
  expiresAt: Date | null;
}): LeaseHolder {
  return {
    holder: row.holder ?? 'another console',
    what: row.what,
    actor: row.actor,
    acquiredAt: row.acquiredAt,
    expiresAt: row.expiresAt,
  };
}

/**
 * Takes the lease if it is free, expired, or held by a process of this host that is gone; otherwise
 * says who holds it. Renewed every 10 s until released.
 */
export async function tryAcquireLease(
  name: LeaseName,
  opts: { what?: string; actor?: string; ttlMs?: number } = {},
): Promise<{ lease: HeldLease } | { busy: LeaseHolder }> {
  const db = getDb();
  const ttl = opts.ttlMs ?? LEASE_TTL_MS;
  const me = processIdentity();
  const token = crypto.randomUUID();
  const now = new Date();
  const data = {
    token,
    holder: me.holder,
    hostname: me.hostname,
    pid: me.pid,
    what: opts.what ?? null,
    actor: opts.actor ?? null,
    acquiredAt: now,
    expiresAt: new Date(now.getTime() + ttl),
  };
  let taken = (await db.lease.updateMany({ where: { name, OR: [{ token: null }, { expiresAt: { lt: now } }] }, data })).count === 1;
  if (!taken) {
    const row = await db.lease.findUnique({ where: { name } });
    if (!row) {
      // The migration makes the rows; a database restored without them gets them here.
      await db.lease.create({ data: { name } }).catch(() => undefined);
      return tryAcquireLease(name, opts);
    }
    // Compare-and-swap on the dead holder's token: of two consoles seeing it gone, one takes it.
    if (row.token && goneFromThisHost(row)) taken = (await db.lease.updateMany({ where: { name, token: row.token }, data })).count === 1;
    if (!taken) return { busy: holderOf(row) };
  }
  return { lease: holdLease(name, token, ttl) };
}

function holdLease(name: LeaseName, token: string, ttl: number): HeldLease {
  const db = getDb();
  let held = true;
  let released = false;
  const timer = setInterval(
    () => {
      db.lease
        .updateMany({ where: { name, token }, data: { expiresAt: new Date(Date.now() + ttl) } })
        .then((r) => {
          if (r.count === 0 && !released) {
            held = false;
            clearInterval(timer);
            console.error(`[lvs-console] the ${name} lease was lost (it expired and another process took it)`);
          }
        })
        .catch((err) => console.error(`[lvs-console] renewing the ${name} lease failed:`, err instanceof Error ? err.message : err));
    },
    Math.min(RENEW_EVERY_MS, ttl / 3),
  );
  timer.unref();
  return {
    name,
    token,
    held: () => held,
    release: async () => {
      if (released) return;
      released = true;
      held = false;
      clearInterval(timer);
      await db.lease
        .updateMany({
          where: { name, token },
          data: { token: null, holder: null, hostname: null, pid: null, what: null, actor: null, acquiredAt: null, expiresAt: null },
        })
        .catch((err) =>
          console.error(
            `[lvs-console] releasing the ${name} lease failed (it expires by itself):`,
            err instanceof Error ? err.message : err,
          ),
        );
    },
  };
}

/** Who holds a lease now (null: free or expired). */
export async function leaseHolder(name: LeaseName): Promise<LeaseHolder | null> {
  const row = await getDb().lease.findUnique({ where: { name } });
  if (!row?.token || !row.expiresAt || row.expiresAt.getTime() < Date.now()) return null;
  return holderOf(row);
}

const time = (d: Date | null) => (d ? d.toISOString().slice(11, 19) + ' UTC' : 'a moment ago');

/** The 409 for a second action on the directors: what runs, who started it, and until when at most. */
export function directorsBusy(busy: LeaseHolder): AppError {
  const what = busy.what ?? 'another action on the directors';
  return new AppError(
    'CONFLICT',
    `${what[0].toUpperCase()}${what.slice(1)} is running (started ${time(busy.acquiredAt)}${busy.actor ? ` by ${busy.actor}` : ''}, ${busy.holder}); one action changes the directors at a time. Try again when it has finished. If that console stopped, the lock is freed by ${time(busy.expiresAt)}.`,
  );
}

/**
 * Runs fn holding the directors lock (apply, revert, catch-up, drift fix, make-active, break pair);
 * a second caller, here or on another console, gets 409 naming what runs.
 */
export async function withDirectorsLock<T>(what: string, actor: string, fn: (lease: HeldLease) => Promise<T>): Promise<T> {
  const got = await tryAcquireLease('directors', { what, actor });
  if ('busy' in got) throw directorsBusy(got.busy);
  try {
    return await fn(got.lease);
  } finally {
    await got.lease.release();
  }
}
