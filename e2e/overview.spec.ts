// The System Overview when a director does not answer (a fake one on 127.0.0.1, a port nothing
// listens on): it says so with the reason, shows nothing as healthy, and a drain is stored and
// promised for the director's next contact. The live lab journey is lib/lab/overview.lab.test.ts.
import { expect, test } from './support/fixtures';
import { freePort } from '../lib/runtime/free-port';

test('a director that does not answer is shown unreachable, and nothing is shown healthy', async ({
  signedIn: page,
  server,
  api,
  emptyConfig,
}) => {
  void emptyConfig;
  const port = await freePort();
  const doc = {
    format: 'lvs-console/1',
    virtualServices: [
      {
        label: 'GW_VIP_L4',
        ip: '192.168.98.238',
        ports: '443',
        realServers: [
          { label: 'GW01', ip: '192.168.98.231' },
          { label: 'GW02', ip: '192.168.98.232' },
        ],
      },
      { label: 'BROKER_VIP_L4', ip: '192.168.98.237', ports: '443', realServers: [{ label: 'BRK01', ip: '192.168.98.230' }] },
    ],
    floatingIps: [],
    directors: [{ name: 'director1', host: '127.0.0.1', port, hostKeyFingerprint: `SHA256:${'A'.repeat(43)}` }],
  };
  expect((await api.post('config', { data: doc })).status()).toBe(200);

  await page.goto(`${server.baseURL}/overview`);
  const card = page.getByRole('region', { name: 'Director director1' });
  await expect(card).toContainText('Unreachable');
  await expect(card).toContainText(`Cannot reach director1 at 127.0.0.1:${port}`);
  await expect(card).toContainText('Nothing from it is shown as healthy');
  for (const label of ['GW_VIP_L4', 'BROKER_VIP_L4'])
    await expect(page.getByRole('row', { name: new RegExp(`^${label}`) })).toContainText('Unknown');
  await expect(page.getByRole('table').getByText('All up')).toHaveCount(0);

  // Expand with the keyboard; the rows stay expanded across the page's own updates.
  await page.getByRole('button', { name: /^GW_VIP_L4/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: /^GW_VIP_L4/ })).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('row', { name: /^GW02/ })).toContainText('Unknown · Online');
  await page.waitForTimeout(4_500); // two updates
  await expect(page.getByRole('row', { name: /^GW02/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^GW_VIP_L4/ })).toBeFocused();

  // Filter by text, and by state.
  await page.getByLabel('Filter').fill('broker');
  await expect(page.getByRole('row', { name: /^GW_VIP_L4/ })).toHaveCount(0);
  await expect(page.getByRole('row', { name: /^BROKER_VIP_L4/ })).toBeVisible();
  await page.getByLabel('Filter').fill('');
  await page.getByRole('combobox', { name: 'State' }).selectOption('up');
  await expect(page.getByText('0 of 2 services')).toBeVisible();
  await page.getByRole('combobox', { name: 'State' }).selectOption('');

  // Drain while the director is unreachable: stored now, and it follows at the next contact.
  await page.getByRole('button', { name: 'Drain GW02 in GW_VIP_L4', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'GW02 (GW_VIP_L4): drain.' })).toContainText(
    'director1 takes this state at its next contact',
  );
  await expect(page.getByRole('row', { name: /^GW02/ })).toContainText('Drain');
  await expect(page.getByRole('row', { name: /^GW02/ })).toContainText('not yet on director1');
  const gw = (await (await api.get('virtual-services')).json()).find((s: { label: string }) => s.label === 'GW_VIP_L4');
  const gw02 = (await (await api.get(`virtual-services/${gw.id}/real-servers`)).json()).find((r: { label: string }) => r.label === 'GW02');
  expect(gw02.adminState).toBe('drain');
  // Draining the last online one too would refuse every new connection: refused, nothing changed.
  const gw01 = (await (await api.get(`virtual-services/${gw.id}/real-servers`)).json()).find((r: { label: string }) => r.label === 'GW01');
  const refused = await api.put(`virtual-services/${gw.id}/real-servers/${gw01.id}/state`, { data: { state: 'drain' } });
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error.message).toMatch(
    /GW01 in GW_VIP_L4: Every real server of GW_VIP_L4 would be drained .* Nothing was changed\./,
  );
  const log = await (await api.get('overview')).json();
  expect(log.directors[0]).toMatchObject({ name: 'director1', reachable: false, vrrpState: null, holdsFloatingIps: null });
});

test('above 2,000 real servers a drain reaches the address in every service (one state file per address), and the page offers only that', async ({
  signedIn: page,
  server,
  api,
  emptyConfig,
}) => {
  void emptyConfig;
  const port = await freePort();
  // 21 VIPs x 10 ports, each with the 10 gateways of its VIP: 2,100 real servers on 210 addresses.
  const virtualServices = Array.from({ length: 210 }, (_, n) => ({
    label: `VS_${Math.floor(n / 10)}_${n % 10}`,
    ip: `10.1.0.${Math.floor(n / 10)}`,
    ports: String(8000 + (n % 10)),
    healthCheck: { type: 'none' },
    realServers: Array.from({ length: 10 }, (_, j) => ({ label: `GW${j}`, ip: `172.16.${Math.floor(n / 10)}.${j + 1}` })),
  }));
  const director = { name: 'director1', host: '127.0.0.1', port, hostKeyFingerprint: `SHA256:${'A'.repeat(43)}` };
  expect(
    (await api.post('config', { data: { format: 'lvs-console/1', virtualServices, floatingIps: [], directors: [director] } })).status(),
  ).toBe(200);
  const conf = await (await api.get('render/file?director=director1&path=/etc/keepalived/keepalived.conf')).text();
  expect(conf).toContain('track_file ip-172_16_0_1');
  expect(conf).not.toContain('track_file fw');

  const services = await (await api.get('virtual-services?q=VS_0_&limit=20')).json();
  const vs3 = services.find((s: { label: string }) => s.label === 'VS_0_3');
  const gw0 = (await (await api.get(`virtual-services/${vs3.id}/real-servers`)).json()).find((r: { label: string }) => r.label === 'GW0');
  const res = await api.put(`virtual-services/${vs3.id}/real-servers/${gw0.id}/state`, { data: { state: 'drain' } });
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.scope).toBe('address');
  expect(body.realServers.map((r: { service: string }) => r.service).sort()).toEqual(Array.from({ length: 10 }, (_, p) => `VS_0_${p}`));
  for (const s of services.filter((x: { label: string }) => /^VS_0_\d$/.test(x.label))) {
    const states = (await (await api.get(`virtual-services/${s.id}/real-servers`)).json()).map(
      (r: { label: string; adminState: string }) => `${r.label} ${r.adminState}`,
    );
    expect(states.filter((t: string) => !t.endsWith('online'))).toEqual(['GW0 drain']);
  }

  await page.goto(`${server.baseURL}/overview?q=VS_0_3`);
  await page.getByRole('button', { name: /^VS_0_3/ }).click();
  await expect(
    page.getByText(/one state file per real-server address, so drain, halt and online act on an address in every service/),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Halt GW1 in VS_0_3', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Online 172.16.0.1 in every service', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: ': online' })).toContainText('and 5 more');
  const after = (await (await api.get(`virtual-services/${vs3.id}/real-servers`)).json()).find((r: { label: string }) => r.label === 'GW0');
  expect(after.adminState).toBe('online');
});
