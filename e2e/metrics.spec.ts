// GET /api/v1/metrics for existing monitoring: Prometheus text with a read-only key, refused without one.
import { request as pwRequest } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { SEED_DR } from '../lib/schemas/seed';

test('a read-only key reads the services and real servers as Prometheus text; no key, no metrics', async ({ server, api }) => {
  // The guide's setup; its directors have no confirmed host key, so nothing is contacted.
  expect((await api.post('config', { data: SEED_DR })).ok()).toBe(true);
  const made = server.cli('api-key', 'create', '--name', `prometheus-${Date.now()}`);
  expect(made.status, made.stderr).toBe(0);
  const monitoring = await pwRequest.newContext({
    baseURL: `${server.baseURL}/api/v1/`,
    ignoreHTTPSErrors: true,
    extraHTTPHeaders: { Authorization: `Bearer ${made.stdout.trim()}` },
  });
  const res = await monitoring.get('metrics');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  const text = await res.text();
  // Every line is a HELP, a TYPE or a sample of the family typed just before it.
  let family = '';
  for (const line of text.trim().split('\n')) {
    const typed = /^# TYPE (\w+) (gauge|counter)$/.exec(line);
    if (typed) family = typed[1];
    else if (!line.startsWith('# HELP ')) expect(line, line).toMatch(new RegExp(`^${family}(\\{[^}]*\\})? -?[0-9.]+$`));
  }
  expect(text).toContain(
    'lvs_real_server_admin_state{cluster="default",service="GW_VIP_L4",real_server="GW01",address="192.168.98.231",director=""} 0',
  );
  expect(text).toContain('lvs_director_up{cluster="default",director="director1",role="primary"} 0');
  // Nothing read from a director yet: no connection counts are made up.
  expect(text).not.toMatch(/^lvs_real_server_active_connections\{/m);
  const anonymous = await pwRequest.newContext({ baseURL: `${server.baseURL}/api/v1/`, ignoreHTTPSErrors: true });
  expect((await anonymous.get('metrics')).status()).toBe(401);
  await monitoring.dispose();
  await anonymous.dispose();
});
