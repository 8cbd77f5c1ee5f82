// Sign-in over HTTP from a chosen client address (127.0.0.2, ...), the way a browser does it with
// next-auth's credentials form: the CSRF token, then the callback; the session cookie comes back. A
// browser cannot pick its source address, so the sign-in rules per address are tested through this.
import https from 'node:https';

export interface HttpAnswer {
  status: number;
  body: string;
  cookies: Record<string, string>;
  location: string | null;
}

export function httpRequest(
  baseURL: string,
  path: string,
  opts: {
    method?: string;
    from?: string;
    cookies?: Record<string, string>;
    form?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
): Promise<HttpAnswer> {
  const url = new URL(path, baseURL);
  const body = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.cookies && Object.keys(opts.cookies).length)
    headers.cookie = Object.entries(opts.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
  if (body) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: opts.method ?? (body ? 'POST' : 'GET'),
        headers,
        rejectUnauthorized: false,
        localAddress: opts.from ?? '127.0.0.1',
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          const cookies: Record<string, string> = {};
          for (const c of res.headers['set-cookie'] ?? []) {
            const [pair] = c.split(';');
            const i = pair.indexOf('=');
            cookies[pair.slice(0, i)] = pair.slice(i + 1);
          }
          resolve({ status: res.statusCode ?? 0, body: text, cookies, location: res.headers.location ?? null });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Signs in from `from`; the cookies of the session on success, or the error next-auth sent back. */
export async function signInOverHttp(
  baseURL: string,
  user: string,
  password: string,
  from = '127.0.0.1',
): Promise<{ ok: true; cookies: Record<string, string> } | { ok: false; error: string }> {
  const csrf = await httpRequest(baseURL, '/api/auth/csrf', { from });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const res = await httpRequest(baseURL, '/api/auth/callback/credentials', {
    from,
    cookies: csrf.cookies,
    form: { username: user, password, csrfToken, json: 'true' },
  });
  const url = new URL((JSON.parse(res.body) as { url: string }).url, baseURL);
  const error = url.searchParams.get('error');
  if (error) return { ok: false, error };
  const session = Object.fromEntries(Object.entries(res.cookies).filter(([k, v]) => k.includes('session-token') && v));
  return Object.keys(session).length ? { ok: true, cookies: session } : { ok: false, error: `no session cookie (HTTP ${res.status})` };
}
