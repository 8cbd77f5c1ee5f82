import 'server-only';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { authOptions } from './options';
import { getDb } from '../db-client';
import { asRole, roleAllows, type Role } from '../../schemas/roles';

export interface SessionUser {
  name: string;
  role: Role;
}

export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const name = session?.user?.name;
  if (!name) return null;
  // A session outlives nothing: the user must still exist, and their role is read now (a change of
  // role takes effect at the next request, not at the next sign-in).
  const user = await getDb().user.findUnique({ where: { name }, select: { name: true, role: true } });
  return user ? { name: user.name, role: asRole(user.role) } : null;
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
