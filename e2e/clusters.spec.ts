// Clusters: the cluster `default` every console has, with its roll-up (what the
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

test('a second cluster: its director and service are listed only with ?cluster=; a key with a role there only is refused in default and applies its own, which contacts only its director; delete only when empty', async ({
  api,
  server,
  signedIn: page,
  emptyConfig: _,
}) => {
  const made = await api.post('clusters', { data: { name: 'YORK', site: 'York, hall 2' } });
  expect(made.status(), await made.text()).toBe(201);
  const york = await made.json();
  expect(york).toMatchObject({ name: 'YORK', site: 'York, hall 2', rollup: { directors: 0 } });
  expect((await api.post('clusters', { data: { name: 'YORK' } })).status()).toBe(409);
  let keyName = '';
  let hullId = '';
  try {
    // A director that nothing answers for (127.0.0.1:9, its host key pinned up front, so the console tries it).
    const dir = await api.post('directors', {
      data: {
        clusterId: york.id,
        name: 'york1',
        host: '127.0.0.1',
        port: 9,
        vrrpInterface: 'eth0',
        hostKeyFingerprint: `SHA256:${'A'.repeat(43)}`,
      },
    });
    expect(dir.status(), await dir.text()).toBe(201);
    expect(await dir.json()).toMatchObject({ clusterId: york.id });
    // The same label and address in both clusters (two sites), but not twice in one.
    const service = { label: 'WEB', ip: '192.168.98.50', ports: '443' };
    expect((await api.post('virtual-services', { data: { ...service, clusterId: 'default' } })).status()).toBe(201);
    expect((await api.post('virtual-services', { data: { ...service, clusterId: york.id } })).status()).toBe(201);
    expect((await api.post('virtual-services', { data: { ...service, clusterId: 'YORK' } })).status()).toBe(409);

    const names = async (path: string) =>
      ((await (await api.get(path)).json()) as { name?: string; label?: string; clusterId: string }[]).map(
        (x) => `${x.name ?? x.label}@${x.clusterId}`,
      );
    expect(await names('directors?cluster=default')).toEqual([]);
    expect(await names(`directors?cluster=${york.id}`)).toEqual([`york1@${york.id}`]);
    expect(await names('directors?cluster=YORK')).toEqual([`york1@${york.id}`]);
    expect(await names('virtual-services?cluster=default')).toEqual(['WEB@default']);
    expect(await names(`virtual-services?cluster=${york.id}`)).toEqual([`WEB@${york.id}`]);
    expect((await names('virtual-services')).sort()).toEqual(['WEB@default', `WEB@${york.id}`].sort());
    expect((await api.get('directors?cluster=nowhere')).status()).toBe(404);
    // Each site's service address is its own floating IP: the same address once per cluster.
    const addresses = async (c: string) =>
      ((await (await api.get(`floating-ips?cluster=${c}`)).json()) as { address: string }[]).map((f) => f.address);
    expect(await addresses('default')).toEqual(['192.168.98.50']);
    expect(await addresses('YORK')).toEqual(['192.168.98.50']);

    // The CLI names them too.
    const listed = server.cli('cluster', 'list');
    expect(listed.stdout).toMatch(/^YORK\s+\S+\s+York, hall 2\s+1\s+1\s+-\s+never$/m);
    expect(server.cli('vs', 'list', '--cluster', 'YORK').stdout).toContain('192.168.98.50');
    expect(server.cli('director', 'list', '--cluster', 'default').stdout).toContain('no directors');
    const unnamed = server.cli('apply');
    expect(unnamed.status).toBe(2);
    expect(unnamed.stderr).toContain('--cluster NAME');

    // With two clusters, an apply must say which.
    const which = await api.post('apply', { data: {} });
    expect(which.status()).toBe(400);
    expect((await which.json()).error.message).toContain('more than one cluster');

    // An operator in YORK only.
    keyName = `york-op-${Date.now()}`;
    const key = server.cli('api-key', 'create', '--name', keyName, '--clusters', 'YORK=operator');
    expect(key.status, key.stderr).toBe(0);
    expect(key.stderr).toContain('in clusters YORK=operator only');
    expect(server.cli('api-key', 'list').stdout).toContain(`${keyName}\tin clusters YORK=operator only\t`);
    const as = (method: 'get' | 'post', path: string, data?: unknown) =>
      api[method](path, { headers: { Authorization: `Bearer ${key.stdout.trim()}` }, ...(data ? { data } : {}) });
    const elsewhere = await as('post', 'apply?cluster=default', {});
    expect(elsewhere.status()).toBe(403);
    expect((await elsewhere.json()).error.message).toContain('has no role in cluster default');
    expect((await as('post', 'apply', { cluster: 'default' })).status()).toBe(403);
    expect((await as('get', 'settings')).status()).toBe(403); // console-wide
    expect((await as('post', `virtual-services`, { ...service, label: 'MORE', clusterId: york.id })).status()).toBe(403); // admin
    expect(await names('virtual-services?cluster=default')).toEqual(['WEB@default']);
    const mine = (await (await as('get', 'virtual-services')).json()) as { clusterId: string }[];
    expect(mine.map((s) => s.clusterId)).toEqual([york.id]);
    expect(((await (await as('get', 'clusters')).json()) as { id: string }[]).map((c) => c.id)).toEqual([york.id]);

    const started = await as('post', 'apply', { comment: 'york only', cluster: 'YORK' });
    expect(started.status(), await started.text()).toBe(202);
    const { id } = await started.json();
    let run: { status: string; clusterId: string; error: string | null; steps: { director: string | null }[] } | undefined;
    await expect.poll(async () => (run = await (await as('get', `apply/${id}`)).json()).status, { timeout: 30_000 }).not.toBe('running');
    expect(run!.status).toBe('failed');
    expect(run!.clusterId).toBe(york.id);
    expect(run!.error).toContain('127.0.0.1');
    expect(new Set(run!.steps.map((s) => s.director).filter(Boolean))).toEqual(new Set(['york1']));

    // The Fleet roll-up: YORK's director unreachable once the poller has tried it; default has none.
    await expect
      .poll(
        async () => ((await (await api.get(`clusters/${york.id}`)).json()) as { rollup: { unreachable: string[] } }).rollup.unreachable,
        {
          timeout: 20_000,
        },
      )
      .toEqual(['york1']);
    const fleet = (await (await api.get('clusters')).json()) as {
      name: string;
      rollup: { directors: number; lastApply: { status: string } | null };
    }[];
    expect(fleet.map((c) => `${c.name}:${c.rollup.directors}:${c.rollup.lastApply?.status ?? 'never'}`).sort()).toEqual([
      'YORK:1:failed',
      'default:0:never',
    ]);

    // The Fleet page, linked from the header once there are two clusters: each row in words.
    await page.goto(`${server.baseURL}/overview`);
    await page.getByRole('link', { name: 'Fleet (2 clusters)' }).click();
    await expect(page).toHaveURL(/\/fleet$/);
    const row = page.getByRole('row', { name: /^YORK/ });
    await expect(row).toContainText('York, hall 2');
    await expect(row).toContainText('1: 1 without real servers');
    await expect(row).toContainText('york1 not read; no active director');
    await expect(row).toContainText('Unreachable: york1');
    await expect(row).toContainText(`failed, `);
    await expect(row).toContainText(`by api-key:${keyName}`);
    await expect(page.getByRole('row', { name: /^default/ })).toContainText('Nothing');

    // Backup of one cluster (required to say which); a new site cloned from it: its services, not its directors.
    expect((await api.get('config')).status()).toBe(400);
    const backup = await (await api.get('config?cluster=YORK')).json();
    expect(backup.virtualServices.map((v: { label: string }) => v.label)).toEqual(['WEB']);
    expect(backup.directors.map((d: { name: string }) => d.name)).toEqual(['york1']);
    const hull = await api.post('clusters', { data: { name: 'HULL', cloneFrom: 'YORK' } });
    expect(hull.status(), await hull.text()).toBe(201);
    hullId = (await hull.json()).id;
    expect(await names(`virtual-services?cluster=${hullId}`)).toEqual([`WEB@${hullId}`]);
    expect(await names(`directors?cluster=${hullId}`)).toEqual([]);

    // Not while it holds anything; then gone, with its runs.
    const full = await api.delete(`clusters/${york.id}`);
    expect(full.status()).toBe(409);
    expect((await full.json()).error.message).toContain('not empty (1 directors, 1 virtual services, 1 floating IPs)');
  } finally {
    if (hullId) {
      expect(
        (
          await api.post(`config?cluster=${hullId}`, {
            data: { format: 'lvs-console/1', virtualServices: [], floatingIps: [], directors: [] },
          })
        ).status(),
      ).toBe(200);
      expect((await api.delete(`clusters/${hullId}`)).status()).toBe(204);
    }
    for (const s of (await (await api.get(`virtual-services?cluster=${york.id}`)).json()) as { id: string }[])
      await api.delete(`virtual-services/${s.id}`);
    for (const d of (await (await api.get(`directors?cluster=${york.id}`)).json()) as { id: string }[])
      await api.delete(`directors/${d.id}`);
    if (keyName) server.cli('api-key', 'revoke', '--name', keyName);
    expect((await api.delete(`clusters/${york.id}`)).status()).toBe(204);
  }
  expect(((await (await api.get('clusters')).json()) as { id: string }[]).map((c) => c.id)).toEqual(['default']);
  await page.goto(`${server.baseURL}/overview`);
  await expect(page.getByRole('heading', { name: 'System Overview' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Fleet/ })).toHaveCount(0); // one cluster: no Fleet in the header
  expect((await api.delete('clusters/default')).status()).toBe(409);
});

