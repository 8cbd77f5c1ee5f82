import 'server-only';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { authOptions } from './options';
import { getDb } from '../db-client';

export interface SessionUser {
  name: string;
}

export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const name = session?.user?.name;
  if (!name) return null;
  // A session outlives nothing: the user must still exist.
  const user = await getDb().user.findUnique({ where: { name }, select: { name: true } });
  return user ? { name: user.name } : null;
}

/** For pages: the signed-in user, or a redirect to the login page. Every page calls it itself. */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect('/login');
  return user;
}
