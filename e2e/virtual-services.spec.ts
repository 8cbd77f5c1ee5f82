import { expect, test, signIn } from './support/fixtures';
import type { Page } from '@playwright/test';

/** From the Layer 4 Virtual Services page, as the guide's section 10 does it. */
async function addService(
  page: Page,
  s: { label: string; ip: string; ports: string; protocol: string; request: string; response: string },
) {
  await page.getByRole('link', { name: 'Add a new Virtual Service' }).click();
  await page.getByLabel('Label').fill(s.label);
  await page.getByLabel('IP Address', { exact: true }).fill(s.ip);
  await page.getByLabel('Ports').fill(s.ports);
  await page.getByLabel('Protocol', { exact: true }).first().selectOption({ label: s.protocol });
  await page.getByLabel('Forwarding Method').selectOption({ label: 'Direct Routing' });
  await expect(page.getByLabel('Enable')).toBeChecked();
  await expect(page.getByLabel('Timeout (seconds)')).toHaveValue('300');
  await page.getByLabel('Check Type').selectOption({ label: 'Negotiate' });
  await page.getByLabel('Check Port').fill('443');
  await page.locator('#healthCheck\\.protocol').selectOption({ label: 'HTTPS' });
  await page.getByLabel('Request to send').fill(s.request);
  await page.getByLabel('Response expected').fill(s.response);
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByRole('status')).toContainText(`Saved ${s.label}`);
}

async function addRealServer(page: Page, service: string, label: string, ip: string) {
  await page.goto(page.url().replace(/\/cluster-configuration.*$/, '/cluster-configuration/real-servers'));
  await page.getByRole('link', { name: `Add a new Real Server to ${service}` }).click();
  await page.getByLabel('Label').fill(label);
  await page.getByLabel('Real Server IP Address').fill(ip);
  await expect(page.getByLabel('Weight')).toHaveValue('100');
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByRole('status')).toContainText(`Saved ${label}`);
}

test('an admin builds the guide’s DR setup by hand and sees it in the tables', async ({ page, server, emptyConfig: _ }) => {
  await signIn(page, server);
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Cluster Configuration' }).click();
  await page.getByRole('link', { name: 'Layer 4 Virtual Services' }).click();
  await addService(page, {
    label: 'GW_VIP_L4',
    ip: '192.168.98.238',
    ports: '80,443,3389,4172,42966,50001,50002',
    protocol: 'TCP/UDP',
    request: '/app/system/ping',
    response: 'OK',
  });
  await addService(page, {
    label: 'BROKER_VIP_L4',
    ip: '192.168.98.237',
    ports: '80,443',
    protocol: 'TCP',
    request: '/index.pl?action=cb_status',
    response: 'CB_IS_OK',
  });

  const gw = page.getByRole('row', { name: /GW_VIP_L4/ });
  await expect(gw).toContainText('192.168.98.238');
  await expect(gw).toContainText('80,443,3389,4172,42966,50001,50002');
  await expect(gw).toContainText('TCP/UDP');
  await expect(gw).toContainText('Direct Routing');
  await expect(gw).toContainText('300 s');
  await expect(gw).toContainText('Negotiate HTTPS /app/system/ping');
  await expect(page.getByRole('row', { name: /BROKER_VIP_L4/ })).toContainText('Negotiate HTTPS /index.pl?action=cb_status');

  await addRealServer(page, 'GW_VIP_L4', 'GW01', '192.168.98.231');
  await addRealServer(page, 'GW_VIP_L4', 'GW02', '192.168.98.232');
  await addRealServer(page, 'BROKER_VIP_L4', 'BRK01', '192.168.98.230');
  await addRealServer(page, 'BROKER_VIP_L4', 'BRK02', '192.168.98.233');

  const gwTable = page.getByRole('table', { name: 'Real servers of GW_VIP_L4' });
  await expect(gwTable.getByRole('row')).toHaveCount(3);
  await expect(gwTable.getByRole('row', { name: /GW01/ })).toContainText('192.168.98.231');
  await expect(gwTable.getByRole('row', { name: /GW02/ })).toContainText('192.168.98.232');
  const brkTable = page.getByRole('table', { name: 'Real servers of BROKER_VIP_L4' });
  await expect(brkTable.getByRole('row', { name: /BRK01/ })).toContainText('192.168.98.230');
  await expect(brkTable.getByRole('row', { name: /BRK02/ })).toContainText('192.168.98.233');

  // The service addresses are floating IPs now.
  await page.goto(`${server.baseURL}/cluster-configuration/floating-ips`);
  await expect(page.getByRole('row', { name: /192.168.98.238/ })).toContainText('GW_VIP_L4');
  await expect(page.getByRole('row', { name: /192.168.98.237/ })).toContainText('Service address (VIP)');

  // A real server's page explains how to prepare it for Direct Routing.
  await page.goto(`${server.baseURL}/cluster-configuration/real-servers`);
  await gwTable.getByRole('link', { name: 'Modify GW01 of GW_VIP_L4' }).click();
  await page.getByText('Method 1: ARP behaviour and loopback interface (preferred)', { exact: true }).click();
  await expect(page.getByText('ip addr replace 192.168.98.238/32 dev lo')).toBeVisible();
});

