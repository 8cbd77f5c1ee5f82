// Least privilege, enumerated like the anonymous-access test: every mutating REST route and every
// server action is tried with each role. A read-only key or user is refused (403) on all of them; an
// operator only on the admin ones. A route or action added later without a line in the tables below
// fails here until someone decides who may use it.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { appEntries } from './support/app-routes';
import type { APIRequestContext, Page } from '@playwright/test';

type Role = 'read-only' | 'operator' | 'admin';

// What operators may do besides reading: the night shift's work. Everything else that changes state is admin-only.
const OPERATOR_ROUTES = new Set([
  'POST /api/v1/apply',
  'POST /api/v1/revisions/[id]/revert',
  'POST /api/v1/directors/[id]/drift/fix',
  'POST /api/v1/directors/[id]/test',
  'PUT /api/v1/virtual-services/[id]/real-servers/[rsId]/state',
  'POST /api/v1/wizards/leostream/verify',
  'POST /api/v1/directors/[id]/make-active',
  'POST /api/v1/alerts/silences',
  'DELETE /api/v1/alerts/silences/[id]',
]);

// Every server action, by file and export, with the role it needs.
const ACTION_ROLES: Record<string, Role> = {
  'cluster-configuration/actions.ts#setDrainBehaviourAction': 'admin',
  'cluster-configuration/actions.ts#setCheckTimingAction': 'admin',
  'cluster-configuration/floating-ips/actions.ts#createFloatingIpAction': 'admin',
  'cluster-configuration/floating-ips/actions.ts#deleteFloatingIpAction': 'admin',
  'cluster-configuration/real-servers/actions.ts#createRealServerAction': 'admin',
  'cluster-configuration/real-servers/actions.ts#updateRealServerAction': 'admin',
  'cluster-configuration/real-servers/actions.ts#deleteRealServerAction': 'admin',
  'cluster-configuration/virtual-services/actions.ts#createVirtualServiceAction': 'admin',
  'cluster-configuration/virtual-services/actions.ts#updateVirtualServiceAction': 'admin',
  'cluster-configuration/virtual-services/actions.ts#deleteVirtualServiceAction': 'admin',
  'cluster-configuration/leostream/actions.ts#leostreamWizardAction': 'admin',
  'cluster-configuration/leostream/actions.ts#verifyLeostreamAction': 'operator',
  'cluster-configuration/high-availability/actions.ts#makeActiveAction': 'operator',
  'cluster-configuration/high-availability/actions.ts#createPairAction': 'admin',
  'cluster-configuration/high-availability/actions.ts#breakPairAction': 'admin',
  'cluster-configuration/high-availability/actions.ts#setFailoverAction': 'admin',
  'cluster-configuration/layer4-advanced/actions.ts#setAutoNatAction': 'admin',
  'local-configuration/alerts/actions.ts#saveAlertSettingsAction': 'admin',
  'local-configuration/alerts/actions.ts#sendTestAlertAction': 'admin',
  'local-configuration/alerts/actions.ts#createSilenceAction': 'operator',
  'local-configuration/alerts/actions.ts#endSilenceAction': 'operator',
  'local-configuration/directors/actions.ts#createDirectorAction': 'admin',
  'local-configuration/directors/actions.ts#pinHostKeyAction': 'admin',
  'local-configuration/directors/actions.ts#deleteDirectorAction': 'admin',
  'local-configuration/directors/actions.ts#testDirectorAction': 'operator',
  'local-configuration/directors/actions.ts#fixDriftAction': 'operator',
  'local-configuration/directors/actions.ts#driftAction': 'read-only',
  'overview/actions.ts#setRealServerStateAction': 'operator',
  'overview/actions.ts#findClientAction': 'read-only',
  'maintenance/apply/actions.ts#startApplyAction': 'operator',
  'maintenance/apply/actions.ts#revertAction': 'operator',
  'maintenance/backup/actions.ts#previewRestoreAction': 'admin',
  'maintenance/backup/actions.ts#restoreAction': 'admin',
  'maintenance/import/actions.ts#previewImportAction': 'admin',
  'maintenance/import/actions.ts#importAction': 'admin',
  'maintenance/users/actions.ts#changeOwnPasswordAction': 'read-only',
  'maintenance/users/actions.ts#createUserAction': 'admin',
  'maintenance/users/actions.ts#setUserRoleAction': 'admin',
  'maintenance/users/actions.ts#deleteUserAction': 'admin',
};

const mutating = appEntries()
  .filter((e) => e.kind === 'route' && e.pattern.startsWith('/api/v1/'))
  .flatMap((e) => e.methods.filter((m) => m !== 'GET' && m !== 'HEAD').map((method) => ({ method, pattern: e.pattern, url: e.url })));
const needs = (r: { method: string; pattern: string }): Role => (OPERATOR_ROUTES.has(`${r.method} ${r.pattern}`) ? 'operator' : 'admin');

