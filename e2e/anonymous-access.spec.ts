import { expect, test } from './support/fixtures';
import { appEntries } from './support/app-routes';

// The only entry points that answer without a session or an API key.
const PUBLIC_PAGES = new Set(['/login', '/setup']);
const PUBLIC_ROUTES = new Set(['/api/health', '/api/auth/[...nextauth]']);

const entries = appEntries();

test('the route tree is enumerated (pages, REST routes and their methods)', () => {
  const patterns = entries.map((e) => e.pattern);
  expect(patterns).toEqual(
    expect.arrayContaining(['/', '/overview', '/logs', '/login', '/setup', '/api/health', '/api/v1/virtual-services']),
  );
  expect(entries.find((e) => e.pattern === '/api/v1/virtual-services')?.methods).toContain('GET');
  expect(entries.find((e) => e.pattern === '/api/auth/[...nextauth]')?.methods).toEqual(['GET', 'POST']);
});

test.describe('without a session or an API key', () => {
  for (const entry of entries.filter((e) => e.kind === 'page' && !PUBLIC_PAGES.has(e.pattern))) {
    test(`page ${entry.pattern} redirects to the login page and shows nothing`, async ({ server, playwright }) => {
      const anon = await playwright.request.newContext({ ignoreHTTPSErrors: true, baseURL: server.baseURL });
      const res = await anon.get(entry.url, { maxRedirects: 0 });
      expect(res.status(), entry.url).toBe(307);
      expect(new URL(res.headers()['location'], server.baseURL).pathname).toBe('/login');
      // A React Server Components request (what client-side navigation sends) gets no page data either.
      const rsc = await anon.get(entry.url, { headers: { RSC: '1' } });
      const body = await rsc.text();
      expect(body).not.toContain('Signed in as');
      expect(body).not.toContain('Main menu');
      await anon.dispose();
    });
  }

  for (const entry of entries.filter((e) => e.kind === 'route' && !PUBLIC_ROUTES.has(e.pattern))) {
    for (const method of entry.methods) {
      test(`${method} ${entry.pattern} answers 401 without credentials, with a bad key and with other schemes`, async ({
        server,
        playwright,
      }) => {
        const anon = await playwright.request.newContext({ ignoreHTTPSErrors: true, baseURL: server.baseURL });
        const attempts: Record<string, string>[] = [
          {},
          { Authorization: 'Bearer lvs_not-a-real-key' },
          { Authorization: `Basic ${Buffer.from('loadbalancer:e2e-admin-password-1').toString('base64')}` },
        ];
        for (const headers of attempts) {
          const res = await anon.fetch(entry.url, {
            method,
            headers,
            data: method === 'GET' || method === 'HEAD' ? undefined : {},
            maxRedirects: 0,
          });
          expect(res.status(), `${method} ${entry.url} with ${JSON.stringify(headers)}`).toBe(401);
          if (method !== 'HEAD') expect((await res.json()).error.code).toBe('UNAUTHENTICATED');
        }
        await anon.dispose();
      });
    }
  }

  test('the public routes reveal nothing about the configuration', async ({ server, playwright }) => {
    const anon = await playwright.request.newContext({ ignoreHTTPSErrors: true, baseURL: server.baseURL });
    const health = await anon.get('/api/health');
    expect(health.status()).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', leader: true }); // alone on its database, it leads
    const session = await anon.get('/api/auth/session');
    expect(await session.json()).toEqual({});
    await anon.dispose();
  });
});

test('with a session, every page of the menu opens and says what it is', async ({ signedIn: page, server }) => {
  for (const entry of entries.filter((e) => e.kind === 'page' && !PUBLIC_PAGES.has(e.pattern) && !e.pattern.includes('['))) {
    const res = await page.goto(`${server.baseURL}${entry.url}`);
    expect(res?.status(), entry.url).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
});
