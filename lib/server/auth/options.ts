import 'server-only';
import crypto from 'node:crypto';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '../db-client';
import { loadConfig } from '../../runtime/config';
import { hashPassword, verifyPassword } from './password';
import { loginRateLimiter } from './rate-limit';
import { CLIENT_ADDRESS_HEADER } from '../../runtime/headers';

// A hash to verify against when the user does not exist, so that timing does not reveal user names.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword(crypto.randomUUID()));

export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: loadConfig().sessionMaxAgeSeconds },
  pages: { signIn: '/login', error: '/login' },
  providers: [
    CredentialsProvider({
      name: 'password',
      credentials: { username: { label: 'Username', type: 'text' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        const username = String(credentials?.username ?? '').trim();
        const password = String(credentials?.password ?? '');
        const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
        const address = headers[CLIENT_ADDRESS_HEADER] ?? 'unknown';
        const limiter = loginRateLimiter();
        const verdict = limiter.check(username, address);
        if (!verdict.allowed) {
          const who = verdict.reason === 'user' ? 'this user' : 'your address';
          throw new Error(`Too many failed sign-ins for ${who}. Try again in ${verdict.retryAfterSeconds} s.`);
        }
        const db = getDb();
        const user = username ? await db.user.findUnique({ where: { name: username } }) : null;
        const ok = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), password);
        if (!user || !ok) {
          limiter.recordFailure(username, address);
          await db.auditEvent.create({ data: { actor: username || '(empty)', action: 'login-failed', objectType: 'Session', after: JSON.stringify({ address }) } });
          throw new Error('Wrong user name or password.');
        }
        limiter.recordSuccess(username);
        await db.auditEvent.create({ data: { actor: user.name, action: 'login', objectType: 'Session', after: JSON.stringify({ address }) } });
        return { id: user.id, name: user.name };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) token.name = user.name;
      return token;
    },
    async session({ session, token }) {
      if (session.user) session.user.name = token.name ?? null;
      return session;
    },
  },
};
