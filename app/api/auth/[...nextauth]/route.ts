// /api/auth/* - next-auth's sign-in, sign-out, session and CSRF endpoints (public by design)
import NextAuth from 'next-auth';
import { authOptions } from '@/lib/server/auth/options';

// next-auth types its App Router handler loosely; it is a route handler.
const handler = NextAuth(authOptions) as (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

export { handler as GET, handler as POST };