test("the header's cluster switcher: every page inside the chosen cluster (?cluster= in the address, kept by the menu), its forms adding there and its Apply going to that cluster's directors only", async ({
  api,
  server,
  signedIn: page,
  emptyConfig: _,
}) => {
  // One cluster: no switcher.
  await page.goto(`${server.baseURL}/overview`);
  await expect(page.getByRole('heading', { name: 'System Overview', exact: true })).toBeVisible();
  await expect(page.getByLabel('Cluster', { exact: true })).toHaveCount(0);

  const york = await (await api.post('clusters', { data: { name: 'YORK', site: 'York, hall 2' } })).json();
  const ids = async (path: string) => ((await (await api.get(path)).json()) as { id: string }[]).map((x) => x.id);
  try {
    expect(
      (
        await api.post('virtual-services', { data: { label: 'LEEDS_WEB', ip: '192.168.98.50', ports: '443', clusterId: 'default' } })
      ).status(),
    ).toBe(201);
    expect(
      (await api.post('virtual-services', { data: { label: 'YORK_WEB', ip: '192.168.98.60', ports: '443', clusterId: york.id } })).status(),
    ).toBe(201);
    const main = page.locator('main');

    // default's overview (the address without ?cluster=) shows default's service only.
    await page.goto(`${server.baseURL}/overview`);
    await expect(main.getByText('LEEDS_WEB')).toBeVisible();
    await expect(main.getByText('YORK_WEB')).toHaveCount(0);
    const switcher = page.getByLabel('Cluster', { exact: true });
    await expect(switcher).toHaveValue('default');
    await expect(switcher.locator('option')).toHaveText(['default', 'YORK (York, hall 2)']);

    // The switcher, with the keyboard: YORK's overview, its service only, and it stays there on refresh.
    await switcher.selectOption('YORK');
    await page.getByRole('button', { name: 'Show cluster' }).press('Enter');
    await expect(page).toHaveURL(/\/overview\?cluster=YORK$/);
    await expect(page.getByRole('heading', { name: 'System Overview: YORK' })).toBeVisible();
    await expect(main.getByText('YORK_WEB')).toBeVisible();
    await expect(main.getByText('LEEDS_WEB')).toHaveCount(0);
    await expect(page.getByLabel('Cluster', { exact: true })).toHaveValue('YORK');
    const refreshed = page.waitForResponse((r) => r.url().includes('/api/v1/overview?') && r.url().includes('cluster=YORK'));
    await refreshed;
    await expect(main.getByText('YORK_WEB')).toBeVisible();

    // The menu keeps the cluster; the list and its Add form work inside it.
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Cluster Configuration' }).click();
    await expect(page).toHaveURL(/\/cluster-configuration\?cluster=YORK$/);
    await main.getByRole('link', { name: 'Layer 4 Virtual Services' }).click();
    await expect(page).toHaveURL(/\/cluster-configuration\/virtual-services\?cluster=YORK$/);
    await expect(page.getByRole('heading', { name: 'Layer 4 Virtual Services in YORK' })).toBeVisible();
    await expect(main.getByRole('row', { name: /YORK_WEB/ })).toBeVisible();
    await expect(main.getByRole('row', { name: /LEEDS_WEB/ })).toHaveCount(0);
    await page.getByRole('link', { name: 'Add a new Virtual Service' }).click();
    await expect(page).toHaveURL(/\/virtual-services\/new\?cluster=YORK$/);
    await page.getByLabel('Label').fill('YORK_RDP');
    // The address of default's service: another site may use it.
    await page.getByLabel('IP Address', { exact: true }).fill('192.168.98.50');
    await page.getByLabel('Ports').fill('3389');
    await page.getByRole('button', { name: 'Update' }).click();
    await expect(page).toHaveURL(/\/virtual-services\?saved=YORK_RDP&cluster=YORK$/);
    await expect(main.getByText('Saved YORK_RDP')).toBeVisible();
    await expect(main.getByRole('row', { name: /YORK_RDP/ })).toBeVisible();
    const labels = async (c: string) =>
      ((await (await api.get(`virtual-services?cluster=${c}`)).json()) as { label: string }[]).map((s) => s.label).sort();
    expect(await labels('YORK')).toEqual(['YORK_RDP', 'YORK_WEB']);
    expect(await labels('default')).toEqual(['LEEDS_WEB']);

    // A floating IP added on YORK's page is YORK's.
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Cluster Configuration' }).click();
    await main.getByRole('link', { name: 'Floating IPs' }).click();
    await expect(page.getByRole('heading', { name: 'Floating IPs in YORK' })).toBeVisible();
    const newIp = page.getByRole('form', { name: 'New Floating IP' });
    await newIp.getByLabel('IP Address').fill('10.9.0.1');
    await newIp.getByRole('button', { name: /Add/ }).click();
    await expect(newIp.getByText('Added 10.9.0.1/32.')).toBeVisible();
    const addresses = async (c: string) =>
      ((await (await api.get(`floating-ips?cluster=${c}`)).json()) as { address: string }[]).map((f) => f.address).sort();
    expect(await addresses('YORK')).toEqual(['10.9.0.1', '192.168.98.50', '192.168.98.60']);
    expect(await addresses('default')).toEqual(['192.168.98.50']);

    // A director added on YORK's Directors page is YORK's (127.0.0.1, its host key not confirmed: never contacted).
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Local Configuration' }).click();
    await main.getByRole('link', { name: 'Directors' }).click();
    await expect(page.getByRole('heading', { name: 'Directors of YORK' })).toBeVisible();
    const add = page.getByRole('form', { name: 'Add a director' });
    await add.getByLabel('Name').fill('york1');
    await add.getByLabel('SSH address').fill('127.0.0.1');
    await add.getByRole('button', { name: 'Add director' }).click();
    await expect(add.getByText(/Added york1/)).toBeVisible();
    expect(await ids('directors?cluster=default')).toEqual([]);
    expect((await ids('directors?cluster=YORK')).length).toBe(1);

    // The Apply page speaks of YORK's changes; the banner links keep the cluster.
    await page.getByRole('region', { name: 'Pending changes' }).getByRole('link', { name: 'Review and apply' }).click();
    await expect(page).toHaveURL(/\/maintenance\/apply\?cluster=YORK$/);
    await expect(page.getByRole('heading', { name: 'Apply to YORK' })).toBeVisible();
    await expect(main.getByText(/york1: \/etc\/keepalived\/keepalived.conf/)).toBeVisible();

    // The Fleet's rows open each cluster; an unknown cluster is not found.
    await page.getByRole('link', { name: 'Fleet (2 clusters)' }).click();
    await page
      .getByRole('row', { name: /^default/ })
      .getByRole('link', { name: 'default' })
      .click();
    await expect(page).toHaveURL(/\/overview$/);
    await expect(page.getByLabel('Cluster', { exact: true })).toHaveValue('default');
    expect((await page.goto(`${server.baseURL}/overview?cluster=NOWHERE`))!.status()).toBe(404);
  } finally {
    for (const id of await ids(`virtual-services?cluster=${york.id}`)) await api.delete(`virtual-services/${id}`);
    for (const id of await ids(`directors?cluster=${york.id}`)) await api.delete(`directors/${id}`);
    for (const id of await ids(`floating-ips?cluster=${york.id}`)) await api.delete(`floating-ips/${id}`);
    expect((await api.delete(`clusters/${york.id}`)).status()).toBe(204);
  }
});

