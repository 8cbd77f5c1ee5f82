import 'server-only';
import { NextResponse } from 'next/server';
import { authenticateApiKey } from './api-keys';
import { getSessionUser } from './session';
import { AppError, toErrorBody } from '../platform/errors';
import { ValidationError } from '../platform/validation';
import { forbiddenMessage } from './action';
import { roleAllows, type Role } from '../../schemas/roles';
import { resolveClusterId } from '../clusters/clusters';

export interface ApiContext<P> {
  req: Request;
  params: P;
  /** Who is acting: the user name, or "api-key:<name>" */
  actor: string;
  role: Role;
  /** Which cluster the request means, checked against the caller's roles in it (routes made `perCluster`). */
  cluster: ClusterAccess;
}

export interface ClusterAccess {
  /** The cluster named (`asked`, else ?cluster=), or the only one; 403 unless the caller has the route's role in it. */
  one(asked?: string | null): Promise<string>;
  /** For lists: the cluster of ?cluster= (checked), or undefined for every cluster (a caller with roles in chosen clusters must name one unless it has one). */
  filter(): Promise<string | undefined>;
}

interface Caller {
  actor: string;
  who: string;
  role: Role;
  /** Roles in chosen clusters only (cluster id -> role); null: `role` everywhere. */
  grants: Map<string, Role> | null;
}

/** Answers a Response, or any value to send as JSON. */
type Handler<P> = (ctx: ApiContext<P>) => Promise<unknown>;

/** A JSON body larger than this is refused (413) unless the route allows more (restore). */
export const BODY_LIMIT_BYTES = 1024 * 1024;
export const RESTORE_BODY_LIMIT_BYTES = 50 * 1024 * 1024;

const MUTATING = (method: string) => method !== 'GET' && method !== 'HEAD';

/** A browser sends its session cookie on its own: a state change must come from this console's own pages. */
function assertSameOrigin(req: Request) {
  const origin = req.headers.get('origin');
  const host = req.headers.get('host');
  if (origin !== null) {
    let originHost: string | null = null;
    try {
      originHost = origin === 'null' ? null : new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!originHost || originHost !== host)
      throw new AppError(
        'FORBIDDEN',
        `Cross-origin request refused (Origin: ${origin.slice(0, 100)}). Use the console's own pages, or an API key.`,
      );
  }
  if (req.headers.get('sec-fetch-site') === 'cross-site')
    throw new AppError('FORBIDDEN', "Cross-site request refused. Use the console's own pages, or an API key.");
}

async function authenticate(req: Request): Promise<Caller> {
  const authz = req.headers.get('authorization');
  if (authz !== null) {
    const m = /^Bearer\s+(\S+)$/i.exec(authz);
    const key = m ? await authenticateApiKey(m[1]) : null;
    if (!key)
      throw new AppError(
        'UNAUTHENTICATED',
        'The API key is not valid. Create one with `npm run cli -- api-key create --name NAME --role read-only|operator|admin`.',
      );
    return { actor: `api-key:${key.name}`, who: `API key "${key.name}"`, role: key.role, grants: key.grants };
  }
  const user = await getSessionUser();
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in, or send "Authorization: Bearer <api key>".');
  if (MUTATING(req.method)) assertSameOrigin(req);
  return { actor: user.name, who: user.name, role: user.role, grants: null };
}

function clusterAccess(req: Request, caller: Caller, need: Role): ClusterAccess {
  const query = () => new URL(req.url).searchParams.get('cluster');
  const one = async (asked?: string | null) => {
    const id = await resolveClusterId(asked ?? query() ?? (caller.grants?.size === 1 ? [...caller.grants.keys()][0] : null));
    if (caller.grants) {
      const has = caller.grants.get(id);
      if (!has)
        throw new AppError(
          'FORBIDDEN',
          `${caller.who} has no role in cluster ${id}; it may act only in the clusters it was given. Nothing was changed.`,
        );
      if (!roleAllows(has, need)) throw new AppError('FORBIDDEN', `In cluster ${id}: ${forbiddenMessage(caller.who, has, need)}`);
    }
    return id;
  };
  return {
    one,
    filter: async () => (query() || caller.grants ? one() : undefined),
  };
}

/**
 * Wraps every /api/v1 handler: authenticates (session or API key), checks the role the route needs,
 * runs it, and maps errors in one place.
 */
export function apiRoute<P = Record<string, never>>(role: Role, handler: Handler<P>, opts: { perCluster?: boolean } = {}) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const caller = await authenticate(req);
      if (caller.grants) {
        // Roles in chosen clusters: only routes that act inside one cluster, checked there (ctx.cluster).
        if (!opts.perCluster)
          throw new AppError(
            'FORBIDDEN',
            `${caller.who} holds roles in chosen clusters only, and this is console-wide; use a key with a role everywhere. Nothing was changed.`,
          );
      } else if (!roleAllows(caller.role, role)) throw new AppError('FORBIDDEN', forbiddenMessage(caller.who, caller.role, role));
      const cluster = clusterAccess(req, caller, role);
      // A caller with roles in chosen clusters is checked before anything runs (the cluster asked for, or its
      // only one); a handler that names another cluster (a body's) is checked again there.
      if (caller.grants) await cluster.filter();
      const params = (await context?.params) ?? ({} as P);
      const result = await handler({ req, params, actor: caller.actor, role: caller.role, cluster });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      const { status, body } = toErrorBody(err);
      if (err instanceof ValidationError) (body.error as { fields?: unknown }).fields = err.fields;
      const retryAfter = err instanceof AppError && err.retryAfterSeconds ? { 'Retry-After': String(err.retryAfterSeconds) } : undefined;
      return NextResponse.json(body, { status, headers: retryAfter });
    }
  };
}

function tooLarge(limit: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${limit / 1024 / 1024} MB; nothing was read or changed.`);
}

/** Reads the body as text, refusing (413) as soon as it passes `limit` bytes: a large body is never buffered whole. */
export async function readBodyText(req: Request, limit = BODY_LIMIT_BYTES): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a JSON body, or fails with a message that says what was wrong with it. */
export async function readJson(req: Request, limit = BODY_LIMIT_BYTES): Promise<unknown> {
  const text = await readBodyText(req, limit);
  if (!text.trim()) throw new AppError('BAD_REQUEST', 'Send a JSON body.');
  return parseJson(text);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('BAD_REQUEST', 'The body is not valid JSON.');
  }
}

/** A path parameter as text: percent-escapes that are not UTF-8 (e.g. %E0) are a 400 that says so, never a 500. */
export function pathParam(value: string, name: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new AppError('BAD_REQUEST', `The ${name} in the path is not valid percent-encoded UTF-8 (${value.slice(0, 40)}).`, {
      field: name,
    });
  }
}

/** The optional ?version= of a DELETE. */
export function versionParam(req: Request): number | undefined {
  const v = new URL(req.url).searchParams.get('version');
  if (v === null) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new AppError('BAD_REQUEST', '?version= must be the whole number from the last GET.', { field: 'version' });
  return n;
}
