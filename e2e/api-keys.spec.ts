import { expect, test } from './support/fixtures';

test('an API key from the CLI reads the API; without it the API answers 401', async ({ server, playwright }) => {
  const created = server.cli('api-key', 'create', '--name', 'x');
  expect(created.status, created.stderr).toBe(0);
  const key = created.stdout.trim();
  expect(key).toMatch(/^lvs_\S{43}$/);
  expect(created.stderr).toContain('shown only this once');

  const api = await playwright.request.newContext({ ignoreHTTPSErrors: true, baseURL: server.baseURL });
  const ok = await api.get('/api/v1/virtual-services', { headers: { Authorization: `Bearer ${key}` } });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toEqual([]);

  expect((await api.get('/api/v1/virtual-services')).status()).toBe(401);

  const again = server.cli('api-key', 'create', '--name', 'x');
  expect(again.status).toBe(2);
  expect(again.stderr).toContain('An API key named "x" already exists');

  const revoked = server.cli('api-key', 'revoke', '--name', 'x');
  expect(revoked.status).toBe(0);
  const after = await api.get('/api/v1/virtual-services', { headers: { Authorization: `Bearer ${key}` } });
  expect(after.status()).toBe(401);
  await api.dispose();
});