const RANK: Role[] = ['read-only', 'operator', 'admin'];
const allows = (has: Role, need: Role) => RANK.indexOf(has) >= RANK.indexOf(need);

/** The server actions Next.js built, from its own manifest: id, where it lives, and a page that serves it. */
function builtActions(): { id: string; key: string; page: string }[] {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '.next', 'server', 'server-reference-manifest.json'), 'utf8'));
  return Object.entries(manifest.node as Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }>)
    .filter(([, a]) => a.filename.startsWith('app/(console)/'))
    .map(([id, a]) => {
      // A page without a dynamic segment serves it as well as any (the action is the same).
      const workers = Object.keys(a.workers);
      const worker = workers.find((w) => !w.includes('[')) ?? workers[0];
      const page =
        worker
          .replace(/^app/, '')
          .replace(/\/\([^)]+\)/g, '')
          .replace(/\/page$/, '')
          .replace(/\[[^\]]+\]/g, 'probe-id') || '/';
      return { id, key: `${a.filename.replace('app/(console)/', '')}#${a.exportedName}`, page };
    });
}

/** Calls a server action as the browser does (Next-Action header, arguments as JSON) and returns what it answered. */
async function callAction(page: Page, baseURL: string, action: { id: string; page: string }, args: unknown[]): Promise<string> {
  const res = await page.request.post(`${baseURL}${action.page}`, {
    headers: { 'Next-Action': action.id, 'Content-Type': 'text/plain;charset=UTF-8', Accept: 'text/x-component', Origin: baseURL },
    data: JSON.stringify(args),
  });
  return res.text();
}

async function keyFor(
  server: { cli: (...a: string[]) => { status: number | null; stdout: string; stderr: string } },
  role: Role,
): Promise<string> {
  const made = server.cli('api-key', 'create', '--name', `roles-${role}-${Date.now()}`, '--role', role);
  expect(made.status, made.stderr).toBe(0);
  expect(made.stderr).toContain(`(${role})`);
  return made.stdout.trim();
}

async function addUser(admin: Page, baseURL: string, name: string, role: Role) {
  await admin.goto(`${baseURL}/maintenance/users`);
  const form = admin.getByRole('form', { name: 'New user' });
  await form.getByLabel('User name').fill(name);
  await form.getByLabel('Role').selectOption(role);
  await form.getByLabel('Password').fill(`${name}-password-1`);
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(form.getByText(`Added ${name} (${role}).`)).toBeVisible();
}

async function signInAs(page: Page, baseURL: string, name: string) {
  await page.goto(`${baseURL}/login`);
  await page.getByLabel('Username').fill(name);
  await page.getByLabel('Password').fill(`${name}-password-1`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/overview$/);
}

test('the route tree has mutating routes of both kinds, and every built action is in the table', async ({ server }) => {
  expect(mutating.length).toBeGreaterThan(15);
  expect(
    mutating
      .filter((r) => needs(r) === 'operator')
      .map((r) => `${r.method} ${r.pattern}`)
      .sort(),
  ).toEqual([...OPERATOR_ROUTES].sort());
  void server; // the worker's console has built the app, so the manifest exists
  const built = builtActions()
    .map((a) => a.key)
    .sort();
  expect(built, 'a server action without a role in ACTION_ROLES: decide who may use it').toEqual(Object.keys(ACTION_ROLES).sort());
});

for (const role of ['read-only', 'operator'] as const) {
  test(`an API key with the ${role} role is refused (403) on every route it may not use`, async ({ server, playwright, emptyConfig }) => {
    void emptyConfig; // no director: an allowed apply is refused for that reason, and contacts nothing
    const api: APIRequestContext = await playwright.request.newContext({
      baseURL: server.baseURL,
      ignoreHTTPSErrors: true,
      extraHTTPHeaders: { Authorization: `Bearer ${await keyFor(server, role)}` },
    });
    for (const r of mutating) {
      const res = await api.fetch(r.url, { method: r.method, data: {} });
      const label = `${r.method} ${r.pattern} (needs ${needs(r)})`;
      if (allows(role, needs(r))) expect(res.status(), label).not.toBe(403);
      else {
        expect(res.status(), label).toBe(403);
        const body = await res.json();
        expect(body.error.code).toBe('FORBIDDEN');
        expect(body.error.message, label).toContain(`This needs the ${needs(r)} role; API key "roles-${role}-`);
      }
    }
    await api.dispose();
  });
}

