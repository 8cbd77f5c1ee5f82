// Alerts in the browser: Local Configuration > Alerts pointed at an SMTP sink and a webhook receiver on
// 127.0.0.1, a test alert that says what each server answered, and a real server of a stand-in director
// (127.0.0.1) that leaves the table and comes back: one message and one recovery on each channel, in the
// delivery log. The lab proves it with a real gateway; here the director is made up, the rest is real.
import { EMPTY_CONFIG, expect, test } from './support/fixtures';
import { startFakeDirector, type FakeDirector, type FakeService } from './support/fake-director';
import { startSmtpSink, startWebhookReceiver, type SmtpSink, type WebhookReceiver } from '../lib/test/alert-sinks';

let fake: FakeDirector | undefined;
let sink: SmtpSink | undefined;
let hook: WebhookReceiver | undefined;
// The worker's console is shared with the specs that follow: leave it without services and without alerts.
test.afterEach(async ({ api }) => {
  await api.put('alerts', { data: { email: null, webhooks: [] } });
  await api.post('config', { data: EMPTY_CONFIG });
  await fake?.close();
  await sink?.stop();
  await hook?.stop();
});

/** `services` x `perService` real servers on the stand-in and in the configuration (GW<i>_<j>). */
function farm(services: number, perService: number) {
  const fakeServices: FakeService[] = Array.from({ length: services }, (_, i) => ({
    key: `TCP 10.0.${i}.1:443`,
    realServers: Array.from({ length: perService }, (_, j) => ({ address: `10.1.${i}.${j + 1}:443`, active: 0, inactive: 0 })),
    perRead: { connections: 1, inBytes: 100, packets: 2 },
  }));
  const virtualServices = Array.from({ length: services }, (_, i) => ({
    label: `VS_${i}`,
    ip: `10.0.${i}.1`,
    ports: '443',
    realServers: Array.from({ length: perService }, (_, j) => ({ label: `GW${i}_${j}`, ip: `10.1.${i}.${j + 1}` })),
  }));
  return { fakeServices, virtualServices };
}

const configOf = (f: FakeDirector, virtualServices: unknown[]) => ({
  format: 'lvs-console/1',
  virtualServices,
  floatingIps: [],
  directors: [{ name: 'director1', host: '127.0.0.1', port: f.port, hostKeyFingerprint: f.fingerprint }],
});

const channelsOf = (smtpPort: number, url: string, holdDownSeconds: number, digestWindowSeconds: number) => ({
  email: { host: '127.0.0.1', port: smtpPort, security: 'none', from: 'lvs@example.com', to: ['noc@example.com'] },
  webhooks: [{ url }],
  holdDownSeconds,
  digestWindowSeconds,
});

