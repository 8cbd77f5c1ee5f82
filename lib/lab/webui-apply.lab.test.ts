// The whole journey in a browser: an admin confirms the lab directors' host keys in the WebUI, applies
// the guide's DR setup, watches the live progress, and traffic from the lab client flows through the
// VIPs; then the same for the NAT setup.
import { expect as see, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, authorizeKey } from './lab';
import { startLabConsole, type LabConsole } from './testing/console';
import type { ConsoleServer } from '../test/console-server';

let lab: Lab;
let c: LabConsole;
let server: ConsoleServer;
let page: Page;

/** Imports a guide example and points its directors at the lab's SSH forwards (host keys not confirmed yet). */
const loadExample = (example: 'dr' | 'nat') => c.loadExample(lab, example, { pinned: false });

/** Applies from the pending-changes banner; the review lists `changed`, the file the change is in. */
async function applyFromTheWebUi(comment: string, changed = '/etc/keepalived/keepalived.conf') {
  await page.goto(`${server.baseURL}/overview`);
  await page.getByRole('region', { name: 'Pending changes' }).getByRole('link', { name: 'Review and apply' }).click();
  await see(page.getByRole('heading', { level: 1, name: 'Apply' })).toBeVisible();
  await see(page.getByText(`director1: ${changed}`)).toBeVisible();
  await page.getByLabel('Comment').fill(comment);
  await page.getByRole('button', { name: 'Apply configuration' }).click();
  const progress = page.getByRole('region', { name: 'Apply progress' });
  // Live progress: steps appear while the apply runs.
  await see(progress.getByRole('row').filter({ hasText: 'director2' }).first()).toBeVisible({ timeout: 20_000 });
  await see(progress.getByRole('status')).toContainText('Applied successfully', { timeout: 120_000 });
  const rows = await progress.getByRole('row').allInnerTexts();
  // 11 steps on each director (rows start with the director), and the pair's keep-active step.
  expect(rows.filter((r) => /^director[12]\b/.test(r) && /\bsucceeded\b/.test(r)).length).toBe(22);
  expect(rows.filter((r) => /^pair\s+keep-active\s+succeeded/.test(r))).toHaveLength(1);
  await page.reload();
  await see(page.getByRole('region', { name: 'Pending changes' })).toHaveCount(0);
}

beforeAll(async () => {
  lab = Lab.attach();
  c = await startLabConsole();
  ({ server, page } = c);
}, 180_000);

afterAll(async () => {
  await c?.stop();
});

