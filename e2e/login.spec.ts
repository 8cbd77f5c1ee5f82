import { expect, test, signIn } from './support/fixtures';
import { MENU } from '../components/console/menu';

// Sections still to come say so plainly (the rest have their own tests).
const NOT_BUILT_YET = ['Support'];

test('the login page renders and a wrong password is refused with a clear message', async ({ page, server }) => {
  await page.goto(`${server.baseURL}/overview`);
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { name: 'lvs-console' })).toBeVisible();
  await expect(page.getByLabel('Username')).toHaveValue('loadbalancer');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('form', { name: 'Sign in' }).getByRole('alert')).toHaveText('Wrong user name or password.');
  await expect(page).toHaveURL(/\/login/);
  // Still refused: a wrong password gives no session.
  const res = await page.request.get(`${server.baseURL}/api/v1/virtual-services`);
  expect(res.status()).toBe(401);
});

test('sign in opens System Overview; the menu mirrors the appliance and has no dead links', async ({ page, server }) => {
  await signIn(page, server);
  await expect(page.getByRole('heading', { level: 1, name: 'System Overview' })).toBeVisible();
  const menu = page.getByRole('navigation', { name: 'Main menu' });
  await expect(menu.getByRole('link')).toHaveText(MENU.map((m) => m.label));
  for (const item of MENU) {
    await menu.getByRole('link', { name: item.label }).click();
    await expect(page).toHaveURL(new RegExp(`${item.href}$`));
    await expect(page.getByRole('heading', { level: 1, name: item.label })).toBeVisible();
    await expect(menu.getByRole('link', { name: item.label })).toHaveAttribute('aria-current', 'page');
    if (NOT_BUILT_YET.includes(item.label)) await expect(page.getByText('This section is not built yet.')).toBeVisible();
  }
  // The sign-in is in the audit log.
  await menu.getByRole('link', { name: 'Logs' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'login' }).first()).toContainText('loadbalancer');
});

test('the session cookie is secure, HTTP-only and expires after the session lifetime', async ({ page, server }) => {
  await signIn(page, server);
  const cookie = (await page.context().cookies()).find((c) => c.name.endsWith('next-auth.session-token'));
  expect(cookie).toBeDefined();
  expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
  const eightHours = 8 * 3600;
  expect(cookie!.expires - Date.now() / 1000).toBeGreaterThan(eightHours - 120);
  expect(cookie!.expires - Date.now() / 1000).toBeLessThan(eightHours + 120);
});

test('sign out ends the session', async ({ page, server }) => {
  await signIn(page, server);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto(`${server.baseURL}/overview`);
  await expect(page).toHaveURL(/\/login/);
  expect((await page.request.get(`${server.baseURL}/api/v1/virtual-services`)).status()).toBe(401);
});
