// How the console opens an SSH connection to a director: the one place that pairs a director's row with
// the console's key. Apply, catch-up, drift fix and Test connection open their own connection here; the
// poller, live operations and reads share one per director (lib/server/directors/sessions.ts).
import 'server-only';
import { getConsoleKey } from './console-key';
import { DirectorConnection, type DirectorTarget } from '../../director/transport';
import type { Director } from '../generated/prisma/client';

export type DirectorAddress = Pick<Director, 'name' | 'host' | 'port' | 'user' | 'hostKeyFingerprint'>;

export function directorTarget(d: DirectorAddress): DirectorTarget {
  return { name: d.name, host: d.host, port: d.port, user: d.user, hostKeyFingerprint: d.hostKeyFingerprint };
}

/** A new connection with the console's key; a director whose host key is not pinned is learnt (Test connection). */
export async function openDirectorConnection(d: DirectorAddress, timeoutMs?: number): Promise<DirectorConnection> {
  return DirectorConnection.connect(directorTarget(d), (await getConsoleKey()).privateKey, timeoutMs);
}