test('a refused form keeps what was typed and says which field to fix', async ({ page, server, emptyConfig: _ }) => {
  await signIn(page, server);
  await page.goto(`${server.baseURL}/cluster-configuration/virtual-services/new`);
  await page.getByLabel('Label').fill('WEB');
  await page.getByLabel('IP Address', { exact: true }).fill('192.168.98.50');
  await page.getByLabel('Ports').fill('80,443,80');
  await page.getByLabel('Response expected').fill('OK');
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByText('Port 80 is listed more than once; list each port once.')).toBeVisible();
  await expect(page.getByLabel('Ports')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Label')).toHaveValue('WEB');
  await expect(page.getByLabel('Response expected')).toHaveValue('OK');
  await page.getByLabel('Ports').fill('80,443');
  await page.getByLabel('Email Alert').fill('web-team@example.com, root');
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByText('Not an email address: “root”.')).toBeVisible();
  await expect(page.getByLabel('Email Alert')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Email Alert').fill('web-team@example.com; noc@example.com');
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByRole('row', { name: /WEB/ })).toContainText('80,443');
  // The service's own alert recipients, as the appliance's "Email Alert" field.
  await page.getByRole('link', { name: 'Modify WEB' }).click();
  await expect(page.getByLabel('Email Alert')).toHaveValue('web-team@example.com, noc@example.com');
});

test('modify, clone and delete (with confirmation) a virtual service', async ({ page, server, api, emptyConfig: _ }) => {
  const created = await api.post('virtual-services', {
    data: { label: 'WEB', ip: '192.168.98.50', ports: '443', healthCheck: { type: 'connect' } },
  });
  expect(created.status()).toBe(201);
  const web = await created.json();
  expect((await api.post(`virtual-services/${web.id}/real-servers`, { data: { label: 'W1', ip: '192.168.98.51' } })).status()).toBe(201);

  await signIn(page, server);
  await page.goto(`${server.baseURL}/cluster-configuration/virtual-services`);
  await page.getByRole('link', { name: 'Modify WEB' }).click();
  await page.getByLabel('Ports').fill('443,8443');
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByRole('row', { name: /WEB/ })).toContainText('443,8443');

  await page.getByRole('link', { name: 'Clone WEB' }).click();
  await expect(page.getByLabel('Label')).toHaveValue('WEB_COPY');
  await page.getByLabel('IP Address', { exact: true }).fill('192.168.98.60');
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByRole('row', { name: /WEB_COPY/ })).toContainText('192.168.98.60');
  await expect(page.getByRole('row', { name: /WEB_COPY/ }).getByRole('link', { name: '1' })).toBeVisible(); // its real server came along

  await page.getByRole('button', { name: 'Delete WEB_COPY' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete WEB_COPY?' });
  await expect(dialog).toContainText('and its 1 real server');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('row', { name: /WEB_COPY/ })).toBeVisible();
  await page.getByRole('button', { name: 'Delete WEB_COPY' }).click();
  await dialog.getByRole('button', { name: 'Delete WEB_COPY' }).click();
  await expect(page.getByRole('row', { name: /WEB_COPY/ })).toHaveCount(0);
  await expect(page.getByRole('row', { name: /WEB\b/ })).toBeVisible();
});

