// The Leostream wizard in Chromium, with the keyboard only (Tab, arrows, Space, Enter): from an empty
// console to the deployment guide's DR and NAT setups, random gateway ports, a conflicting address
// refused on its step, and the checklist that goes with the deployment.
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect, test, signIn } from './support/fixtures';
import { SEED_DR, SEED_NAT, seedShape } from '../lib/schemas/seed';

const WIZARD = '/cluster-configuration/leostream';

/** Moves the focus with Tab until it is on the target (proves it is reachable by keyboard). */
async function tabTo(page: Page, target: Locator, max = 100) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

async function typeInto(page: Page, target: Locator, text: string) {
  await tabTo(page, target);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

async function next(page: Page, expectStep: string) {
  await tabTo(page, page.getByRole('button', { name: 'Next' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: expectStep })).toBeFocused();
}

/** Step 2 with the guide's gateways and brokers. */
async function addresses(page: Page, gatewayVip: string, brokerVip: string) {
  await typeInto(page, page.getByLabel('Gateway VIP'), gatewayVip);
  await typeInto(page, page.getByLabel('Gateway 1 IP address'), '192.168.98.231');
  await typeInto(page, page.getByLabel('Gateway 2 IP address'), '192.168.98.232');
  await typeInto(page, page.getByLabel('Broker VIP (optional)'), brokerVip);
  await typeInto(page, page.getByLabel('Broker 1 IP address'), '192.168.98.230');
  await typeInto(page, page.getByLabel('Broker 2 IP address'), '192.168.98.233');
}

/** Step 1: a broker cluster (the radio group is entered on its checked option, then moved with the arrows). */
async function topology(page: Page, mode: 'dr' | 'nat' | 'snat') {
  if (mode !== 'dr') {
    await tabTo(page, page.getByRole('radio', { name: /^Direct Routing/ }));
    await page.keyboard.press('ArrowDown');
    if (mode === 'snat') await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('radio', { name: mode === 'nat' ? /^NAT/ : /^Layer 4 SNAT/ })).toBeChecked();
  } else await expect(page.getByRole('radio', { name: /^Direct Routing/ })).toBeChecked();
  await tabTo(page, page.getByRole('radio', { name: /^One connection broker/ }));
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: /^A cluster of connection brokers/ })).toBeChecked();
}

async function submit(page: Page, name: 'Create' | 'Save changes') {
  await tabTo(page, page.getByRole('button', { name }));
  await page.keyboard.press('Enter');
}

/** The services as the API gives them, in the shape of the seed's documents. */
async function servicesOf(api: APIRequestContext) {
  const services = await (await api.get('virtual-services')).json();
  const out = [];
  for (const s of services) {
    const realServers = await (await api.get(`virtual-services/${s.id}/real-servers`)).json();
    out.push(seedShape(s, realServers));
  }
  return out.sort((a, b) => a.label.localeCompare(b.label));
}

const seedServices = (seed: { virtualServices: typeof SEED_DR.virtualServices }) =>
  [...seed.virtualServices].sort((a, b) => a.label.localeCompare(b.label));