describe('from the WebUI to the kernel', () => {
  it('DR: confirm the host keys, apply with live progress, and the gateway VIP answers the client', async () => {
    await lab.reset('dr');
    await loadExample('dr');
    // The console's key, as the Directors page shows it, authorised on the directors.
    await page.goto(`${server.baseURL}/local-configuration/directors`);
    const command = await page.getByLabel("Command to authorise the console's key").innerText();
    const publicKey = /'(ssh-ed25519 [^']+)'/.exec(command)![1];
    authorizeKey(publicKey);
    for (const d of lab.directors()) {
      const section = page.getByRole('region', { name: new RegExp(`^${d.name}`) });
      await section.getByRole('button', { name: `Test connection to ${d.name}` }).click();
      const report = page.getByRole('region', { name: `Connection test of ${d.name}` });
      await see(report).toContainText('Key accepted');
      await see(report).toContainText('ip_vs loaded');
      await see(report).toContainText(d.hostKeyFingerprint);
      await report.getByRole('button', { name: `Confirm host key ${d.hostKeyFingerprint}` }).click();
      await see(section).toContainText(d.hostKeyFingerprint);
    }
    await applyFromTheWebUi('Leostream DR from the WebUI');
    const answers = (await lab.fromClient('for i in 1 2 3; do curl -sk --max-time 5 https://192.168.98.238/whoami; done')).stdout
      .trim()
      .split('\n');
    expect(answers.every((a) => a === 'gw1' || a === 'gw2')).toBe(true);
    expect(answers).toHaveLength(3);
  }, 300_000);

  it('NAT: the same setup in NAT mode; the client outside reaches the gateways through the director', async () => {
    await lab.reset('nat');
    await loadExample('nat');
    await applyFromTheWebUi('Leostream NAT from the WebUI');
    const answers = (await lab.fromClient('for i in 1 2 3; do curl -sk --max-time 5 https://192.168.85.140/whoami; done')).stdout
      .trim()
      .split('\n');
    expect(answers).toHaveLength(3);
    expect(answers.every((a) => a === 'gw1' || a === 'gw2')).toBe(true);
    const broker = (await lab.fromClient('curl -sk --max-time 5 "https://192.168.85.141/index.pl?action=cb_status"')).stdout.trim();
    expect(broker).toBe('CB_IS_OK');
  }, 300_000);

  it('Auto-NAT from the Layer 4 Advanced page: a NAT-mode gateway reaches the client beyond the external interface, and no longer once it is off', async () => {
    // The client (outside, 192.168.85.0/24) has no route back to the gateways' network: it answers only
    // a connection that arrives from a director's external address. It says whom it sees.
    await lab.clientInBackground('socat TCP-LISTEN:8085,reuseaddr,fork SYSTEM:"echo \\$SOCAT_PEERADDR"');
    const outbound = () => lab.runOn('gw1', 'socat -T3 - TCP:192.168.85.10:8085,connect-timeout=3 </dev/null', 20_000);
    expect((await outbound()).code).not.toBe(0);

    const autoNat = async (on: boolean) => {
      await page.goto(`${server.baseURL}/cluster-configuration`);
      await page.getByRole('link', { name: 'Layer 4 Advanced Configuration' }).click();
      const form = page.getByRole('form', { name: 'Auto-NAT' });
      await see(form).toContainText(on ? 'Now: off' : 'Now: on, masquerading to eth0');
      await see(form).toContainText('It applies to 4 NAT-mode real server addresses: 192.168.98.230, 192.168.98.231');
      await form.getByLabel(/Masquerade NAT-mode real servers/).setChecked(on);
      if (on) await form.getByLabel('External interface on the directors').fill('eth0');
      await form.getByRole('button', { name: 'Save Auto-NAT' }).click();
      await see(form.getByRole('status')).toContainText('Saved. Apply the configuration');
    };
    await autoNat(true);
    await applyFromTheWebUi('Auto-NAT on eth0', '/etc/lvs-console/marks.nft');
    const seen = (await outbound()).stdout.trim();
    expect(['192.168.85.101', '192.168.85.102']).toContain(seen);

    await autoNat(false);
    await applyFromTheWebUi('Auto-NAT off', '/etc/lvs-console/marks.nft');
    expect((await outbound()).code).not.toBe(0);
    for (const d of ['director1', 'director2'] as const)
      expect(await lab.mustRun(d, 'nft list table inet lvs_console')).not.toContain('masquerade');
  }, 300_000);

  it('a failing apply is explained in the WebUI, and the directors keep running the previous configuration', async () => {
    const directors = await c.api('GET', 'directors');
    const d2 = directors.find((d: { name: string }) => d.name === 'director2');
    await c.api('PATCH', `directors/${d2.id}`, { version: d2.version, vrrpInterface: 'eth7' });
    await page.goto(`${server.baseURL}/maintenance/apply`);
    await page.getByRole('button', { name: 'Apply configuration' }).click();
    const progress = page.getByRole('region', { name: 'Apply progress' });
    await see(progress.getByRole('status')).toContainText('The apply failed.', { timeout: 60_000 });
    await see(progress.getByRole('alert')).toContainText('keepalived --config-test on director2 exited 5');
    await see(progress.getByRole('alert')).toContainText('eth7');
    await see(progress.getByRole('row', { name: /^director2 config-test/ })).toContainText('failed');
    // director1 was prepared at the same time and left as it was.
    await see(progress.getByRole('row', { name: /^director1 install/ })).toContainText('skipped');
    await page.goto(`${server.baseURL}/local-configuration/directors`);
    await see(page.getByRole('region', { name: /^director2/ }).getByRole('alert')).toContainText('eth7');
    const answers = (await lab.fromClient('curl -sk --max-time 5 https://192.168.85.140/whoami')).stdout.trim();
    expect(['gw1', 'gw2']).toContain(answers);
  }, 180_000);
});