test('every change is in the Logs with before and after, filterable by object', async ({ page, server, api, emptyConfig: _ }) => {
  const vs = await (await api.post('virtual-services', { data: { label: 'AUDITED', ip: '192.168.98.70', ports: '80' } })).json();
  expect((await api.patch(`virtual-services/${vs.id}`, { data: { version: vs.version, ports: '8080' } })).status()).toBe(200);
  expect((await api.delete(`virtual-services/${vs.id}`)).status()).toBe(204);

  await signIn(page, server);
  await page.goto(`${server.baseURL}/logs`);
  await page.getByLabel('Object').selectOption('VirtualService');
  await page.getByRole('button', { name: 'Filter' }).click();
  const rows = page.getByRole('row').filter({ hasText: 'VirtualService' });
  await expect(rows.nth(0)).toContainText('delete');
  await expect(rows.nth(1)).toContainText('update');
  await expect(rows.nth(1)).toContainText('changed: ports');
  await expect(rows.nth(2)).toContainText('create');
  await expect(rows.nth(1)).toContainText(/api-key:e2e-/);
  await rows.nth(1).getByText('Before and after').click();
  await expect(rows.nth(1).locator('pre').first()).toContainText('"ports": "80"');
  await expect(rows.nth(1).locator('pre').nth(1)).toContainText('"ports": "8080"');
  await expect(page.getByRole('row').filter({ hasText: 'Session' })).toHaveCount(0);
});

test('health check timing: the global one on Layer 4 Advanced Configuration, a service’s own on its form', async ({
  page,
  server,
  api,
  emptyConfig: _,
}) => {
  const created = await api.post('virtual-services', { data: { label: 'WEB', ip: '192.168.98.50', ports: '443' } });
  expect(created.status()).toBe(201);
  const web = await created.json();
  await signIn(page, server);
  try {
    await page.goto(`${server.baseURL}/cluster-configuration`);
    await page.getByRole('link', { name: 'Layer 4 Advanced Configuration' }).click();
    const form = page.getByRole('form', { name: 'Health check timing' });
    await expect(form.getByLabel('Check interval (s)')).toHaveValue('10');
    await form.getByLabel('Check interval (s)').fill('0');
    await form.getByRole('button', { name: 'Save timing' }).click();
    await expect(form.getByText('Use 1 to 3600 for the check interval.')).toBeVisible();
    await form.getByLabel('Check interval (s)').fill('6');
    await form.getByLabel('Retries', { exact: true }).fill('1');
    await expect(form.getByLabel(/Quiescent/)).not.toBeChecked();
    await form.getByLabel(/Quiescent/).check();
    await form.getByRole('button', { name: 'Save timing' }).click();
    await expect(form.getByRole('status')).toContainText('Saved. Apply the configuration');
    const settings = await (await api.get('settings')).json();
    expect(settings.checkTiming).toEqual({ interval: 6, timeout: 5, retries: 1, retryDelay: 3 });
    expect(settings.quiescent).toBe(true);

    await page.goto(`${server.baseURL}/cluster-configuration/virtual-services`);
    await page.getByRole('link', { name: 'Modify WEB' }).click();
    const timing = page.getByRole('group', { name: 'Health Check Timing' });
    await timing.getByLabel('Check interval (s)').fill('30');
    await page.getByLabel('Quiescent').selectOption({ label: 'Off: a failed real server leaves the table' });
    await page.getByRole('button', { name: 'Update' }).click();
    await expect(page.getByRole('row', { name: /WEB/ })).toBeVisible();
    const saved = await (await api.get(`virtual-services/${web.id}`)).json();
    expect(saved.checkTiming).toEqual({ interval: 30, timeout: null, retries: null, retryDelay: null }); // the rest: the global timing
    expect(saved.quiescent).toBe(false); // its own, against the global "on"
  } finally {
    await api.put('settings', { data: { checkTiming: { interval: 10, timeout: 5, retries: 2, retryDelay: 3 }, quiescent: false } });
  }
});

