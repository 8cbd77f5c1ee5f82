// One long-lived SSH connection per director, shared by the overview poller and live operations
// (drain / halt / online), so that a poll costs one command, not a new SSH handshake. A connection
// that fails is dropped and made again at the next use. Only directors whose host key was confirmed
// are ever contacted.
import 'server-only';
import { getDb } from './db-client';
import { getConsoleKey } from './console-key';
import { directorTarget } from './directors';
import { DirectorConnection } from '../director/transport';
import { DirectorError } from '../director/errors';
import type { Director } from './generated/prisma/client';

interface Entry {
  conn: Promise<DirectorConnection>;
  fingerprint: string;
  host: string;
  port: number;
}

const globalSessions = globalThis as unknown as { lvsDirectorSessions?: Map<string, Entry> };
const sessions: Map<string, Entry> = (globalSessions.lvsDirectorSessions ??= new Map());

const CONNECT_TIMEOUT_MS = 8_000;

/** The open connection to a director (made if needed). Refused for a director whose host key is not confirmed. */
export async function directorSession(d: Pick<Director, 'id' | 'name' | 'host' | 'port' | 'user' | 'hostKeyFingerprint'>): Promise<DirectorConnection> {
  if (!d.hostKeyFingerprint) throw new DirectorError('auth', `The host key of ${d.name} is not confirmed yet: run Test connection under Local Configuration > Directors first.`);
  const existing = sessions.get(d.id);
  // A changed address or pinned key means another connection.
  if (existing && existing.fingerprint === d.hostKeyFingerprint && existing.host === d.host && existing.port === d.port) return existing.conn;
  if (existing) dropDirectorSession(d.id);
  const conn = (async () => DirectorConnection.connect(directorTarget(d), (await getConsoleKey()).privateKey, CONNECT_TIMEOUT_MS))();
  const entry = { conn, fingerprint: d.hostKeyFingerprint, host: d.host, port: d.port };
  sessions.set(d.id, entry);
  conn.then(
    (c) => c.onClose(() => sessions.get(d.id) === entry && sessions.delete(d.id)),
    () => sessions.get(d.id) === entry && sessions.delete(d.id),
  );
  return conn;
}

/** Runs fn on the director's connection; a connection that failed under it is dropped, for the next use to make anew. */
export async function withDirectorSession<T>(d: Pick<Director, 'id' | 'name' | 'host' | 'port' | 'user' | 'hostKeyFingerprint'>, fn: (conn: DirectorConnection) => Promise<T>): Promise<T> {
  const conn = await directorSession(d);
  try {
    return await fn(conn);
  } catch (err) {
    if (err instanceof DirectorError && (err.connectionLost || err.reason === 'timeout')) dropDirectorSession(d.id);
    throw err;
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

/** The directors the console may contact: host key confirmed. */
export async function contactableDirectors() {
  return getDb().director.findMany({ where: { hostKeyFingerprint: { not: null } }, orderBy: [{ role: 'asc' }, { name: 'asc' }] });
}
