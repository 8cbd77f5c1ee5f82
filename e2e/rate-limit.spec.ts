// Sign-in under attack and sessions that end: failures lock a user name out only from the address they
// came from, an address guessing many names waits, the right password from elsewhere still signs in;
// `npm run cli -- user passwd` ends a user's sessions; a session lives LVS_SESSION_MAX_AGE from sign-in,
// however often it is used.
import { test as base, expect, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, startConsole, type ConsoleServer } from '../lib/test/console-server';
import fs from 'node:fs';
import path from 'node:path';
import { decode, encode } from 'next-auth/jwt';
import { httpRequest, signInOverHttp } from './support/http-session';

const test = base.extend<Record<never, never>, { server: ConsoleServer }>({
  server: [
    async ({}, use) => {
      const server = await startConsole({ LVS_ADMIN_PASSWORD: ADMIN_PASSWORD, LVS_LOGIN_MAX_FAILURES_PER_ADDRESS: '8' });
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

test('five wrong passwords for loadbalancer from 127.0.0.2: that address waits, the right password from 127.0.0.1 signs in', async ({
  server,
}) => {
  for (let i = 0; i < 5; i++)
    expect(await signInOverHttp(server.baseURL, 'loadbalancer', `wrong-${i}`, '127.0.0.2')).toEqual({
      ok: false,
      error: 'Wrong user name or password.',
    });
  const locked = await signInOverHttp(server.baseURL, 'loadbalancer', ADMIN_PASSWORD, '127.0.0.2');
  expect(locked).toEqual({
    ok: false,
    error: expect.stringMatching(/^Too many failed sign-ins for this user from your address\. Try again in \d+ s\.$/),
  });

  const t0 = Date.now();
  const elsewhere = await signInOverHttp(server.baseURL, 'loadbalancer', ADMIN_PASSWORD, '127.0.0.1');
  expect(elsewhere.ok).toBe(true);
  if (!elsewhere.ok) return;
  console.log(`[e2e] sign-in after 5 failures from another address took ${Date.now() - t0} ms (slowed, not refused)`);
  expect((await httpRequest(server.baseURL, '/api/v1/directors', { cookies: elsewhere.cookies })).status).toBe(200);
  // The names tried are stored as user names (cut to the schema), never as whatever was sent.
  expect(server.log()).not.toContain(ADMIN_PASSWORD);
  const unlock = server.cli('user', 'unlock', '--name', 'loadbalancer');
  expect(unlock.stdout).toMatch(/^loadbalancer may sign in again \(5 failed sign-ins forgotten\)/);
  expect((await signInOverHttp(server.baseURL, 'loadbalancer', ADMIN_PASSWORD, '127.0.0.2')).ok).toBe(true);
});

test('an address that guesses many user names waits, whatever name it tries; the form says so', async ({ page, server }) => {
  await page.goto(`${server.baseURL}/login`);
  const alert = page.getByRole('form', { name: 'Sign in' }).getByRole('alert');
  for (const user of ['operator', 'admin', 'root', 'guest', 'test', 'ops', 'nightshift', 'x'.repeat(300)]) {
    await attempt(page, user, 'guess');
    await expect(alert).toHaveText('Wrong user name or password.');
  }
  await attempt(page, 'loadbalancer', ADMIN_PASSWORD);
  await expect(alert).toHaveText(/^Too many failed sign-ins for your address\. Try again in \d+ s\.$/);
  await expect(page).toHaveURL(/\/login/);
});

test('a cookie of user ops stops working (401) once `user passwd` sets a new password', async ({ server }) => {
  const add = server.cli('user', 'add', '--name', 'ops', '--role', 'operator', { input: 'ops-password-123\n' });
  expect(add.stderr).toBe('');
  expect(add.stdout).toBe('added user ops (operator)\n');
  const session = await signInOverHttp(server.baseURL, 'ops', 'ops-password-123', '127.0.0.3');
  expect(session.ok).toBe(true);
  if (!session.ok) return;
  expect((await httpRequest(server.baseURL, '/api/v1/directors', { cookies: session.cookies })).status).toBe(200);

  const passwd = server.cli('user', 'passwd', '--name', 'ops', { input: 'ops-password-456\n' });
  expect(passwd.stdout).toBe('set the password of ops; every session of ops has ended\n');
  const after = await httpRequest(server.baseURL, '/api/v1/directors', { cookies: session.cookies });
  expect(after.status).toBe(401);
  expect((await signInOverHttp(server.baseURL, 'ops', 'ops-password-123', '127.0.0.3')).ok).toBe(false);
  expect((await signInOverHttp(server.baseURL, 'ops', 'ops-password-456', '127.0.0.3')).ok).toBe(true);
  // The password never went through the command line.
  expect(server.cli('user', 'add', '--name', 'ops2', '--role', 'operator', '--password', 'x', { input: '' }).stderr).toMatch(
    /Give the password on standard input/,
  );
});

test('a session ends LVS_SESSION_MAX_AGE after sign-in, however often it is used: a token renewed a moment ago but signed in 8 h ago is refused', async ({
  server,
}) => {
  const session = await signInOverHttp(server.baseURL, 'loadbalancer', ADMIN_PASSWORD, '127.0.0.4');
  expect(session.ok).toBe(true);
  if (!session.ok) return;
  const [name, value] = Object.entries(session.cookies)[0];
  // Every use sends the cookie back with a fresh expiry (next-auth's sliding cookie)...
  const used = await httpRequest(server.baseURL, '/api/auth/session', { cookies: session.cookies });
  expect(JSON.parse(used.body).user).toEqual({ name: 'loadbalancer' });
  expect(used.cookies[name]).toBeTruthy();
  // ...so the same token, as if it had been renewed every minute since a sign-in 8 h and 1 s ago (the
  // default LVS_SESSION_MAX_AGE), is made with the console's own secret and must be refused.
  const secret = fs.readFileSync(path.join(server.dataDir, 'session-secret'), 'utf8').trim();
  const token = await decode({ token: value, secret });
  const old = await encode({ token: { ...token, signedInAt: Date.now() - 28_800_000 - 1_000 }, secret, maxAge: 28_800 });
  const fresh = await encode({ token: { ...token, signedInAt: Date.now() - 28_800_000 + 60_000 }, secret, maxAge: 28_800 });
  expect((await httpRequest(server.baseURL, '/api/v1/directors', { cookies: { [name]: fresh } })).status).toBe(200);
  expect((await httpRequest(server.baseURL, '/api/v1/directors', { cookies: { [name]: old } })).status).toBe(401);
  const ended = await httpRequest(server.baseURL, '/api/auth/session', { cookies: { [name]: old } });
  expect(JSON.parse(ended.body)).toEqual({});
  expect(ended.cookies[name]).toBe(''); // next-auth clears it
});
