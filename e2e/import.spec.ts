// Adopting a director's keepalived.conf over the API: the preview, the import, a refusal by line.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { startFakeDirector } from './support/fake-director';

const DIR = path.join(__dirname, '..', 'lib', 'import', 'fixtures', 'keepalived');
// The fixture with its include inlined, as an admin would paste it into an upload.
const inlined = () =>
  fs
    .readFileSync(path.join(DIR, 'keepalived.conf'), 'utf8')
    .replace(
      'include conf.d/*.conf',
      ['brokers.conf', 'dns.conf'].map((f) => fs.readFileSync(path.join(DIR, 'conf.d', f), 'utf8')).join('\n'),
    );

test('POST /api/v1/config/import: preview, import with the gateways merged, and a refusal that names the line', async ({
  api,
  emptyConfig: _,
}) => {
  const preview = await api.post('config/import?format=keepalived&dryRun=1', {
    data: inlined(),
    headers: { 'content-type': 'text/plain' },
  });
  expect(preview.status()).toBe(200);
  const p = await preview.json();
  expect(p.plan.create).toContain('virtual service 192.168.50.20_443');
  expect(p.merges[0]).toMatchObject({ labels: ['192.168.50.10_443', '192.168.50.10_4172'], merged: false });
  expect(p.mergeExplanation).toMatch(/persistence then spans all its ports/);
  expect(await (await api.get('virtual-services')).json()).toEqual([]);

  const done = await api.post('config/import?format=keepalived&merge=1', { data: inlined(), headers: { 'content-type': 'text/plain' } });
  expect(done.status()).toBe(200);
  const labels = (await (await api.get('virtual-services')).json()).map((s: { label: string; ports: string }) => `${s.label} ${s.ports}`);
  expect(labels).toEqual(['192.168.50.10_tcp 443,4172', '192.168.50.20_443 443', '192.168.50.20_53 53']);

  const withInclude = await api.post('config/import?format=keepalived', {
    data: fs.readFileSync(path.join(DIR, 'keepalived.conf'), 'utf8'),
    headers: { 'content-type': 'text/plain' },
  });
  expect(withInclude.status()).toBe(422);
  expect((await withInclude.json()).error.fields[0]).toEqual({
    field: 'keepalived.conf:70',
    message:
      'include conf.d/*.conf: an uploaded file cannot include others. Paste the included files in its place, or import from the director.',
  });

  const other = await api.post('config/import?format=nginx', { data: 'x', headers: { 'content-type': 'text/plain' } });
  expect(other.status()).toBe(400);
  expect((await other.json()).error.message).toMatch(/imports format=keepalived .*format=ldirectord .* or format=ipvsadm/);
});

test('Maintenance > Import: the preview lists what changes, the merge is a choice, then the services are there; ipvsadm output too', async ({
  signedIn: page,
  server,
  emptyConfig: _,
}) => {
  await page.goto(`${server.baseURL}/maintenance`);
  await page.getByRole('link', { name: 'Import a configuration' }).click();
  await expect(page.getByRole('combobox', { name: 'Format' })).toHaveValue('keepalived');
  await page
    .getByLabel('File', { exact: true })
    .setInputFiles({ name: 'keepalived.conf', mimeType: 'text/plain', buffer: Buffer.from(inlined()) });
  const preview = page.getByRole('region', { name: 'What the import changes' });
  await expect(preview.getByText('4 services with 7 real servers in the file.')).toBeVisible();
  // 4 services, 7 real servers, the unused VRRP address and the two service addresses as floating IPs.
  await expect(preview.getByRole('heading', { name: 'Added (14)' })).toBeVisible();
  await preview
    .getByRole('checkbox', { name: /192\.168\.50\.10_443, 192\.168\.50\.10_4172 as one TCP service on 192\.168\.50\.10, ports 443,4172/ })
    .check();
  await expect(preview.getByText('3 services with 5 real servers in the file.')).toBeVisible(); // the 4172 servers are the 443 ones
  await expect(preview.getByText(/line 15: unicast peer 10\.0\.0\.12: a director of the pair/)).toBeVisible();
  await preview.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByText(/^Imported: \d+ added, 0 changed, 0 removed\./)).toBeVisible();
  await page.goto(`${server.baseURL}/cluster-configuration/virtual-services`);
  await expect(page.getByRole('rowheader')).toHaveText(['192.168.50.10_tcp', '192.168.50.20_443', '192.168.50.20_53']);

  // The kernel table of another director, as `ipvsadm -Sn` prints it: it replaces the services.
  await page.goto(`${server.baseURL}/maintenance/import`);
  await page.getByRole('combobox', { name: 'Format' }).selectOption('ipvsadm');
  await page.getByLabel('File', { exact: true }).setInputFiles({
    name: 'ipvsadm-save.txt',
    mimeType: 'text/plain',
    buffer: fs.readFileSync(path.join(__dirname, '..', 'lib', 'import', 'fixtures', 'ipvsadm', 'ipvsadm-save.txt')),
  });
  await expect(preview.getByText('4 services with 8 real servers in the file.')).toBeVisible();
  await expect(preview.getByText(/ipvsadm rules have no health checks; imported with "No checks"/).first()).toBeVisible();
  await expect(preview.getByRole('heading', { name: /^Removed \(\d+\)$/ })).toBeVisible();
});

test('Maintenance > Import from a director: its keepalived.conf and includes are read over SSH, previewed and imported', async ({
  signedIn: page,
  server,
  api,
  emptyConfig: _,
}) => {
  const files = Object.fromEntries(
    [
      ['keepalived.conf', 'keepalived.conf'],
      ['conf.d/brokers.conf', 'conf.d/brokers.conf'],
      ['conf.d/dns.conf', 'conf.d/dns.conf'],
    ].map(([local, remote]) => [`/etc/keepalived/${remote}`, fs.readFileSync(path.join(DIR, local), 'utf8')]),
  );
  const fake = await startFakeDirector([], { files });
  try {
    const doc = {
      format: 'lvs-console/1',
      virtualServices: [],
      floatingIps: [],
      directors: [
        { name: 'lb1', host: '127.0.0.1', port: fake.port, hostKeyFingerprint: fake.fingerprint, vrrpAddress: '10.255.0.1' },
        { name: 'lb2', host: '127.0.0.1', port: 1, role: 'secondary', vrrpAddress: '10.255.0.2' },
      ],
    };
    expect((await api.post('config', { data: doc })).status()).toBe(200);
    await page.goto(`${server.baseURL}/maintenance/import`);
    const directors = page.getByRole('combobox', { name: 'Director' });
    await expect(directors.getByRole('option', { name: 'lb2 (host key not confirmed)' })).toBeDisabled();
    await expect(directors).toHaveValue('lb1');
    await page.getByRole('button', { name: 'Read its keepalived.conf' }).click();
    const preview = page.getByRole('region', { name: 'What the import changes' });
    await expect(preview.getByText('4 services with 7 real servers in the file.')).toBeVisible();
    await preview.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByText(/^Imported: \d+ added, 0 changed, 0 removed\./)).toBeVisible();
    const labels = (await (await api.get('virtual-services')).json()).map((s: { label: string }) => s.label);
    expect(labels).toEqual(['192.168.50.10_4172', '192.168.50.10_443', '192.168.50.20_443', '192.168.50.20_53']);
    expect((await (await api.get('directors')).json()).map((d: { name: string }) => d.name)).toEqual(['lb1', 'lb2']);
  } finally {
    await fake.close();
  }
});
