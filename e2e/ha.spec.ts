// Cluster Configuration > High-Availability Configuration without a lab: pairing the one director there
// is, the pair's page (directors whose host key is not confirmed are not contacted), and breaking it.
// The live part (VRRP states, Make this director active) is proven on the lab: lib/lab/ha.lab.test.ts.
import { expect, test, signIn } from './support/fixtures';

test('create a clustered pair from one director, see both side by side, and break it again', async ({
  page,
  server,
  api,
  emptyConfig: _,
}) => {
  // A director that is never contacted: 127.0.0.1 and no confirmed host key.
  const made = await api.post('directors', { data: { name: 'director1', host: '127.0.0.1', port: 2201, vrrpInterface: 'eth0' } });
  expect(made.status(), await made.text()).toBe(201);
  await signIn(page, server);
  await page.goto(`${server.baseURL}/cluster-configuration`);
  await page.getByRole('link', { name: 'High-Availability Configuration' }).click();
  const form = page.getByRole('form', { name: 'Create a clustered pair' });
  await expect(form).toContainText('This director, director1, becomes the primary');

  // The local director's own VRRP address is needed, and the peer's must differ from it.
  await form.getByLabel('Peer SSH address').fill('127.0.0.1');
  await form.getByLabel('SSH port').fill('2202');
  await form.getByLabel("Peer's own address on that interface").fill('192.168.98.22');
  await form.getByRole('button', { name: 'Create clustered pair' }).click();
  await expect(form.getByRole('alert')).toContainText('correct the fields');
  await expect(form.getByLabel("director1's own address on eth0")).toHaveAccessibleDescription(/Enter director1's own address on eth0/);
  expect(await (await api.get('directors')).json()).toHaveLength(1);

  await form.getByLabel("director1's own address on eth0").fill('192.168.98.21');
  await form.getByRole('button', { name: 'Create clustered pair' }).click();
  // The page turns into the pair's, with the next step to take.
  await expect(page.getByRole('status').filter({ hasText: 'Confirm the host key' })).toContainText(
    'Confirm the host key of director1 and director2 (Local Configuration > Directors > Test connection), then apply.',
  );
  const directors = await (await api.get('directors')).json();
  expect(directors.map((d: { name: string; role: string; vrrpAddress: string }) => `${d.name} ${d.role} ${d.vrrpAddress}`).sort()).toEqual([
    'director1 primary 192.168.98.21',
    'director2 secondary 192.168.98.22',
  ]);

  for (const name of ['director1', 'director2']) {
    const card = page.getByRole('region', { name: `Director ${name}` });
    await expect(card).toContainText('Host key not confirmed: not contacted.');
    await expect(card.getByRole('button', { name: `Make ${name} active` })).toBeDisabled();
  }
  await expect(page.getByRole('status').filter({ hasText: 'floating IPs' })).toHaveText('No director holds the floating IPs right now.');
  const own = page.getByRole('table', { name: 'Each director’s own settings' });
  await expect(own.getByRole('row', { name: /director2/ })).toContainText('root@127.0.0.1:2202');

  // Failover speed: 0.5 s needs VRRPv3 (refused on its field with what to do); with it, saved, and the takeover worked out.
  const speed = page.getByRole('form', { name: 'Failover speed' });
  await expect(speed).toContainText('If director1 is active and fails, director2 (priority 100) takes over after about 3.61 s');
  await speed.getByLabel('Advert interval (s)').fill('0.5');
  await speed.getByRole('button', { name: 'Save failover speed' }).click();
  await expect(speed.getByLabel('Advert interval (s)')).toHaveAccessibleDescription(/needs VRRP version 3 .* set the VRRP version to 3/);
  expect((await (await api.get('settings')).json()).vrrpAdvertInterval).toBe(1);
  await speed.getByLabel('VRRP version').selectOption('3');
  await speed.getByLabel('Advert interval (s)').fill('0.2');
  await expect(speed).toContainText('takes over after about 0.72 s');
  await speed.getByRole('button', { name: 'Save failover speed' }).click();
  await expect(speed.getByRole('status')).toContainText('Saved. Apply the configuration');
  expect(await (await api.get('settings')).json()).toMatchObject({ vrrpVersion: 3, vrrpAdvertInterval: 0.2 });

  await page.getByRole('button', { name: 'Break clustered pair…' }).click();
  await page.getByRole('button', { name: 'Yes, break the pair' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'no longer part of the pair' })).toContainText(
    'director2 is no longer part of the pair; director1 runs alone from the next apply. Stop keepalived on director2',
  );
  await expect(page.getByRole('form', { name: 'Create a clustered pair' })).toBeVisible();
  expect((await (await api.get('directors')).json()).map((d: { name: string }) => d.name)).toEqual(['director1']);
});

test('make-active is refused with the reason when there is no pair', async ({ api, emptyConfig: _ }) => {
  const made = await (await api.post('directors', { data: { name: 'solo', host: '127.0.0.1', port: 2203 } })).json();
  const res = await api.post(`directors/${made.id}/make-active`);
  expect(res.status()).toBe(409);
  expect((await res.json()).error.message).toBe('solo is the only director: there is no pair to move the floating IPs within.');
});

test('break pair refuses while the secondary cannot be read, until the admin confirms it is gone for good', async ({
  page,
  server,
  api,
  emptyConfig: _,
}) => {
  // Both confirmed, both on 127.0.0.1 ports where nothing listens: the secondary cannot be read.
  const key = `SHA256:${'C'.repeat(43)}`;
  expect(
    (
      await api.post('directors', {
        data: { name: 'director1', host: '127.0.0.1', port: 2211, vrrpAddress: '192.168.98.21', hostKeyFingerprint: key },
      })
    ).status(),
  ).toBe(201);
  expect(
    (
      await api.post('directors', {
        data: {
          name: 'director2',
          role: 'secondary',
          host: '127.0.0.1',
          port: 2212,
          vrrpAddress: '192.168.98.22',
          hostKeyFingerprint: key,
        },
      })
    ).status(),
  ).toBe(201);
  await signIn(page, server);
  await page.goto(`${server.baseURL}/cluster-configuration/high-availability`);
  await page.getByRole('button', { name: 'Break clustered pair…' }).click();
  await page.getByRole('button', { name: 'Yes, break the pair' }).click();
  const section = page.getByRole('region', { name: 'Break clustered pair' });
  await expect(section.getByRole('alert')).toContainText(
    /^director2 cannot be read \(.*\), so the console cannot tell whether it still holds or claims the floating IPs\./,
  );
  expect(await (await api.get('directors')).json()).toHaveLength(2);
  const anyway = page.getByRole('button', { name: 'Break the pair anyway' });
  await expect(anyway).toBeDisabled();
  await section.getByLabel(/The secondary is gone for good/).check();
  await anyway.click();
  await expect(page.getByRole('status').filter({ hasText: 'no longer part of the pair' })).toContainText(
    'director2 is no longer part of the pair',
  );
  expect((await (await api.get('directors')).json()).map((d: { name: string }) => d.name)).toEqual(['director1']);
});