test('the Alerts page sends a test alert; a real server that leaves the table and comes back is reported on each channel', async ({
  signedIn: page,
  server,
  api,
}) => {
  test.setTimeout(180_000);
  sink = await startSmtpSink();
  hook = await startWebhookReceiver();
  const { mails } = sink;
  const { posts } = hook;
  const smtpPort = sink.port;
  const hookUrl = hook.url;

  const service: FakeService = {
    key: 'TCP 192.168.98.239:443',
    realServers: [
      { address: '192.168.98.231:443', active: 3, inactive: 0 },
      { address: '192.168.98.232:443', active: 2, inactive: 0 },
    ],
    perRead: { connections: 1, inBytes: 100, packets: 2 },
  };
  fake = await startFakeDirector([service]);
  const gwVip = {
    label: 'GW_ALERTS',
    ip: '192.168.98.239',
    ports: '443',
    realServers: [
      { label: 'GW01', ip: '192.168.98.231' },
      { label: 'GW02', ip: '192.168.98.232' },
    ],
  };
  expect((await api.post('config', { data: configOf(fake, [gwVip]) })).status()).toBe(200);

  // The settings page: email and a webhook, saved; a wrong address is refused with what to fix.
  await page.goto(`${server.baseURL}/local-configuration/alerts`);
  const form = page.getByRole('form', { name: 'Alert channels' });
  await form.getByLabel('Send alerts by email').check();
  await form.getByLabel('SMTP server').fill('127.0.0.1');
  await form.getByLabel('Port').fill(String(smtpPort));
  await form.getByLabel('From').fill('not an address');
  await form.getByLabel('Recipients (one per line)').fill('noc@example.com');
  await form.getByLabel(/^URLs \(one per line\)/).fill(hookUrl);
  await form.getByLabel('Hold-down (s)').fill('0');
  await form.getByLabel('Digest window (s)').fill('0');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('alert').first()).toContainText('Nothing was saved');
  await expect(form.getByText('Enter an email address such as noc@example.com.')).toBeVisible();
  await form.getByLabel('From').fill('lvs@example.com');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('Saved. Alerts use these channels from the next poll.')).toBeVisible();

  // Send a test alert: what each server answered.
  await form.getByRole('button', { name: 'Send a test alert' }).click();
  const results = form.getByRole('status', { name: 'Test alert results' });
  await expect(results).toContainText(`Sent on email: 127.0.0.1:${smtpPort} answered: 250`);
  await expect(results).toContainText(`Sent on webhook:${hookUrl}: ${hookUrl} answered HTTP 200 OK: received`);
  expect(mails).toHaveLength(1);
  expect(mails[0].text).toContain('Test alert from lvs-console, sent by loadbalancer');

  // The overview polls the stand-in (someone looks); GW02 leaves its table, then comes back.
  await page.goto(`${server.baseURL}/overview`);
  const health = async () => {
    const o = (await (await api.get('overview')).json()) as { virtualServices: { realServers: { label: string; health: string }[] }[] };
    return o.virtualServices[0]?.realServers.find((r) => r.label === 'GW02')?.health;
  };
  await expect.poll(health, { timeout: 30_000 }).toBe('up');
  await new Promise((r) => setTimeout(r, 12_000)); // a poll of the collector (every 10 s) sees it up: the baseline
  const gw02 = service.realServers.splice(1, 1)[0];
  await expect.poll(() => mails.length, { timeout: 60_000 }).toBe(2);
  expect(mails[1].text).toMatch(
    /Subject: \[lvs-console\] Real server GW02 \(192\.168\.98\.232\) of GW_ALERTS \(192\.168\.98\.239:443\) is down\./,
  );
  await expect.poll(() => posts.length, { timeout: 10_000 }).toBe(2);
  expect((JSON.parse(posts[1].body) as { events: unknown[] }).events).toContainEqual(
    expect.objectContaining({
      kind: 'real-server',
      to: 'down',
      facts: { service: 'GW_ALERTS', realServer: 'GW02', address: '192.168.98.232' },
    }),
  );
  service.realServers.push(gw02);
  await expect.poll(() => mails.length, { timeout: 60_000 }).toBe(3);
  expect(mails[2].text).toContain('Real server GW02 (192.168.98.232) of GW_ALERTS (192.168.98.239:443) is up again.');

  // The delivery log on the page: each attempt and what the server answered.
  await page.goto(`${server.baseURL}/local-configuration/alerts`);
  const log = page.getByRole('region', { name: 'Delivery log' }).getByRole('table');
  await expect(log.getByRole('row').filter({ hasText: 'is up again' }).filter({ hasText: 'email' })).toContainText('Delivered');
  expect((await (await api.get('alerts/deliveries?ok=false')).json()).length).toBe(0);
});

/** Waits until the console has read every real server as up, and one more collector poll (the alerts' baseline). */
async function baseline(api: import('@playwright/test').APIRequestContext, count: number) {
  await expect
    .poll(
      async () => {
        const o = (await (await api.get('overview')).json()) as { virtualServices: { realServers: { health: string }[] }[] };
        return o.virtualServices.flatMap((s) => s.realServers).filter((r) => r.health === 'up').length;
      },
      { timeout: 30_000 },
    )
    .toBe(count);
  await new Promise((r) => setTimeout(r, 12_000));
}

/**
 * A farm of `services` x `perService` real servers on a stand-in director, alerts to a fresh SMTP sink and
 * webhook receiver (`listen: false`: nothing listens on the sink's port yet), and the alerts' baseline.
 */
async function alertedFarm(
  api: import('@playwright/test').APIRequestContext,
  opts: { services: number; perService: number; holdDown: number; digest: number; listen?: boolean },
) {
  sink = await startSmtpSink({ listen: opts.listen ?? true });
  hook = await startWebhookReceiver();
  const { fakeServices, virtualServices } = farm(opts.services, opts.perService);
  fake = await startFakeDirector(fakeServices);
  expect((await api.post('config', { data: configOf(fake, virtualServices) })).status()).toBe(200);
  expect((await api.put('alerts', { data: channelsOf(sink.port, hook.url, opts.holdDown, opts.digest) })).status()).toBe(200);
  await baseline(api, opts.services * opts.perService);
  return { mails: sink.mails, posts: hook.posts, fakeServices, sink };
}

test('200 real servers leaving the table at once give one digest per channel', async ({ api }) => {
  test.setTimeout(180_000);
  const { mails, posts, fakeServices } = await alertedFarm(api, { services: 20, perService: 10, holdDown: 5, digest: 10 });
  for (const s of fakeServices) s.realServers.splice(0);
  await expect.poll(() => mails.length, { timeout: 60_000 }).toBe(1);
  expect(mails[0].text).toContain('Subject: [lvs-console] 200 real servers down (20 services), 20 virtual services down');
  await expect.poll(() => posts.length, { timeout: 10_000 }).toBe(1);
  expect((JSON.parse(posts[0].body) as { events: unknown[] }).events).toHaveLength(220);
  // Nothing more while they stay down.
  await new Promise((r) => setTimeout(r, 25_000));
  expect([mails.length, posts.length]).toEqual([1, 1]);
});

