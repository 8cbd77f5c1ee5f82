// A large configuration, as a new user with 2,000 services x 10 real servers would meet it: every page
// answers, the lists are searchable and paged on the server (the search in the URL), one service's real
// servers on their own, a large file offered as a download, and the backup restores into an empty
// console as the same document.
import { expect, test, EMPTY_CONFIG } from './support/fixtures';
import { ADMIN_PASSWORD, startConsole } from '../lib/test/console-server';
import { request as pwRequest } from '@playwright/test';

const N = 2_000;
const ip = (i: number) => `10.1.${i >> 8}.${i & 255}`;

function bigDocument() {
  return {
    format: 'lvs-console/1',
    virtualServices: Array.from({ length: N }, (_, i) => ({
      label: `VS_${String(i).padStart(4, '0')}`,
      ip: ip(i),
      ports: i % 2 ? '443' : '80,443',
      realServers: Array.from({ length: 10 }, (_, j) => ({ label: `RS_${i}_${j}`, ip: `172.16.${j}.${(i % 250) + 1}` })),
    })),
    floatingIps: [],
    // Not confirmed: never contacted.
    directors: [{ name: 'director1', host: '127.0.0.1', port: 1 }],
  };
}

test.describe.configure({ mode: 'serial' });

test('2,000 services x 10 real servers: every page answers, search and pages, one service, downloads, backup and restore', async ({
  signedIn: page,
  server,
  api,
}) => {
  test.setTimeout(300_000);
  expect((await api.post('config', { data: bigDocument(), timeout: 180_000 })).status()).toBe(200);

  for (const path of [
    '/overview',
    '/cluster-configuration/virtual-services',
    '/cluster-configuration/real-servers',
    '/view-configuration',
    '/maintenance',
    '/maintenance/apply',
    '/logs',
    '/reports',
  ]) {
    const res = await page.goto(`${server.baseURL}${path}`, { timeout: 60_000 });
    expect(res?.status(), path).toBe(200);
  }
  // Floating IPs: the 2,000 service addresses, 50 a page.
  await page.goto(`${server.baseURL}/cluster-configuration/floating-ips`);
  await expect(page.getByRole('navigation', { name: 'Pages' }).locator('p')).toHaveText('1-50 of 2,000 floating IPs; page 1 of 40.');
  // The System Overview holds one page of 50 services, filtered and paged on the server.
  await page.goto(`${server.baseURL}/overview`);
  await expect(page.getByText(/^2000 of 2000 services; page 1 of 40, 50 a page/)).toBeVisible();
  await page.getByRole('navigation', { name: 'Overview pages' }).getByRole('button', { name: 'Last' }).click();
  await expect(page.getByText(/^2000 of 2000 services; page 40 of 40/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'VS_1999 (10 real servers)' })).toBeVisible();
  await page.getByLabel('Filter').fill('172.16.3.78');
  await expect(page.getByText(/^8 of 2000 services; updated/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'VS_0077 (10 real servers)' })).toBeVisible();
  // The banner says the configuration is not on the directors yet.
  await expect(page.getByText('The configuration has changes that are not on the directors yet.')).toBeVisible();

  // Virtual services: 50 a page, the last page, search by label and by address (bookmarkable).
  await page.goto(`${server.baseURL}/cluster-configuration/virtual-services`);
  const pages = page.getByRole('navigation', { name: 'Pages' });
  await expect(pages.locator('p')).toHaveText('1-50 of 2,000 services; page 1 of 40.');
  await pages.getByRole('link', { name: 'Last' }).click();
  await expect(pages.locator('p')).toHaveText('1,951-2,000 of 2,000 services; page 40 of 40.');
  await expect(page.getByRole('rowheader', { name: 'VS_1999' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search' }).fill('VS_1234');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\?q=VS_1234$/);
  await expect(pages.locator('p')).toHaveText('1-1 of 1 services matching "VS_1234"; page 1 of 1.');
  await expect(page.getByRole('rowheader', { name: 'VS_1234' })).toBeVisible();
  await page.goto(`${server.baseURL}/cluster-configuration/virtual-services?q=${ip(77)}`);
  await expect(page.getByRole('rowheader')).toHaveText(['VS_0077']);

  // One service's real servers, from its count.
  await page.getByRole('link', { name: '10 real servers of VS_0077' }).click();
  await expect(page).toHaveURL(/real-servers\?service=/);
  await expect(page.getByText('Showing the real servers of VS_0077 only.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Real servers of VS_0077' }).getByRole('rowheader')).toHaveCount(10);
  // Real servers by their address, and by state (none halted).
  await page.goto(`${server.baseURL}/cluster-configuration/real-servers?q=172.16.9.78`);
  await expect(page.getByRole('navigation', { name: 'Pages' }).locator('p')).toContainText('of 8 services with matching real servers');
  await page.goto(`${server.baseURL}/cluster-configuration/real-servers?state=halt`);
  await expect(page.getByRole('navigation', { name: 'Pages' }).locator('p')).toHaveText('No services with matching real servers.');

  // The API pages too.
  const listed = await api.get('virtual-services?q=VS_00&limit=5&offset=0');
  expect(listed.headers()['x-total-count']).toBe('100');
  expect((await listed.json()).map((s: { label: string }) => s.label)).toEqual(['VS_0000', 'VS_0001', 'VS_0002', 'VS_0003', 'VS_0004']);

  // View Configuration offers keepalived.conf as a download (too large to show).
  await page.goto(`${server.baseURL}/view-configuration`);
  await expect(page.getByText(/Too large to show here \(\d+\.\d MB\): download it\./).first()).toBeVisible();
  const file = await api.get(`render/file?director=director1&path=${encodeURIComponent('/etc/keepalived/keepalived.conf')}`);
  expect(file.status()).toBe(200);
  expect(file.headers()['content-disposition']).toBe('attachment; filename="director1-keepalived.conf"');
  expect((await file.text()).match(/^virtual_server /gm)?.length).toBeGreaterThanOrEqual(N);

  // Backup, restored into an empty console: the same document (but the time it was taken).
  const backup = await (await api.get('config', { timeout: 60_000 })).text();
  const other = await startConsole({ LVS_ADMIN_PASSWORD: ADMIN_PASSWORD });
  try {
    const made = other.cli('api-key', 'create', '--name', 'restore', '--role', 'admin');
    const otherApi = await pwRequest.newContext({
      baseURL: `${other.baseURL}/api/v1/`,
      ignoreHTTPSErrors: true,
      extraHTTPHeaders: { Authorization: `Bearer ${made.stdout.trim()}` },
    });
    expect((await otherApi.post('config', { data: JSON.parse(backup), timeout: 180_000 })).status()).toBe(200);
    const restored = await (await otherApi.get('config', { timeout: 60_000 })).text();
    const normalise = (t: string) => t.replace(/"exportedAt":"[^"]+"/, '"exportedAt":"T"');
    expect(normalise(restored)).toBe(normalise(backup));
    await otherApi.dispose();
  } finally {
    await other.stop();
  }
  expect((await api.post('config', { data: EMPTY_CONFIG, timeout: 120_000 })).ok()).toBe(true);
});
