import 'server-only';
import { NextResponse } from 'next/server';
import { authenticateApiKey } from './auth/api-keys';
import { getSessionUser } from './auth/session';
import { AppError, toErrorBody } from './errors';
import { ValidationError } from './validation';

export interface ApiContext<P> {
  req: Request;
  params: P;
  /** Who is acting: the user name, or "api-key:<name>" */
  actor: string;
}

type Handler<P> = (ctx: ApiContext<P>) => Promise<Response | unknown>;

async function authenticate(req: Request): Promise<string> {
  const authz = req.headers.get('authorization');
  if (authz !== null) {
    const m = /^Bearer\s+(\S+)$/i.exec(authz);
    const name = m ? await authenticateApiKey(m[1]) : null;
    if (!name) throw new AppError('UNAUTHENTICATED', 'The API key is not valid. Create one with `npm run cli -- api-key create --name NAME`.');
    return `api-key:${name}`;
  }
  const user = await getSessionUser();
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in, or send "Authorization: Bearer <api key>".');
  // Session cookies are sent by browsers on their own: refuse state changes that come from another origin.
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const origin = req.headers.get('origin');
    const host = req.headers.get('host');
    if (origin && host && new URL(origin).host !== host) {
      throw new AppError('FORBIDDEN', 'Cross-origin request refused.');
    }
  }
  return user.name;
}

/** Wraps every /api/v1 handler: authenticates (session or API key), runs it, maps errors in one place. */
export function apiRoute<P = Record<string, never>>(handler: Handler<P>) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const actor = await authenticate(req);
      const params = (await context?.params) ?? ({} as P);
      const result = await handler({ req, params, actor });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      const { status, body } = toErrorBody(err);
      if (err instanceof ValidationError) (body.error as { fields?: unknown }).fields = err.fields;
      return NextResponse.json(body, { status });
    }
  };
}

/** Reads a JSON body, or fails with a message that says what was wrong with it. */
export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (!text.trim()) throw new AppError('BAD_REQUEST', 'Send a JSON body.');
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('BAD_REQUEST', 'The body is not valid JSON.');
  }
}

/** The optional ?version= of a DELETE. */
export function versionParam(req: Request): number | undefined {
  const v = new URL(req.url).searchParams.get('version');
  if (v === null) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new AppError('BAD_REQUEST', '?version= must be the whole number from the last GET.', { field: 'version' });
  return n;
}
