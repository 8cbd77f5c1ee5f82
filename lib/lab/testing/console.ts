// A console server for the lab's browser tests: built once, started on its own data directory, with
// Chromium signed in as the admin, and the REST API through the same session.
import fs from 'node:fs';
import { chromium, expect as see, type Browser, type Page } from '@playwright/test';
import { ensureBuild } from '../../runtime/build';
import { startConsole, ADMIN_PASSWORD, type ConsoleServer } from '../../test/console-server';
import { waitFor } from './wait';
import type { Lab } from '../lab';
import { CHROMIUM_LAUNCH } from '../../test/chromium';

export interface LabConsole {
  server: ConsoleServer;
  browser: Browser;
  page: Page;
  /** The REST API with the browser's session (or an API key). */
  api: (method: string, url: string, body?: unknown, key?: string) => Promise<any>;
  /** The same, answering status and body instead of throwing on an error status. */
  call: (method: string, url: string, body?: unknown) => Promise<{ status: number; body: any }>;

  /** Applies through the API and waits for the run to end; returns it. */
  applyNow: (comment: string) => Promise<{
    status: string;
    error: string | null;
    warning: string | null;
    steps: { director: string | null; name: string; status: string; output: string | null }[];
  }>;
  /** Imports a guide example with its directors at the lab's SSH forwards (host keys confirmed). */
  loadExample: (lab: Lab, example: 'dr' | 'nat', opts?: { pinned?: boolean }) => Promise<void>;
  stop: () => Promise<void>;
}

/** `env`: more of the console's environment (e.g. LVS_CATCH_UP_RETRY_SECONDS). */
export async function startLabConsole(env: Record<string, string> = {}): Promise<LabConsole> {
  ensureBuild(() => undefined);
  const server = await startConsole({ LVS_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env });
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
  page.setDefaultTimeout(20_000);
  const signIn = async () => {
    await page.goto(`${server.baseURL}/login`);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await see(page).toHaveURL(/\/overview$/);
  };
  await signIn();

  const call: LabConsole['call'] = async (method, url, body) => {
    const res = await page.request.fetch(`${server.baseURL}/api/v1/${url}`, {
      method,
      data: body === undefined ? undefined : body,
      headers: { Origin: server.baseURL },
    });
    const text = await res.text();
    return { status: res.status(), body: text ? JSON.parse(text) : null };
  };
  const api: LabConsole['api'] = async (method, url, body, key) => {
    const headers: Record<string, string> = key ? { Authorization: `Bearer ${key}` } : { Origin: server.baseURL };
    const res = await page.request.fetch(`${server.baseURL}/api/v1/${url}`, {
      method,
      data: body === undefined ? undefined : body,
      headers,
    });
    const text = await res.text();
    if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const applyNow: LabConsole['applyNow'] = async (comment) => {
    const { id } = await api('POST', 'apply', { comment });
    let run = { status: 'running', error: null, warning: null, steps: [] };
    await waitFor(`apply "${comment}"`, async () => (run = await api('GET', `apply/${id}`)).status !== 'running', 180_000, 1_000);
    return run;
  };
  const loadExample: LabConsole['loadExample'] = async (lab, example, opts = {}) => {
    const doc = JSON.parse(server.cli('example', example).stdout);
    doc.directors = doc.directors.map((d: { name: string }) => {
      const a = lab.directors().find((x) => x.name === d.name)!;
      return { ...d, host: a.host, port: a.port, ...(opts.pinned === false ? {} : { hostKeyFingerprint: a.hostKeyFingerprint }) };
    });
    await api('POST', 'config', doc);
  };
  return {
    server,
    browser,
    page,
    api,
    call,
    applyNow,
    loadExample,
    stop: async () => {
      await browser.close();
      await server.stop();
      fs.rmSync(server.dataDir, { recursive: true, force: true });
    },
  };
}