test('each check kind from the form: SMTP with its HELO name, HTTPS with a second URL (a bad status refused on its own field), UDP requiring a reply', async ({
  page,
  server,
  api,
  emptyConfig: _,
}) => {
  await signIn(page, server);
  await page.goto(`${server.baseURL}/cluster-configuration/virtual-services/new`);
  await page.getByLabel('Label').fill('MAIL');
  await page.getByLabel('IP Address', { exact: true }).fill('192.168.98.60');
  await page.getByLabel('Ports').fill('25');
  await page.getByLabel('Check Type').selectOption({ label: 'SMTP' });
  await expect(page.getByLabel('Check Type')).toHaveAccessibleDescription(/expects the 220 greeting/);
  await page.getByLabel('HELO Name').fill('lb.example.com');
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByRole('row', { name: /MAIL/ })).toContainText('SMTP, HELO lb.example.com');

  await page.getByRole('link', { name: 'Add a new Virtual Service' }).click();
  await page.getByLabel('Label').fill('WEB');
  await page.getByLabel('IP Address', { exact: true }).fill('192.168.98.61');
  await page.getByLabel('Ports').fill('443');
  await page.getByLabel('Check Type').selectOption({ label: 'Negotiate' });
  await page.getByLabel('Request to send').fill('/app/system/ping');
  await page.getByLabel('Expected status').fill('200-399');
  await page.getByRole('button', { name: 'Add a URL to check' }).click();
  const url2 = page.getByRole('group', { name: 'URL 2' });
  await url2.getByLabel('Path').fill('/health');
  await url2.getByLabel('Expected status').fill('700');
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(url2.getByLabel('Expected status')).toHaveAttribute('aria-invalid', 'true');
  await expect(url2.getByText(/Enter HTTP status codes or ranges from 100 to 599/)).toBeVisible();
  await url2.getByLabel('Expected status').fill('200,204');
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByRole('row', { name: /WEB/ })).toContainText('Negotiate HTTPS /app/system/ping -> status 200-399, + 1 more URL');
  const services = (await (await api.get('virtual-services')).json()) as { label: string; healthCheck: Record<string, unknown> }[];
  expect(services.find((s) => s.label === 'WEB')!.healthCheck.moreUrls).toEqual([
    { path: '/health', status: '200,204', response: null, digest: null },
  ]);

  await page.getByRole('link', { name: 'Add a new Virtual Service' }).click();
  await page.getByLabel('Label').fill('SYSLOG');
  await page.getByLabel('IP Address', { exact: true }).fill('192.168.98.62');
  await page.getByLabel('Ports').fill('514');
  await page.getByLabel('Protocol', { exact: true }).first().selectOption({ label: 'UDP' });
  await page.getByLabel('Check Type').selectOption({ label: 'UDP' });
  await page.getByLabel('Payload (hex)').fill('3c31333e 74 65 73 74');
  await page.getByLabel('Reply required').selectOption({ label: 'Yes, any reply' });
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByRole('row', { name: /SYSLOG/ })).toContainText('UDP, reply required');
  const syslog = ((await (await api.get('virtual-services')).json()) as { label: string; healthCheck: Record<string, unknown> }[]).find(
    (s) => s.label === 'SYSLOG',
  )!;
  expect([syslog.healthCheck.udpPayload, syslog.healthCheck.udpReply]).toEqual(['3c31333e74657374', 'any']);
});
