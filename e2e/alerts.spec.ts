// Alerts in the browser: Local Configuration > Alerts pointed at an SMTP sink and a webhook receiver on
// 127.0.0.1, a test alert that says what each server answered, and a real server of a stand-in director
// (127.0.0.1) that leaves the table and comes back: one message and one recovery on each channel, in the
// delivery log. The lab proves it with a real gateway; here the director is made up, the rest is real.
import http from 'node:http';
import { SMTPServer } from 'smtp-server';
import { expect, test } from './support/fixtures';
import { startFakeDirector, type FakeDirector, type FakeService } from './support/fake-director';
import { freePort } from '../lib/runtime/free-port';

let fake: FakeDirector | undefined;
let smtp: SMTPServer | undefined;
let hook: http.Server | undefined;
test.afterEach(async () => {
  await fake?.close();
  await new Promise((r) => (smtp ? smtp.close(() => r(undefined)) : r(undefined)));
  hook?.close();
});

/** A message as a person reads it: folded headers unfolded, quoted-printable undone. */
const readable = (raw: string) =>
  raw
    .replace(/\r\n[ \t]+/g, ' ')
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

test('the Alerts page sends a test alert; a real server that leaves the table and comes back is reported on each channel', async ({
  signedIn: page,
  server,
  api,
}) => {
  test.setTimeout(180_000);
  const mails: string[] = [];
  const posts: string[] = [];
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      let text = '';
      stream.on('data', (c: Buffer) => (text += c.toString()));
      stream.on('end', () => (mails.push(readable(text)), done()));
    },
  });
  const smtpPort = await freePort();
  await new Promise<void>((r) => smtp!.listen(smtpPort, '127.0.0.1', r));
  hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => (posts.push(body), res.end('received')));
  });
  const hookPort = await freePort();
  await new Promise<void>((r) => hook!.listen(hookPort, '127.0.0.1', r));

  const service: FakeService = {
    key: 'TCP 192.168.98.238:443',
    realServers: [
      { address: '192.168.98.231:443', active: 3, inactive: 0 },
      { address: '192.168.98.232:443', active: 2, inactive: 0 },
    ],
    perRead: { connections: 1, inBytes: 100, packets: 2 },
  };
  fake = await startFakeDirector([service]);
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
    ],
    floatingIps: [],
    directors: [{ name: 'director1', host: '127.0.0.1', port: fake.port, hostKeyFingerprint: fake.fingerprint }],
  };
  expect((await api.post('config', { data: doc })).status()).toBe(200);

  // The settings page: email and a webhook, saved; a wrong address is refused with what to fix.
  await page.goto(`${server.baseURL}/local-configuration/alerts`);
  const form = page.getByRole('form', { name: 'Alert channels' });
  await form.getByLabel('Send alerts by email').check();
  await form.getByLabel('SMTP server').fill('127.0.0.1');
  await form.getByLabel('Port').fill(String(smtpPort));
  await form.getByLabel('From').fill('not an address');
  await form.getByLabel('Recipients (one per line)').fill('noc@example.com');
  await form.getByLabel(/^URLs \(one per line\)/).fill(`http://127.0.0.1:${hookPort}/hook`);
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
  await expect(results).toContainText(
    `Sent on webhook:http://127.0.0.1:${hookPort}/hook: http://127.0.0.1:${hookPort}/hook answered HTTP 200 OK: received`,
  );
  expect(mails).toHaveLength(1);
  expect(mails[0]).toContain('Test alert from lvs-console, sent by loadbalancer');

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
  expect(mails[1]).toMatch(
    /Subject: \[lvs-console\] Real server GW02 \(192\.168\.98\.232\) of GW_VIP_L4 \(192\.168\.98\.238:443\) is down\./,
  );
  await expect.poll(() => posts.length, { timeout: 10_000 }).toBe(2);
  expect((JSON.parse(posts[1]) as { events: unknown[] }).events).toContainEqual(
    expect.objectContaining({
      kind: 'real-server',
      to: 'down',
      facts: { service: 'GW_VIP_L4', realServer: 'GW02', address: '192.168.98.232' },
    }),
  );
  service.realServers.push(gw02);
  await expect.poll(() => mails.length, { timeout: 60_000 }).toBe(3);
  expect(mails[2]).toContain('Real server GW02 (192.168.98.232) of GW_VIP_L4 (192.168.98.238:443) is up again.');

  // The delivery log on the page: each attempt and what the server answered.
  await page.goto(`${server.baseURL}/local-configuration/alerts`);
  const log = page.getByRole('region', { name: 'Delivery log' }).getByRole('table');
  await expect(log.getByRole('row').filter({ hasText: 'is up again' }).filter({ hasText: 'email' })).toContainText('Delivered');
  expect((await (await api.get('alerts/deliveries?ok=false')).json()).length).toBe(0);
});
