import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, signIn, EMPTY_CONFIG } from './support/fixtures';

function withoutVolatile(doc: Record<string, unknown>) {
  const { exportedAt: _t, ...rest } = doc;
  return rest;
}

test('CLI: export, wipe, import reproduces the configuration; importing twice changes nothing', async ({ server, api, emptyConfig: _ }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-backup-'));
  const seed = server.cli('example', 'dr');
  const seeded = JSON.parse(seed.stdout);
  seeded.virtualServices[0].emailAlert = ['gw-team@example.com']; // kept through export and import
  fs.writeFileSync(path.join(dir, 'seed.json'), JSON.stringify(seeded));
  const first = server.cli('import', path.join(dir, 'seed.json'));
  expect(first.status, first.stderr).toBe(0);
  expect(first.stdout).toContain('+ real server GW_VIP_L4/GW01');
  const again = server.cli('import', path.join(dir, 'seed.json'));
  expect(again.stdout).toMatch(/nothing to change/);

  const exported = server.cli('export', '--out', path.join(dir, 'backup.json'));
  expect(exported.status, exported.stderr).toBe(0);
  const before = JSON.parse(fs.readFileSync(path.join(dir, 'backup.json'), 'utf8'));
  expect(before.virtualServices.map((s: { label: string; emailAlert: string[] }) => [s.label, s.emailAlert])).toEqual([
    ['BROKER_VIP_L4', []],
    ['GW_VIP_L4', ['gw-team@example.com']],
  ]);
  expect(JSON.stringify(before)).not.toMatch(/password|privateKey|keyHash/i);

  expect((await api.post('config', { data: EMPTY_CONFIG })).ok()).toBe(true);
  expect(await (await api.get('virtual-services')).json()).toEqual([]);

  const restored = server.cli('import', path.join(dir, 'backup.json'));
  expect(restored.status, restored.stderr).toBe(0);
  const after = await (await api.get('config')).json();
  expect(withoutVolatile(after)).toEqual(withoutVolatile(before));
  expect(server.cli('import', path.join(dir, 'backup.json')).stdout).toMatch(/nothing to change/);

  // A broken file is refused as a whole, naming where, and changes nothing.
  const broken = JSON.parse(JSON.stringify(before));
  broken.virtualServices[1].realServers[1].weight = 99999;
  broken.virtualServices[0].label = 'NEW_LABEL';
  fs.writeFileSync(path.join(dir, 'broken.json'), JSON.stringify(broken));
  const refused = server.cli('import', path.join(dir, 'broken.json'));
  expect(refused.status).toBe(2);
  expect(refused.stderr).toContain('virtualServices[1].realServers[1].weight: Use a weight from 0 to 65535.');
  expect(withoutVolatile(await (await api.get('config')).json())).toEqual(withoutVolatile(before));
});

test('Backup & Restore page: download, then restore after a wipe with a preview and a confirmation', async ({
  page,
  server,
  api,
  emptyConfig: _,
}) => {
  const seed = JSON.parse(server.cli('example', 'nat').stdout);
  expect((await api.post('config', { data: seed })).ok()).toBe(true);
  const original = await (await api.get('config')).json();

  await signIn(page, server);
  await page.goto(`${server.baseURL}/maintenance`);
  await page.getByRole('link', { name: 'Backup & Restore' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download backup' }).click()]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-dl-')), download.suggestedFilename());
  await download.saveAs(file);
  expect(withoutVolatile(JSON.parse(fs.readFileSync(file, 'utf8')))).toEqual(withoutVolatile(original));

  expect((await api.post('config', { data: EMPTY_CONFIG })).ok()).toBe(true);
  await page.getByLabel('Configuration file').setInputFiles(file);
  const preview = page.getByRole('region', { name: 'What the restore changes' });
  await expect(preview).toContainText('Added (11)');
  await expect(preview).toContainText('virtual service GW_VIP_L4');
  await expect(preview).toContainText('floating IP 192.168.98.100');
  expect(await (await api.get('virtual-services')).json(), 'the preview changes nothing').toEqual([]);
  await page.getByRole('button', { name: 'Restore this configuration' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Restored' })).toContainText('11 added');
  expect(withoutVolatile(await (await api.get('config')).json())).toEqual(withoutVolatile(original));

  // The same file again: nothing to do.
  await page.getByLabel('Configuration file').setInputFiles(file);
  await expect(preview).toContainText('already matches this file');
  await expect(page.getByRole('button', { name: 'Restore this configuration' })).toBeDisabled();
});
