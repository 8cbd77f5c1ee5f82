// Graphs and Reports in the browser: the System Overview's graphs fill from what the console collects
// from a director (a stand-in on 127.0.0.1 whose counters grow; the lab proves real traffic), the range
// switch changes the series, the text alternative holds the same numbers as the series API, and every
// graph and table downloads as CSV.
import fs from 'node:fs';
import { expect, test } from './support/fixtures';
import { startFakeDirector, type FakeDirector } from './support/fake-director';

let fake: FakeDirector;
test.afterEach(async () => fake?.close());

test('the dashboard graphs fill from the collector; range switch, table and CSV; Reports shows the same service', async ({
  signedIn: page,
  server,
  api,
}) => {
  test.setTimeout(120_000);
  fake = await startFakeDirector([
    {
      key: 'TCP 192.168.98.238:443',
      realServers: [
        { address: '192.168.98.231:443', active: 5, inactive: 1 },
        { address: '192.168.98.232:443', active: 2, inactive: 0 },
      ],
      perRead: { connections: 4, inBytes: 3_000, packets: 20 },
    },
  ]);
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
  const gw = (await (await api.get('virtual-services')).json()).find((s: { label: string }) => s.label === 'GW_VIP_L4');

  await page.goto(`${server.baseURL}/overview`);
  const graphs = page.getByRole('region', { name: 'Graphs' });
  await expect(graphs.getByRole('button', { name: /^1h/ })).toHaveAttribute('aria-pressed', 'true');
  const bandwidth = graphs.getByRole('figure', { name: 'Network bandwidth: director1' });
  const connections = graphs.getByRole('figure', { name: 'Active connections: busiest services' });
  // Two samples (10 s apart) make a rate; the graphs extend themselves while the page is open.
  await expect(bandwidth.getByRole('img')).toHaveAttribute('aria-label', /eth0 RX: \d/, { timeout: 45_000 });
  await expect(bandwidth.locator('canvas').first()).toBeVisible();
  await expect(connections.getByRole('img')).toHaveAttribute('aria-label', /GW_VIP_L4: 7/);
  await expect(graphs.getByRole('figure', { name: 'Load average (1 min)' }).getByRole('img')).toHaveAttribute(
    'aria-label',
    /director1: 0.42/,
  );

  // The text alternative: the same numbers as the series API, by keyboard.
  const series = await (await api.get(`reports/series?target=service:${gw.id}&metric=activeConnections&range=1h`)).json();
  expect(series.step).toBe(10);
  const known = series.points.filter((p: (number | null)[]) => p[2] !== null);
  expect(known.length).toBeGreaterThan(0);
  expect(
    known.filter((p: number[]) => !(p[2] === 7 && p[1] === 7 && p[3] === 7)),
    JSON.stringify(series.points),
  ).toEqual([]);
  await connections.getByRole('button', { name: 'Show as a table' }).focus();
  await page.keyboard.press('Enter');
  const table = connections.getByRole('region', { name: 'Active connections: busiest services, as a table' }).getByRole('table');
  await expect(table.getByRole('columnheader', { name: 'GW_VIP_L4' })).toBeVisible();
  const firstTime = new Date(known[0][0] * 1000).toISOString();
  await expect(table.locator(`time[datetime="${firstTime}"]`)).toBeVisible();
  const row = table.getByRole('row').filter({ has: page.locator(`time[datetime="${firstTime}"]`) });
  await expect(row.getByRole('cell')).toHaveText(['7']);

  // CSV of a graph: the same series, one row per sample.
  const [download] = await Promise.all([page.waitForEvent('download'), connections.getByRole('link', { name: 'CSV: GW_VIP_L4' }).click()]);
  const csv = fs
    .readFileSync(await download.path(), 'utf8')
    .trim()
    .split('\r\n');
  expect(csv[0]).toBe('time,min (connections),avg (connections),max (connections)');
  expect(csv).toContain(`${firstTime.replace('.000Z', 'Z')},7,7,7`);

  // The range switch: 24 hours are drawn from the minute rollups, 7 days from the hourly ones (other series, other steps).
  for (const [range, step, text] of [
    ['24h', 60, 'Last 24 hours, minute averages'],
    ['7d', 3600, 'Last 7 days, hourly averages'],
  ] as const) {
    const asked = page.waitForResponse((r) => r.url().includes(`/api/v1/reports/dashboard?range=${range}`));
    await graphs.getByRole('button', { name: new RegExp(`^${range}`) }).click();
    expect((await (await asked).json()).step).toBe(step);
    await expect(graphs.getByRole('button', { name: new RegExp(`^${range}`) })).toHaveAttribute('aria-pressed', 'true');
    await expect(graphs.getByRole('status')).toContainText(text);
  }
  await graphs.getByRole('button', { name: /^1h/ }).click();
  await expect(graphs.getByRole('status')).toContainText('Last 1 hour, every 10 s');

  // Reports: the service's graphs, the availability table (up, from the health changes) and CSV.
  // Without a range it opens on what has been recorded (minutes here: the last hour) and says since when.
  await page.goto(`${server.baseURL}/reports?target=service:${gw.id}`);
  await expect(page.getByRole('combobox', { name: 'Range' })).toHaveValue('1h');
  await expect(page.getByTestId('report-span')).toContainText(/Recorded since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\./);
  // What is kept, within the metrics file's budget (a small farm keeps all of it).
  await expect(page.getByTestId('report-span')).toContainText('Kept: 10 s samples for 24 h, minutes for 30 days, hours for 365 days.');
  await expect(page.getByRole('heading', { name: 'GW_VIP_L4', level: 2, exact: true })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Connections: GW_VIP_L4' }).getByRole('img')).toHaveAttribute('aria-label', /Active: 7/);
  await expect(page.getByRole('figure', { name: 'New connections per second: GW_VIP_L4' }).getByRole('img')).toHaveAttribute(
    'aria-label',
    /New connections: \d/,
  );
  const gw01 = page.getByTestId('availability-GW01');
  await expect(gw01).toContainText('100 %');
  await expect(gw01.getByRole('cell').nth(3)).toHaveText('0'); // no outage
  // (The download itself is checked with the graph's CSV above; this one reads what the link serves.)
  const availHref = await page
    .getByRole('region', { name: /^Availability/ })
    .getByRole('link', { name: 'Download as CSV' })
    .getAttribute('href');
  const availRes = await page.request.get(`${server.baseURL}${availHref}`);
  expect(availRes.headers()['content-disposition']).toMatch(/^attachment; filename="lvs-availability-\d{8}-\d{4}\.csv"$/);
  const rows = (await availRes.text()).trim().split('\r\n');
  expect(rows[0]).toBe('service,real server,address,uptime %,up (s),down (s),unknown (s),maintenance (s),outages,longest outage (s)');
  expect(rows.find((r) => r.startsWith('GW_VIP_L4,GW01,'))).toMatch(/^GW_VIP_L4,GW01,192\.168\.98\.231,100,\d+,0,/);
  // The director became MASTER while the console watched: the failover history has it.
  await expect(page.getByRole('region', { name: 'Failover history (VRRP)' }).getByRole('row', { name: /director1 MASTER/ })).toBeVisible();
});

test('the series API says what to fix', async ({ api, emptyConfig }) => {
  void emptyConfig;
  const bad = await api.get('reports/series?target=service:nope&metric=load1');
  expect(bad.status()).toBe(404);
  expect((await bad.json()).error.message).toContain('There is no virtual service with id "nope"');
  const metric = await api.get('reports/series?target=director:x&metric=bytes');
  expect(metric.status()).toBe(422);
  expect((await metric.json()).error.message).toMatch(/metric: Use one of: activeConnections, .*load1/);
  const range = await api.get('reports/availability?from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z');
  expect(range.status()).toBe(422);
  expect((await range.json()).error.message).toContain('from must be before to');
});