test('DR from an empty console: exactly the guide’s two services and four real servers, then random gateway ports add the range', async ({
  page,
  server,
  api,
  emptyConfig: _,
}) => {
  await signIn(page, server);
  // Offered where the list is empty.
  await page.goto(`${server.baseURL}/cluster-configuration/virtual-services`);
  await tabTo(page, page.getByRole('link', { name: 'Leostream wizard' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${WIZARD}$`));
  await expect(page.getByRole('heading', { name: 'Step 1 of 5: Topology' })).toBeVisible();

  await topology(page, 'dr');
  await next(page, 'Step 2 of 5: Addresses');
  await addresses(page, '192.168.98.238', '192.168.98.237');
  await next(page, 'Step 3 of 5: Protocols');
  for (const p of ['RDP', 'PCoIP', 'HP ZCentral Remote Boost'])
    await expect(page.getByRole('checkbox', { name: new RegExp(`^${p}`) })).toBeChecked();
  await expect(page.getByRole('radio', { name: /^Protocol-specific ports/ })).toBeChecked();
  await next(page, 'Step 4 of 5: Persistence and health checks');
  await expect(page.getByLabel('Persistence timeout (seconds)')).toHaveValue('300');
  await next(page, 'Step 5 of 5: Review');

  const review = page.getByRole('table', { name: 'What the wizard will save' });
  await expect(review.getByRole('row')).toHaveCount(7);
  await expect(review.getByRole('row', { name: /Create virtual service GW_VIP_L4/ })).toContainText(
    'ports: 80,443,3389,4172,42966,50001,50002',
  );
  await expect(review.getByRole('row', { name: /Create real server BROKER_VIP_L4 \/ BRK02/ })).toContainText('192.168.98.233');
  await submit(page, 'Create');
  await expect(page.getByRole('heading', { name: 'Saved' })).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toContainText('Saved 6 changes');
  await expect(page.getByRole('link', { name: 'Apply now' })).toHaveAttribute('href', '/maintenance/apply');
  expect(await servicesOf(api)).toEqual(seedServices(SEED_DR));
  // Verify needs directors to check from; without one it says what to do (and contacts nothing).
  await tabTo(page, page.getByRole('button', { name: 'Verify the deployment' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'No director' })).toContainText(
    'No director has a confirmed host key: add the directors and run Test connection',
  );

  // Again, on the existing deployment: the wizard starts from it and edits it.
  await page.goto(`${server.baseURL}${WIZARD}`);
  await expect(page.getByText('A Leostream deployment exists (GW_VIP_L4)')).toBeVisible();
  await tabTo(page, page.getByRole('radio', { name: /^Direct Routing/ })); // start the Tab walk inside the form
  await next(page, 'Step 2 of 5: Addresses');
  await expect(page.getByLabel('Gateway 2 IP address')).toHaveValue('192.168.98.232');
  await next(page, 'Step 3 of 5: Protocols');
  await tabTo(page, page.getByRole('radio', { name: /^Protocol-specific ports/ }));
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Gateway port range')).toHaveValue('20001-23000');
  await next(page, 'Step 4 of 5: Persistence and health checks');
  await next(page, 'Step 5 of 5: Review');
  await expect(review.getByRole('row', { name: /Change virtual service GW_VIP_L4/ })).toContainText(
    'ports: 80,443,3389,4172,42966,50001,50002 -> 80,443,3389,4172,20001-23000,42966,50001,50002',
  );
  await expect(review.getByRole('row', { name: /^(Create|Change|Remove)/ })).toHaveCount(1);
  await submit(page, 'Save changes');
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toContainText('Saved 1 change');

  const after = await servicesOf(api);
  expect(after.map((s) => `${s.label} ${s.ports} ${s.protocol}`)).toEqual([
    'BROKER_VIP_L4 80,443 tcp',
    'GW_VIP_L4 80,443,3389,4172,20001-23000,42966,50001,50002 tcpudp',
  ]);
  expect(after.flatMap((s) => s.realServers.map((r: { label: string }) => r.label))).toEqual(['BRK01', 'BRK02', 'GW01', 'GW02']);

  // The checklist for this deployment: the gateway VIP as the cluster's load balancer, random ports.
  await page.goto(`${server.baseURL}${WIZARD}/checklist`);
  const cluster = page.getByRole('region', { name: 'Connection Broker: Gateway Cluster' });
  await expect(cluster).toContainText('Public IP address or FQDN of the external load balancer: 192.168.98.238 — the gateway VIP');
  await expect(cluster).toContainText(
    'Method for routing display protocol traffic: From random gateway port to protocol-specific desktop port',
  );
  await expect(page.getByRole('region', { name: 'Leostream Gateways (on each gateway)' })).toContainText(
    'leostream-gateway --broker 192.168.98.237',
  );
  await expect(page.locator('#prepare-gw02')).toContainText('ip addr add dev lo 192.168.98.238/32');
  const download = page.waitForEvent('download');
  await tabTo(page, page.getByRole('link', { name: 'Download Markdown' }));
  await page.keyboard.press('Enter');
  const file = await download;
  expect(file.suggestedFilename()).toBe('leostream-checklist.md');
  const markdown = await (await api.get('wizards/leostream/checklist')).text();
  expect(markdown).toMatch(/^# Leostream checklist\n/);
  expect(markdown).toContain('external load balancer: 192.168.98.238');
});

test('NAT from an empty console: the guide’s NAT services and the default-gateway floating IP 192.168.98.100', async ({
  page,
  server,
  api,
  emptyConfig: _,
}) => {
  await signIn(page, server);
  await page.goto(`${server.baseURL}${WIZARD}`);
  await topology(page, 'nat');
  await next(page, 'Step 2 of 5: Addresses');
  await addresses(page, '192.168.85.140', '192.168.85.141');
  await typeInto(page, page.getByLabel('Real servers’ default gateway (floating IP)'), '192.168.98.100');
  await typeInto(page, page.getByLabel('Its interface on the directors'), 'eth1');
  await next(page, 'Step 3 of 5: Protocols');
  await next(page, 'Step 4 of 5: Persistence and health checks');
  await next(page, 'Step 5 of 5: Review');
  await expect(page.getByRole('row', { name: /Create floating IP 192\.168\.98\.100/ })).toContainText('interface: eth1');
  await submit(page, 'Create');
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toContainText('Saved 7 changes');
  expect(await servicesOf(api)).toEqual(seedServices(SEED_NAT));
  const fips = await (await api.get('floating-ips')).json();
  expect(
    fips.map((f: { address: string; purpose: string; interface: string | null }) => `${f.address} ${f.purpose} ${f.interface ?? '-'}`),
  ).toEqual(['192.168.85.140 vip -', '192.168.85.141 vip -', '192.168.98.100 gateway eth1']);
});

test('Layer 4 SNAT: no default gateway to give, both services in SNAT, and a checklist that changes nothing on the gateways and says what they see', async ({
  page,
  server,
  api,
  emptyConfig: _,
}) => {
  await signIn(page, server);
  await page.goto(`${server.baseURL}${WIZARD}`);
  await topology(page, 'snat');
  await next(page, 'Step 2 of 5: Addresses');
  await expect(page.getByLabel('Real servers’ default gateway (floating IP)')).toHaveCount(0);
  await addresses(page, '192.168.98.238', '192.168.98.237');
  await next(page, 'Step 3 of 5: Protocols');
  await next(page, 'Step 4 of 5: Persistence and health checks');
  await next(page, 'Step 5 of 5: Review');
  await expect(page.getByRole('row', { name: /Create virtual service GW_VIP_L4/ })).toContainText('forwarding: Layer 4 SNAT');
  await submit(page, 'Create');
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toContainText('Saved 6 changes');
  expect((await servicesOf(api)).map((s) => `${s.label} ${s.forwarding}`)).toEqual(['BROKER_VIP_L4 snat', 'GW_VIP_L4 snat']);
  await page.goto(`${server.baseURL}${WIZARD}/checklist`);
  await expect(
    page.getByText('Layer 4 SNAT: nothing to change on them (no ARP change, no route change)', { exact: false }).first(),
  ).toBeVisible();
  await expect(
    page.getByText("coming from the active director's own address, not from the client's", { exact: false }).first(),
  ).toBeVisible();
  await expect(page.getByText('ip addr add dev lo', { exact: false })).toHaveCount(0);
});

test('an address another service uses is explained on the Addresses step, and nothing is written', async ({
  page,
  server,
  api,
  emptyConfig: _,
}) => {
  const made = await api.post('virtual-services', { data: { label: 'INTRANET', ip: '192.168.98.238', ports: '443', protocol: 'tcp' } });
  expect(made.status()).toBe(201);
  await signIn(page, server);
  await page.goto(`${server.baseURL}${WIZARD}`);
  await topology(page, 'dr');
  await next(page, 'Step 2 of 5: Addresses');
  await addresses(page, '192.168.98.238', '192.168.98.237');
  await tabTo(page, page.getByRole('button', { name: 'Next' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Correct' })).toContainText('Correct the field marked below; nothing was saved.');
  await expect(page.getByRole('heading', { name: 'Step 2 of 5: Addresses' })).toBeVisible();
  const vip = page.getByLabel('Gateway VIP');
  await expect(vip).toHaveAttribute('aria-invalid', 'true');
  await expect(vip).toHaveAccessibleDescription(
    /INTRANET already uses 192\.168\.98\.238 TCP port 443\. Choose another address for GW_VIP_L4/,
  );
  expect((await servicesOf(api)).map((s) => s.label)).toEqual(['INTRANET']);

  // A field of this step that is wrong in itself is named too (the second gateway's address).
  await typeInto(page, vip, '192.168.98.239');
  await typeInto(page, page.getByLabel('Gateway 2 IP address'), '192.168.98.231');
  await tabTo(page, page.getByRole('button', { name: 'Next' }));
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Gateway 2 IP address')).toHaveAccessibleDescription(
    '192.168.98.231 is listed twice; list each gateway once.',
  );
  expect((await servicesOf(api)).map((s) => s.label)).toEqual(['INTRANET']);
});

test('the API plans without writing (dryRun), then writes; the checklist is Markdown', async ({ api, emptyConfig: _ }) => {
  const body = {
    mode: 'dr',
    gatewayVip: '192.168.98.238',
    gateways: [{ label: 'GW01', ip: '192.168.98.231' }],
    protocols: ['rdp'],
    gatewayPortRange: '20001-23000',
  };
  const dry = await api.post('wizards/leostream', { data: { ...body, dryRun: true } });
  expect(dry.status()).toBe(200);
  const planned = await dry.json();
  expect(planned.written).toBe(false);
  expect(planned.plan.items.map((i: { action: string; name: string }) => `${i.action} ${i.name}`)).toEqual([
    'create GW_VIP_L4',
    'create GW01',
  ]);
  expect(await (await api.get('virtual-services')).json()).toEqual([]);
  expect((await api.get('wizards/leostream/checklist')).status()).toBe(404);

  const made = await (await api.post('wizards/leostream', { data: body })).json();
  expect(made.written).toBe(true);
  const [gw] = await (await api.get('virtual-services')).json();
  expect(gw).toMatchObject({ label: 'GW_VIP_L4', ports: '80,443,3389,20001-23000', protocol: 'tcpudp' });
  const checklist = await api.get('wizards/leostream/checklist');
  expect(checklist.headers()['content-type']).toMatch(/^text\/markdown/);
  expect(await checklist.text()).toContain(
    'Method for routing display protocol traffic: From random gateway port to protocol-specific desktop port',
  );

  const bad = await api.post('wizards/leostream', { data: { ...body, gatewayPortRange: '3000-4000' } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'gatewayPortRange' });
});
