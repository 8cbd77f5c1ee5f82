// One long-lived SSH connection per director, shared by the overview poller, live operations (drain /
// halt / online, make-active) and reads (drift, client lookup, import), so that a poll costs one command,
// not a new SSH handshake. A connection that fails is dropped and made again at the next use. Only
// directors whose host key was confirmed are ever contacted.
//
// The work on one connection is bounded: at most MAX_CHANNELS_PER_DIRECTOR commands at once (sshd's
// MaxSessions is 10), the poller and HA actions first. Reads asked for by users and API keys have a lane
// of their own with a short queue; past it they are refused with 429 and Retry-After, so a flood of them
// can neither exhaust the director's sshd nor break the session the poller and an apply rely on.
import 'server-only';
import { getDb } from '../platform/db-client';
import { openDirectorConnection } from './connect';
import { DirectorConnection } from '../../director/transport';
import { DirectorError } from '../../director/errors';
import { AppError } from '../platform/errors';
import type { Director } from '../generated/prisma/client';

/** Commands running at once on one director's shared connection. */
export const MAX_CHANNELS_PER_DIRECTOR = 4;
/** Of those, reads (drift, client lookup, import) may hold this many, and this many more may wait. */
const MAX_READS_RUNNING = 2;
const MAX_READS_WAITING = 4;
const READ_RETRY_AFTER_SECONDS = 2;

/** 'high': the poller, HA actions, drain / halt; 'read': what users and API keys ask to read. */
export type SshLane = 'high' | 'read';

class DirectorGate {
  private running = 0;
  private readsRunning = 0;
  private readonly high: (() => void)[] = [];
  private readonly reads: (() => void)[] = [];

  constructor(private readonly name: string) {}

  async enter(lane: SshLane): Promise<void> {
    if (lane === 'high') {
      if (this.running < MAX_CHANNELS_PER_DIRECTOR) {
        this.running++;
        return;
      }
      return new Promise((resolve) => this.high.push(resolve));
    }
    if (this.running < MAX_CHANNELS_PER_DIRECTOR && this.readsRunning < MAX_READS_RUNNING && !this.high.length) {
      this.running++;
      this.readsRunning++;
      return;
    }
    if (this.reads.length >= MAX_READS_WAITING) {
      throw new AppError(
        'RATE_LIMITED',
        `${this.name} is busy with other reads (${MAX_READS_RUNNING} running, ${MAX_READS_WAITING} waiting); nothing was asked of it. Try again in ${READ_RETRY_AFTER_SECONDS} s.`,
        { retryAfterSeconds: READ_RETRY_AFTER_SECONDS },
      );
    }
    return new Promise((resolve) => this.reads.push(resolve));
  }

  leave(lane: SshLane) {
    this.running--;
    if (lane === 'read') this.readsRunning--;
    while (this.running < MAX_CHANNELS_PER_DIRECTOR) {
      const next = this.high.shift();
      if (next) {
        this.running++;
        next();
        continue;
      }
      if (!this.reads.length || this.readsRunning >= MAX_READS_RUNNING) break;
      this.running++;
      this.readsRunning++;
      this.reads.shift()!();
    }
  }
}

const globalGates = globalThis as unknown as { lvsDirectorGates?: Map<string, DirectorGate> };
const gates: Map<string, DirectorGate> = (globalGates.lvsDirectorGates ??= new Map<string, DirectorGate>());

interface Entry {
  conn: Promise<DirectorConnection>;
  fingerprint: string;
  host: string;
  port: number;
}

const globalSessions = globalThis as unknown as { lvsDirectorSessions?: Map<string, Entry> };
const sessions: Map<string, Entry> = (globalSessions.lvsDirectorSessions ??= new Map<string, Entry>());

const CONNECT_TIMEOUT_MS = 8_000;

/** The open connection to a director (made if needed). Refused for a director whose host key is not confirmed. */
export async function directorSession(
  d: Pick<Director, 'id' | 'name' | 'host' | 'port' | 'user' | 'hostKeyFingerprint'>,
): Promise<DirectorConnection> {
  if (!d.hostKeyFingerprint)
    throw new DirectorError(
      'auth',
      `The host key of ${d.name} is not confirmed yet: run Test connection under Local Configuration > Directors first.`,
    );
  const existing = sessions.get(d.id);
  // A changed address or pinned key means another connection.
  if (existing && existing.fingerprint === d.hostKeyFingerprint && existing.host === d.host && existing.port === d.port)
    return existing.conn;
  if (existing) dropDirectorSession(d.id);
  const conn = openDirectorConnection(d, CONNECT_TIMEOUT_MS);
  const entry = { conn, fingerprint: d.hostKeyFingerprint, host: d.host, port: d.port };
  sessions.set(d.id, entry);
  conn.then(
    (c) => c.onClose(() => sessions.get(d.id) === entry && sessions.delete(d.id)),
    () => sessions.get(d.id) === entry && sessions.delete(d.id),
  );
  return conn;
}

/**
 * Runs fn on the director's connection, in its lane (a read past the lane's queue is refused with 429);
 * a connection that failed under it is dropped, for the next use to make anew.
 */
export async function withDirectorSession<T>(
  d: Pick<Director, 'id' | 'name' | 'host' | 'port' | 'user' | 'hostKeyFingerprint'>,
  fn: (conn: DirectorConnection) => Promise<T>,
  opts: { lane?: SshLane } = {},
): Promise<T> {
  const lane = opts.lane ?? 'high';
  let gate = gates.get(d.id);
  if (!gate) gates.set(d.id, (gate = new DirectorGate(d.name)));
  await gate.enter(lane);
  try {
    const conn = await directorSession(d);
    return await fn(conn);
  } catch (err) {
    // A read that took too long says nothing of the connection; the poller's or an action's timeout does.
    if (err instanceof DirectorError && (err.connectionLost || (err.reason === 'timeout' && lane === 'high'))) dropDirectorSession(d.id);
    throw err;
  } finally {
    gate.leave(lane);
  }
}

export function dropDirectorSession(id: string) {
  const e = sessions.get(id);
  sessions.delete(id);
  e?.conn.then((c: DirectorConnection) => c.close()).catch(() => undefined);
}

export function dropAllDirectorSessions() {
  for (const id of [...sessions.keys()]) dropDirectorSession(id);
}

/** The directors the console may contact (host key confirmed): every cluster's, or one cluster's. */
export async function contactableDirectors(clusterId?: string) {
  return getDb().director.findMany({
    where: { hostKeyFingerprint: { not: null }, ...(clusterId ? { clusterId } : {}) },
    orderBy: [{ role: 'asc' }, { name: 'asc' }],
  });
}
