import { test as base, expect, request as pwRequest, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, startConsole, type ConsoleServer } from '../../lib/test/console-server';

/** Signs in through the login form, as a person would. */
export async function signIn(page: Page, server: ConsoleServer, password = ADMIN_PASSWORD): Promise<void> {
  await page.goto(`${server.baseURL}/login`);
  await page.getByLabel('Username').fill('loadbalancer');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/overview$/);
}

export const EMPTY_CONFIG = { format: 'lvs-console/1', virtualServices: [], floatingIps: [], directors: [] };

/** A console with the admin password already set (LVS_ADMIN_PASSWORD), shared by the worker's tests. */
export const test = base.extend<{ signedIn: Page; emptyConfig: void }, { server: ConsoleServer; api: APIRequestContext }>({
  server: [
    async ({}, use) => {
      const server = await startConsole({ LVS_ADMIN_PASSWORD: ADMIN_PASSWORD });
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  /** The REST API with an admin API key made by the CLI, as an integrator would use it. */
  api: [
    async ({ server }, use) => {
      const created = server.cli('api-key', 'create', '--name', `e2e-${Date.now()}`, '--role', 'admin');
      if (created.status !== 0) throw new Error(created.stderr);
      const api = await pwRequest.newContext({
        baseURL: `${server.baseURL}/api/v1/`,
        ignoreHTTPSErrors: true,
        extraHTTPHeaders: { Authorization: `Bearer ${created.stdout.trim()}` },
      });
      await use(api);
      await api.dispose();
    },
    { scope: 'worker' },
  ],
  /** Starts the test from an empty configuration (the worker's server is shared between tests). */
  emptyConfig: async ({ api }, use) => {
    const res = await api.post('config', { data: EMPTY_CONFIG });
    if (!res.ok()) throw new Error(await res.text());
    await use();
  },
  signedIn: async ({ page, server }, use) => {
    await signIn(page, server);
    await use(page);
  },
});

export { expect };
