import { expect, test } from '@playwright/test';
import { startConsole } from '../lib/test/console-server';

const PASSWORD = 'chosen-at-first-run';

test('first run: the setup token from the log sets the admin password once; a restart keeps everything', async ({ page }) => {
  const server = await startConsole();
  try {
    const token = server.setupToken();
    expect(token, 'the first start prints a setup token').toBeTruthy();
    const fingerprint = /SHA-256 fingerprint: (\S+)/.exec(server.log())?.[1];
    expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

    await page.goto(`${server.baseURL}/`);
    await expect(page).toHaveURL(/\/setup$/);
    await expect(page.getByRole('heading', { name: 'First-run setup' })).toBeVisible();

    await page.getByLabel('Setup token').fill('not-the-token');
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect(page.getByText(/The setup token is wrong/)).toBeVisible();
    await expect(page.getByLabel('Setup token')).toHaveAttribute('aria-invalid', 'true');

    await page.getByLabel('Setup token').fill(token!);
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(`${PASSWORD}-typo`);
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect(page.getByText('The two passwords differ; type the same password twice.')).toBeVisible();

    await page.getByLabel('Setup token').fill(token!);
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect(page).toHaveURL(/\/login/);

    // Setup is closed now.
    await page.goto(`${server.baseURL}/setup`);
    await expect(page).toHaveURL(/\/login/);

    await server.restart();
    const afterRestart = server.log().split('listening on').at(-2) ?? '';
    expect(afterRestart).toContain('TLS certificate (reused)');
    expect(server.log().match(/setup token: /g)).toHaveLength(1);
    expect([...server.log().matchAll(/SHA-256 fingerprint: (\S+)/g)].map((m) => m[1])).toEqual([fingerprint, fingerprint]);

    await page.goto(`${server.baseURL}/setup`);
    await expect(page).toHaveURL(/\/login/);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/overview$/);
  } finally {
    await server.stop();
  }
});
