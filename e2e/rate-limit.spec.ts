import { test as base, expect, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, startConsole, type ConsoleServer } from './support/console-server';

const test = base.extend<{}, { server: ConsoleServer }>({
  server: [
    async ({}, use) => {
      const server = await startConsole({ LVS_ADMIN_PASSWORD: ADMIN_PASSWORD, LVS_LOGIN_MAX_FAILURES: '3', LVS_LOGIN_MAX_FAILURES_PER_ADDRESS: '5' });
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
});

async function attempt(page: Page, user: string, password: string) {
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
}

test('failed sign-ins are limited per user, then per address, and even the right password waits', async ({ page, server }) => {
  await page.goto(`${server.baseURL}/login`);
  const alert = page.getByRole('form', { name: 'Sign in' }).getByRole('alert');
  for (let i = 0; i < 3; i++) {
    await attempt(page, 'loadbalancer', `wrong-${i}`);
    await expect(alert).toHaveText('Wrong user name or password.');
  }
  await attempt(page, 'loadbalancer', ADMIN_PASSWORD);
  await expect(alert).toHaveText(/^Too many failed sign-ins for this user\. Try again in \d+ s\.$/);
  await expect(page).toHaveURL(/\/login/);

  // Two more failures from this address, for other user names, reach the per-address limit (5).
  await attempt(page, 'operator', 'x');
  await attempt(page, 'admin', 'y');
  await attempt(page, 'someone-new', 'z');
  await expect(alert).toHaveText(/^Too many failed sign-ins for your address\. Try again in \d+ s\.$/);
  expect(server.log()).not.toContain(ADMIN_PASSWORD);
});
