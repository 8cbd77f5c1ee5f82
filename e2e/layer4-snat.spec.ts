// Layer 4 SNAT and Auto-NAT in the WebUI: the forwarding method on the service form, what its real
// servers need (nothing), and Auto-NAT on the Layer 4 Advanced Configuration page. The traffic itself
// is proven on the lab (lib/lab/apply.lab.test.ts, lib/lab/webui-apply.lab.test.ts).
import { expect, test, signIn } from './support/fixtures';

test('a Layer 4 SNAT service from the form: a translated port allowed, and its real server’s page says there is nothing to change', async ({
  page,
  server,
  api,
  emptyConfig: _,
}) => {
  await signIn(page, server);
  await page.goto(`${server.baseURL}/cluster-configuration/virtual-services`);
  await page.getByRole('link', { name: 'Add a new Virtual Service' }).click();
  await page.getByLabel('Label').fill('WEB_SNAT');
  await page.getByLabel('IP Address', { exact: true }).fill('192.168.98.150');
  await page.getByLabel('Ports').fill('8080');
  await page.getByLabel('Forwarding Method').selectOption({ label: 'Layer 4 SNAT' });
  await page.getByLabel('Check Type').selectOption({ label: 'Connect to port' });
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByRole('status')).toContainText('Saved WEB_SNAT');
  await expect(page.getByRole('row', { name: /WEB_SNAT/ })).toContainText('Layer 4 SNAT');
  const [svc] = await (await api.get('virtual-services')).json();
  expect(svc.forwarding).toBe('snat');

  await page.goto(`${server.baseURL}/cluster-configuration/real-servers`);
  await page.getByRole('link', { name: 'Add a new Real Server to WEB_SNAT' }).click();
  await page.getByLabel('Label').fill('GW01');
  await page.getByLabel('Real Server IP Address').fill('192.168.98.231');
  await page.getByLabel('Real Server Port').fill('80');
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByRole('status')).toContainText('Saved GW01');
  const [rs] = await (await api.get(`virtual-services/${svc.id}/real-servers`)).json();
  expect(rs.port).toBe(80);

  await page.getByRole('table', { name: 'Real servers of WEB_SNAT' }).getByRole('link', { name: 'Modify GW01 of WEB_SNAT' }).click();
  const prep = page.getByRole('region', { name: 'Preparing 192.168.98.231' });
  await expect(prep).toContainText('Layer 4 SNAT (WEB_SNAT): nothing to change on this server (no ARP change, no route change)');
  await expect(prep).toContainText('coming from the active director’s own address, not from the client’s');
  await expect(prep.getByText('Method 1: ARP behaviour and loopback interface (preferred)')).toHaveCount(0);

  // The API refuses a method it does not know, naming the three it does.
  const bad = await api.post('virtual-services', { data: { label: 'X', ip: '192.168.98.151', ports: '80', forwarding: 'fullnat' } });
  expect(bad.status()).toBe(422);
  expect(JSON.stringify(await bad.json())).toContain('Choose dr (Direct Routing), nat or snat (Layer 4 SNAT).');
});

test('Auto-NAT on the Layer 4 Advanced Configuration page: off by default, a bad interface refused on its field, saved, and off again', async ({
  page,
  server,
  api,
  emptyConfig: _,
}) => {
  await signIn(page, server);
  await page.goto(`${server.baseURL}/cluster-configuration`);
  await page.getByRole('link', { name: 'Layer 4 Advanced Configuration' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Layer 4 Advanced Configuration' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Auto-NAT' });
  await expect(form).toContainText('Now: off');
  await expect(form).toContainText('No NAT-mode real server yet: nothing to masquerade.');
  await expect(form.getByLabel('External interface on the directors')).toBeDisabled();

  await form.getByLabel(/Masquerade NAT-mode real servers/).check();
  await form.getByLabel('External interface on the directors').fill('eth0; reboot');
  await form.getByRole('button', { name: 'Save Auto-NAT' }).click();
  await expect(form.getByRole('alert')).toContainText('correct the fields');
  await expect(form.getByLabel('External interface on the directors')).toHaveAccessibleDescription(/as ip link shows it, e\.g\. eth0/);
  expect((await (await api.get('settings')).json()).autoNatInterface).toBe('');

  await form.getByLabel('External interface on the directors').fill('ens18');
  await form.getByRole('button', { name: 'Save Auto-NAT' }).click();
  await expect(form.getByRole('status')).toContainText('Saved. Apply the configuration');
  expect((await (await api.get('settings')).json()).autoNatInterface).toBe('ens18');
  await page.reload();
  await expect(page.getByRole('form', { name: 'Auto-NAT' })).toContainText('Now: on, masquerading to ens18’s address');

  // The same setting through the API, and off again from the page.
  const put = await api.put('settings', { data: { autoNatInterface: 'eth 0' } });
  expect(put.status()).toBe(422);
  expect(JSON.stringify(await put.json())).toContain('as ip link shows it');
  await page
    .getByRole('form', { name: 'Auto-NAT' })
    .getByLabel(/Masquerade NAT-mode real servers/)
    .uncheck();
  await page.getByRole('form', { name: 'Auto-NAT' }).getByRole('button', { name: 'Save Auto-NAT' }).click();
  await expect(page.getByRole('form', { name: 'Auto-NAT' }).getByRole('status')).toContainText('Saved.');
  expect((await (await api.get('settings')).json()).autoNatInterface).toBe('');
});