test('a message queued while the mail server is down is delivered when it is back, across a console restart; the log shows each attempt', async ({
  server,
  api,
  signedIn: page,
}) => {
  test.setTimeout(240_000);
  // Nothing listens on the mail server's port yet.
  const farmed = await alertedFarm(api, { services: 1, perService: 2, holdDown: 0, digest: 0, listen: false });
  const { mails, posts, fakeServices } = farmed;
  fakeServices[0].realServers.splice(1, 1); // GW0_1 leaves the table
  await expect.poll(() => posts.length, { timeout: 60_000 }).toBe(1); // the webhook got it
  const failedEmail = async () =>
    ((await (await api.get('alerts/deliveries?ok=false&channel=email')).json()) as { subject: string; detail: string }[]).filter((d) =>
      d.subject.includes('GW0_1'),
    );
  await expect.poll(async () => (await failedEmail()).length, { timeout: 15_000 }).toBeGreaterThan(0);
  expect((await failedEmail())[0].detail).toMatch(/ECONNREFUSED/);
  // The console restarts; then the mail server comes up.
  await server.restart();
  await farmed.sink.start();
  await expect.poll(() => mails.length, { timeout: 120_000 }).toBe(1);
  expect(mails[0].text).toContain('Real server GW0_1 (10.1.0.2) of VS_0 (10.0.0.1:443) is down.');
  const log = (await (await api.get('alerts/deliveries?channel=email')).json()) as { subject: string; ok: boolean }[];
  const attempts = log.filter((d) => d.subject.includes('GW0_1')).map((d) => d.ok);
  expect(attempts[0]).toBe(true); // newest first: delivered, after the failed ones
  expect(attempts.slice(1).every((ok) => !ok) && attempts.length >= 2).toBe(true);
  // Logs > Alert deliveries, filtered to this message's failed attempts: each says what the server answered.
  await page.goto(`${server.baseURL}/logs`);
  await page.getByRole('navigation', { name: 'Logs' }).getByRole('link', { name: 'Alert deliveries' }).click();
  await page.getByLabel('Result').selectOption('failed');
  await page.getByLabel('Message contains').fill('gw0_1');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/log=alerts.*result=failed.*q=gw0_1/);
  const failedRows = page.getByRole('table', { name: 'Alert delivery attempts' }).getByRole('row').filter({ hasText: 'GW0_1' });
  await expect(failedRows).toHaveCount((await failedEmail()).length); // the webhook's one attempt was delivered
  for (const row of await failedRows.all()) await expect(row).toContainText(/Failed, will retry.*ECONNREFUSED/);
  await page.getByLabel('Result').selectOption('delivered');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByRole('table', { name: 'Alert delivery attempts' }).getByRole('row').filter({ hasText: 'GW0_1' })).toHaveCount(2);
  // Not repeated after the restart, on either channel.
  await new Promise((r) => setTimeout(r, 15_000));
  expect([mails.length, posts.length]).toEqual([1, 1]);
});

test('a silence set on the Alerts page holds a service’s alerts for its window; End now lets through what still holds', async ({
  signedIn: page,
  server,
  api,
}) => {
  test.setTimeout(150_000);
  const { mails, posts, fakeServices } = await alertedFarm(api, { services: 1, perService: 2, holdDown: 0, digest: 0 });

  await page.goto(`${server.baseURL}/local-configuration/alerts`);
  const form = page.getByRole('form', { name: 'New silence' });
  await form.getByLabel('Virtual service').fill('VS_9');
  await form.getByLabel('Reason').fill('patching VS_0');
  await form.getByRole('button', { name: 'Silence' }).click();
  await expect(form.getByText('No virtual service is labelled VS_9')).toBeVisible(); // says what to fix
  await form.getByLabel('Virtual service').fill('VS_0');
  await form.getByRole('button', { name: 'Silence' }).click();
  await expect(page.getByRole('status')).toContainText('No alerts about VS_0 until');
  const row = page.getByRole('table', { name: 'Silences' }).getByRole('row').filter({ hasText: 'patching VS_0' });
  await expect(row).toContainText('Active');

  fakeServices[0].realServers.splice(1, 1); // GW0_1 leaves the table during the window
  await new Promise((r) => setTimeout(r, 15_000));
  expect([mails.length, posts.length]).toEqual([0, 0]);

  await row.getByRole('button', { name: 'End the silence of VS_0 now' }).click();
  await expect(page.getByRole('status')).toContainText('Alerts about VS_0 are on again.');
  await expect(row).toContainText(/Ended early by \S+/);
  await expect.poll(() => mails.length, { timeout: 30_000 }).toBe(1);
  expect(mails[0].text).toContain('Real server GW0_1 (10.1.0.2) of VS_0 (10.0.0.1:443) is down.');
  expect(posts).toHaveLength(1);
  // Both in the audit log.
  await page.goto(`${server.baseURL}/logs?object=AlertSilence`);
  const audited = page.getByRole('table', { name: 'Audit events' }).getByRole('row');
  const action = (name: string) => audited.filter({ has: page.getByRole('cell', { name, exact: true }) });
  await expect(action('create')).toHaveCount(1);
  await expect(action('end')).toHaveCount(1);
});
