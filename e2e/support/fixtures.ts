import { test as base, expect, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, startConsole, type ConsoleServer } from './console-server';

/** Signs in through the login form, as a person would. */
export async function signIn(page: Page, server: ConsoleServer, password = ADMIN_PASSWORD): Promise<void> {
  await page.goto(`${server.baseURL}/login`);
  await page.getByLabel('Username').fill('loadbalancer');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/overview$/);
}

/** A console with the admin password already set (LVS_ADMIN_PASSWORD), one per test file. */
export const test = base.extend<{ signedIn: Page }, { server: ConsoleServer }>({
  server: [
    async ({}, use) => {
      const server = await startConsole({ LVS_ADMIN_PASSWORD: ADMIN_PASSWORD });
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  signedIn: async ({ page, server }, use) => {
    await signIn(page, server);
    await use(page);
  },
});

export { expect };
