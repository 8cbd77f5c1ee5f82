import 'server-only';
import crypto from 'node:crypto';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '../platform/db-client';
import { loadConfig } from '../platform/config';
import { hashPassword, verifyPassword } from './password';
import { oneAtATime, recordSignInFailure, recordSignInSuccess, signInVerdict, userNameForLog } from './rate-limit';
import { userNameSchema } from '../../schemas/user';
import { CLIENT_ADDRESS_HEADER } from '../platform/headers';
import { audit } from '../platform/audit';

// A hash to verify against when the user does not exist, so that timing does not reveal user names.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword(crypto.randomUUID()));

/** What the session token carries besides the name: the user's session epoch and when they signed in. */
export interface SessionClaims {
  epoch: number;
  signedInAt: number;
}

/** A session lives LVS_SESSION_MAX_AGE from sign-in, however often it is used (not sliding). */
export function sessionExpired(signedInAt: unknown, now = Date.now()): boolean {
  return typeof signedInAt !== 'number' || now - signedInAt > loadConfig().sessionMaxAgeSeconds * 1000;
}

const SESSION_OVER = 'lvs-console: the session is over';

export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: loadConfig().sessionMaxAgeSeconds },
  pages: { signIn: '/login', error: '/login' },
  logger: {
    // An expired or revoked session ends by its cookie being cleared (the jwt callback below throws): not an error.
    error: (code, metadata) => {
      const message = metadata instanceof Error ? metadata.message : (metadata as { message?: unknown } | undefined)?.message;
      if (code === 'JWT_SESSION_ERROR' && typeof message === 'string' && message.includes(SESSION_OVER)) return;
      console.error('[next-auth]', code, metadata);
    },
    warn: (code) => console.warn('[next-auth]', code),
    debug: () => undefined,
  },
  providers: [
    CredentialsProvider({
      name: 'password',
      credentials: { username: { label: 'Username', type: 'text' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        const username = String(credentials?.username ?? '').trim();
        const password = String(credentials?.password ?? '');
        const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
        const address = headers[CLIENT_ADDRESS_HEADER] ?? 'unknown';
        return oneAtATime(username, async () => {
          const verdict = await signInVerdict(username, address);
          if (!verdict.allowed) {
            const who = verdict.reason === 'user' ? 'this user from your address' : 'your address';
            throw new Error(`Too many failed sign-ins for ${who}. Try again in ${verdict.retryAfterSeconds} s.`);
          }
          // Failures from other addresses slow every attempt for this name down, but never refuse it.
          if (verdict.delayMs) await new Promise((r) => setTimeout(r, verdict.delayMs));
          const db = getDb();
          const valid = userNameSchema.safeParse(username);
          const user = valid.success ? await db.user.findUnique({ where: { name: valid.data } }) : null;
          const ok = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), password);
          if (!user || !ok) {
            await recordSignInFailure(username, address);
            await audit(db, {
              actor: userNameForLog(username),
              action: 'login-failed',
              objectType: 'Session',
              after: { address: address.slice(0, 64) },
            });
            throw new Error('Wrong user name or password.');
          }
          await recordSignInSuccess(username, address);
          await audit(db, { actor: user.name, action: 'login', objectType: 'Session', after: { address: address.slice(0, 64) } });
          return { id: user.id, name: user.name, epoch: user.sessionEpoch };
        });
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        // Signing in: the claims are set once and never slide.
        token.name = user.name;
        token.epoch = (user as { epoch?: number }).epoch ?? 0;
        token.signedInAt = Date.now();
        return token;
      }
      // Every later read: a session past its lifetime is over (next-auth clears its cookie when this throws).
      if (sessionExpired(token.signedInAt)) throw new Error(SESSION_OVER);
      return token;
    },
    session({ session, token }) {
      if (session.user) session.user.name = token.name ?? null;
      Object.assign(session, { epoch: token.epoch, signedInAt: token.signedInAt });
      return session;
    },
  },
};
