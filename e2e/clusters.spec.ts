// The Fleet's first piece: the one cluster `default` every console has, with its roll-up (what the
// Fleet page will show per cluster), and its name, site and description.
import { expect, test } from './support/fixtures';

test('GET /api/v1/clusters: the cluster default with its roll-up; PATCH names its site with the version from the last GET', async ({
  api,
  emptyConfig: _,
}) => {
  const [empty] = await (await api.get('clusters')).json();
  expect(empty).toMatchObject({ id: 'default', name: 'default' });
  expect(empty.rollup).toMatchObject({
    services: { up: 0, degraded: 0, down: 0, 'no-real-servers': 0, unknown: 0 },
    realServers: { total: 0 },
    directors: 0,
    activeDirector: null,
    behind: [],
    unreachable: [],
  });

  // A director whose host key is not confirmed (never contacted), a service with two real servers, one drained.
  expect(
    (await api.post('directors', { data: { name: 'director1', host: '127.0.0.1', port: 2201, vrrpInterface: 'eth0' } })).status(),
  ).toBe(201);
  const svc = await (await api.post('virtual-services', { data: { label: 'WEB', ip: '192.168.98.50', ports: '443' } })).json();
  for (const [label, ip, adminState] of [
    ['GW01', '192.168.98.231', 'online'],
    ['GW02', '192.168.98.232', 'drain'],
  ])
    expect((await api.post(`virtual-services/${svc.id}/real-servers`, { data: { label, ip, adminState } })).status()).toBe(201);
  const { rollup } = await (await api.get('clusters/default')).json();
  expect(Object.values(rollup.services as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(1);
  expect(rollup).toMatchObject({
    realServers: { total: 2, drained: 1, halted: 0 },
    directors: 1,
    unconfirmed: ['director1'],
    unreachable: [],
    pendingChanges: true,
    lastApply: null,
  });

  const refused = await api.patch('clusters/default', { data: { version: empty.version, name: 'leeds dc' } });
  expect(refused.status()).toBe(422);
  expect(JSON.stringify(await refused.json())).toContain('letters, digits');
  const named = await api.patch('clusters/default', { data: { version: empty.version, name: 'LEEDS', site: 'Leeds, rack 4' } });
  expect(named.status(), await named.text()).toBe(200);
  expect(await named.json()).toMatchObject({ id: 'default', name: 'LEEDS', site: 'Leeds, rack 4', version: empty.version + 1 });
  const stale = await api.patch('clusters/default', { data: { version: empty.version, description: 'old tab' } });
  expect(stale.status()).toBe(409);
  expect(JSON.stringify(await stale.json())).toContain('was changed meanwhile');
  expect((await api.get('clusters/nope')).status()).toBe(404);
  // Back to its name for the tests that follow.
  await api.patch('clusters/default', { data: { version: empty.version + 1, name: 'default', site: '' } });
});