test('a read-only user and an operator are refused (403) on every route and action they may not use; an admin is not', async ({
  server,
  signedIn: admin,
  browser,
  emptyConfig,
}) => {
  void emptyConfig;
  await addUser(admin, server.baseURL, 'auditor', 'read-only');
  await addUser(admin, server.baseURL, 'nightshift', 'operator');
  const actions = builtActions();
  for (const [name, role] of [
    ['auditor', 'read-only'],
    ['nightshift', 'operator'],
  ] as const) {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await signInAs(page, server.baseURL, name);
    await expect(page.getByText(`Signed in as ${name} (${role})`)).toBeVisible();
    for (const r of mutating) {
      const res = await page.request.fetch(`${server.baseURL}${r.url}`, {
        method: r.method,
        data: {},
        headers: { Origin: server.baseURL },
      });
      if (allows(role, needs(r))) expect(res.status(), `${name}: ${r.method} ${r.pattern}`).not.toBe(403);
      else expect(res.status(), `${name}: ${r.method} ${r.pattern}`).toBe(403);
    }
    for (const a of actions) {
      const answer = await callAction(page, server.baseURL, a, []);
      const forbidden = answer.includes('"code":"FORBIDDEN"');
      expect(forbidden, `${name}: ${a.key} (needs ${ACTION_ROLES[a.key]}) answered ${answer.slice(0, 300)}`).toBe(
        !allows(role, ACTION_ROLES[a.key]),
      );
    }
    await context.close();
  }
  // An admin passes the role check, and the action then checks its arguments: a crafted call with an
  // object where an id belongs is refused before it reaches the database.
  const del = actions.find((a) => a.key.endsWith('#deleteFloatingIpAction'))!;
  const crafted = await callAction(admin, server.baseURL, del, [{ not: 'x' }]);
  expect(crafted).toContain('"code":"BAD_REQUEST"');
  expect(crafted).toContain('This request was refused');
});

test.describe('the Done-when checks for keys made by the CLI', () => {
  test('read-only: 403 on apply, create and restore, 200 on the GETs; operator: may apply but not restore', async ({
    server,
    playwright,
    emptyConfig,
  }) => {
    void emptyConfig;
    const readOnly = await playwright.request.newContext({
      baseURL: `${server.baseURL}/api/v1/`,
      ignoreHTTPSErrors: true,
      extraHTTPHeaders: { Authorization: `Bearer ${await keyFor(server, 'read-only')}` },
    });
    for (const [url, data] of [
      ['apply', {}],
      ['virtual-services', { label: 'X', ip: '192.168.98.50', ports: '80' }],
      ['config', { format: 'lvs-console/1', virtualServices: [] }],
    ] as const) {
      expect((await readOnly.post(url, { data })).status(), `POST ${url}`).toBe(403);
    }
    for (const url of [
      'virtual-services',
      'floating-ips',
      'config',
      'render',
      'apply',
      'revisions',
      'directors',
      'ssh-key',
      'openapi.json',
    ]) {
      expect((await readOnly.get(url)).status(), `GET ${url}`).toBe(200);
    }
    const operator = await playwright.request.newContext({
      baseURL: `${server.baseURL}/api/v1/`,
      ignoreHTTPSErrors: true,
      extraHTTPHeaders: { Authorization: `Bearer ${await keyFor(server, 'operator')}` },
    });
    const apply = await operator.post('apply', { data: { comment: 'operator' } });
    // Allowed: it is refused only because this console has no director yet, and says so.
    expect(apply.status()).toBe(400);
    expect((await apply.json()).error.message).toMatch(/There is no director to apply to/);
    const restore = await operator.post('config', { data: { format: 'lvs-console/1', virtualServices: [] } });
    expect(restore.status()).toBe(403);
    await readOnly.dispose();
    await operator.dispose();
  });
});

test.describe('requests a browser session must not be tricked into', () => {
  test('Origin null and a foreign Origin are 403 (never 500); a 2 MB body is 413 with a session or a key', async ({
    server,
    signedIn: page,
    api,
    emptyConfig,
  }) => {
    void emptyConfig;
    const url = `${server.baseURL}/api/v1/virtual-services`;
    const service = { label: 'WEB', ip: '192.168.98.60', ports: '80' };
    for (const origin of ['null', 'https://evil.example', 'not a url']) {
      const res = await page.request.post(url, { data: service, headers: { Origin: origin } });
      expect(res.status(), `Origin: ${origin}`).toBe(403);
      expect((await res.json()).error.message).toMatch(/Cross-origin request refused/);
    }
    const big = { ...service, label: 'B'.repeat(2 * 1024 * 1024) };
    const withSession = await page.request.post(url, { data: big, headers: { Origin: server.baseURL } });
    expect(withSession.status()).toBe(413);
    expect((await withSession.json()).error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringMatching(/larger than 1 MB; nothing was read or changed/),
    });
    const withKey = await api.post('virtual-services', { data: big });
    expect(withKey.status()).toBe(413);
    // The same session, from the console's own origin, with a normal body: created.
    expect((await page.request.post(url, { data: service, headers: { Origin: server.baseURL } })).status()).toBe(201);
    expect((await (await api.get('virtual-services')).json()).map((s: { label: string }) => s.label)).toEqual(['WEB']);
  });
});
