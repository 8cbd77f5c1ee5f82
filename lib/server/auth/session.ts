import 'server-only';
import { getServerSession, type Session } from 'next-auth';
import { redirect } from 'next/navigation';
import { authOptions, sessionExpired } from './options';
import { getDb } from '../platform/db-client';
import { asRole, roleAllows, type Role } from '../../schemas/roles';

export interface SessionUser {
  name: string;
  role: Role;
}

export async function getSessionUser(): Promise<SessionUser | null> {
  // The session callback adds the sign-in's epoch and time (lib/server/auth/options.ts).
  const session: (Session & { epoch?: unknown; signedInAt?: unknown }) | null = await getServerSession(authOptions);
  const name = session?.user?.name;
  if (!name) return null;
  // At most LVS_SESSION_MAX_AGE from sign-in, however often it was used.
  if (sessionExpired(session.signedInAt)) return null;
  // A session outlives nothing: the user must still exist, their role is read now (a change of role takes
  // effect at the next request), and a password change, a role change or an unlock-and-reset since the
  // sign-in (a new session epoch) ends it.
  const user = await getDb().user.findUnique({ where: { name }, select: { name: true, role: true, sessionEpoch: true } });
  if (!user || user.sessionEpoch !== (session.epoch ?? 0)) return null;
  return { name: user.name, role: asRole(user.role) };
}

/** For pages: the signed-in user, or a redirect to the login page. Every page calls it itself. */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect('/login');
  return user;
}

/** For pages that only some roles may open (e.g. Users): others get a page saying so. */
export async function requirePageRole(role: Role): Promise<SessionUser & { allowed: boolean }> {
  const user = await requirePageUser();
  return { ...user, allowed: roleAllows(user.role, role) };
}