test('a backup of every cluster in one file: restored into a console that lost a cluster, it makes that cluster again with its services; a file with a bad cluster changes nothing and names it', async ({
  api,
  server,
  emptyConfig: _,
}) => {
  const york = await (await api.post('clusters', { data: { name: 'YORK', site: 'York, hall 2' } })).json();
  const labels = async (c: string) =>
    ((await (await api.get(`virtual-services?cluster=${c}`)).json()) as { label: string }[]).map((s) => s.label).sort();
  const clusterNames = async () => ((await (await api.get('clusters')).json()) as { name: string }[]).map((c) => c.name).sort();
  let yorkId: string = york.id;
  try {
    await api.post('virtual-services', { data: { label: 'LEEDS_WEB', ip: '192.168.98.50', ports: '443', clusterId: 'default' } });
    await api.post('virtual-services', { data: { label: 'YORK_WEB', ip: '192.168.98.50', ports: '443', clusterId: york.id } });
    const res = await api.get('clusters/backup?download=1');
    expect(res.headers()['content-disposition']).toMatch(/attachment; filename="lvs-console-all-clusters-.*\.json"/);
    const backup = await res.json();
    expect(backup.format).toBe('lvs-console-fleet/1');
    expect(backup.clusters.map((c: { name: string; site: string }) => `${c.name}|${c.site}`).sort()).toEqual([
      'YORK|York, hall 2',
      'default|',
    ]);

    // YORK lost (emptied and deleted), default changed.
    await api.post(`config?cluster=${york.id}`, { data: { format: 'lvs-console/1', virtualServices: [], floatingIps: [], directors: [] } });
    expect((await api.delete(`clusters/${york.id}`)).status()).toBe(204);
    await api.post('virtual-services', { data: { label: 'LEEDS_NEW', ip: '192.168.98.51', ports: '80', clusterId: 'default' } });

    // A file whose YORK has a service without a label: refused, naming YORK; nothing made.
    const bad = structuredClone(backup);
    bad.clusters.find((c: { name: string }) => c.name === 'YORK').configuration.virtualServices[0].label = '';
    const refused = await api.post('clusters/backup', { data: bad });
    expect(refused.status()).toBe(422);
    expect((await refused.json()).error.message).toContain('YORK: virtualServices[0].label');
    expect(await clusterNames()).toEqual(['default']);

    const dry = await (await api.post('clusters/backup?dryRun=1', { data: backup })).json();
    expect(dry.clusters.find((c: { name: string }) => c.name === 'YORK')).toMatchObject({ created: true });
    expect(await clusterNames()).toEqual(['default']);

    const restored = await api.post('clusters/backup', { data: backup });
    expect(restored.status(), await restored.text()).toBe(200);
    expect(await clusterNames()).toEqual(['YORK', 'default']);
    yorkId = ((await (await api.get('clusters')).json()) as { id: string; name: string }[]).find((c) => c.name === 'YORK')!.id;
    expect(await labels('YORK')).toEqual(['YORK_WEB']);
    expect(await labels('default')).toEqual(['LEEDS_WEB']);
    const york2 = await (await api.get(`clusters/${yorkId}`)).json();
    expect(york2.site).toBe('York, hall 2');

    // The CLI: export --all, and import of that file (dry run).
    const out = server.cli('export', '--all');
    expect(out.status, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout).clusters).toHaveLength(2);
    expect(server.cli('export').stderr).toContain('--cluster NAME');
  } finally {
    await api.post(`config?cluster=${yorkId}`, { data: { format: 'lvs-console/1', virtualServices: [], floatingIps: [], directors: [] } });
    expect((await api.delete(`clusters/${yorkId}`)).status()).toBe(204);
  }
});
