// npm run bench -- --scale-only: the console at 100 / 1,000 / 10,000 services x 10 real servers, on
// SQLite and on PostgreSQL (the private server of lib/tools/postgres.sh, or LVS_TEST_POSTGRES). For each:
// import and export (the domain functions the CLI and the API call), the pending-changes check every page
// makes (after a change, then with nothing changed), and the server time of every page and of the
// configuration downloads, measured over HTTPS against a real console (production build) with a signed-in
// session: the time until the whole response has arrived, median of 3 after one warm-up request.
// LVS_BENCH_SCALE=100,1000 picks the sizes; LVS_BENCH_DATABASES=sqlite picks the databases.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CHROMIUM_LAUNCH } from '../test/chromium';

type Row = { name: string; unit: 's' | 'ms'; values: Map<number, number | string> };

function document(n: number) {
  const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  return {
    format: 'lvs-console/1',
    virtualServices: Array.from({ length: n }, (_, i) => ({
      label: `VS_${String(i).padStart(5, '0')}`,
      ip: ip(i),
      ports: i % 2 ? '443' : '80,443',
      realServers: Array.from({ length: 10 }, (_, j) => ({ label: `RS_${i}_${j}`, ip: `172.16.${j}.${(i % 250) + 1}` })),
    })),
    floatingIps: [],
    // Never contacted: its host key is not confirmed.
    directors: [
      { name: 'director1', host: '127.0.0.1', port: 1, vrrpAddress: '10.255.0.1' },
      { name: 'director2', host: '127.0.0.1', port: 2, role: 'secondary', vrrpAddress: '10.255.0.2' },
    ],
  };
}

const median3 = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];

async function measureSize(kind: 'sqlite' | 'postgresql', n: number, rows: Map<string, Row>) {
  const { chromium } = await import('@playwright/test');
  const { startConsole, ADMIN_PASSWORD } = await import('../test/console-server');
  const { createScratchDatabase, dropScratchDatabase, postgresAdminUrl } = await import('./pg-scratch');
  const put = (name: string, unit: Row['unit'], v: number | string) => {
    if (!rows.has(name)) rows.set(name, { name, unit, values: new Map() });
    rows.get(name)!.values.set(n, v);
  };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-bench-scale-'));
  const admin = kind === 'postgresql' ? postgresAdminUrl() : '';
  const url = kind === 'postgresql' ? await createScratchDatabase(admin, 'lvs_bench') : `file:${path.join(dir, 'lvs-console.db')}`;
  process.env.DATABASE_URL = url;
  process.env.LVS_DATA_DIR = dir;
  const { applyPendingMigrations } = await import('../server/platform/migrations');
  await applyPendingMigrations(url);
  // The domain modules read DATABASE_URL when first used; one database per process run (see main).
  const { restoreConfiguration } = await import('../server/config/restore');
  const { exportConfiguration } = await import('../server/config/backup');
  const { currentConfigurationHash, pendingChanges } = await import('../server/apply/pending');
  const { configVersion } = await import('../server/config/version');
  const { getDb } = await import('../server/platform/db-client');

  let t0 = performance.now();
  await restoreConfiguration({ document: document(n), actor: 'bench' });
  put('import (one transaction)', 's', (performance.now() - t0) / 1000);
  t0 = performance.now();
  await exportConfiguration();
  put('export (domain function)', 'ms', performance.now() - t0);
  // As an apply leaves it: a revision of the current rendering (its first, cold render is timed).
  t0 = performance.now();
  const hash = await currentConfigurationHash();
  put('first render of the configuration (load, validate, render, hash)', 'ms', performance.now() - t0);
  await getDb().configRevision.create({
    data: { hash, configVersion: await configVersion(), artefacts: '{}', snapshot: '{}', actor: 'bench' },
  });
  await getDb().realServer.updateMany({ where: { label: 'RS_0_0' }, data: { weight: 99 } });
  const banner: number[] = [];
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    await pendingChanges({ exact: false });
    banner.push(performance.now() - t0);
  }
  put("pending check of every page's banner, after a change", 'ms', median3(banner));
  t0 = performance.now();
  await pendingChanges();
  put('pending check, exact (Apply page), after a change', 'ms', performance.now() - t0);
  const again: number[] = [];
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    await pendingChanges();
    again.push(performance.now() - t0);
  }
  put('pending check, exact, nothing changed since', 'ms', median3(again));
  const some = await getDb().virtualService.findFirst({ where: { label: `VS_${String(Math.floor(n / 2)).padStart(5, '0')}` } });
  const someRs = await getDb().realServer.findFirst({ where: { virtualServiceId: some!.id } });
  await getDb().$disconnect();

  const server = await startConsole({ LVS_ADMIN_PASSWORD: ADMIN_PASSWORD, DATABASE_URL: url }, { dataDir: dir });
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const signIn = async (baseURL: string) => {
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      const page = await context.newPage();
      await page.goto(`${baseURL}/login`);
      await page.getByLabel('Password').fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/overview$/, { timeout: 300_000 });
      return context;
    };
    const context = await signIn(server.baseURL);
    const lastPage = Math.ceil(n / 50);
    const targets: [string, string][] = [
      ['page: System Overview', '/overview'],
      ['page: Virtual Services, page 1', '/cluster-configuration/virtual-services'],
      ['page: Virtual Services, last page', `/cluster-configuration/virtual-services?page=${lastPage}`],
      ['page: Virtual Services, search by address', `/cluster-configuration/virtual-services?q=${encodeURIComponent(some!.ip)}`],
      ['page: one virtual service (modify)', `/cluster-configuration/virtual-services/${some!.id}`],
      ['page: Real Servers, page 1', '/cluster-configuration/real-servers'],
      ['page: Real Servers, search by address', '/cluster-configuration/real-servers?q=172.16.9.78'],
      ['page: Real Servers of one service', `/cluster-configuration/real-servers?service=${some!.id}`],
      ['page: one real server (modify)', `/cluster-configuration/real-servers/${someRs!.id}`],
      ['page: Floating IPs', '/cluster-configuration/floating-ips'],
      ['page: High Availability', '/cluster-configuration/high-availability'],
      ['page: Leostream wizard', '/cluster-configuration/leostream'],
      ['page: Directors', '/local-configuration/directors'],
      ['page: View Configuration (director1)', '/view-configuration'],
      ['page: View Configuration (director2)', '/view-configuration?director=director2'],
      ['page: Maintenance', '/maintenance'],
      ['page: Apply (preview)', '/maintenance/apply'],
      ['page: Backup & Restore', '/maintenance/backup'],
      ['page: Revisions', '/maintenance/revisions'],
      ['page: Logs', '/logs'],
      ['page: Reports', '/reports'],
      ['page: Support', '/support'],
      ['GET /api/v1/config (backup)', '/api/v1/config'],
      ['GET /api/v1/render (every file)', '/api/v1/render'],
      [
        'GET /api/v1/render/file (keepalived.conf)',
        `/api/v1/render/file?director=director1&path=${encodeURIComponent('/etc/keepalived/keepalived.conf')}`,
      ],
      ['GET /api/v1/virtual-services (50)', '/api/v1/virtual-services?limit=50'],
    ];
    for (const [name, target] of targets) {
      const times: number[] = [];
      let status = 0;
      for (let i = 0; i < 4; i++) {
        const start = performance.now();
        const res = await context.request.get(`${server.baseURL}${target}`, { timeout: 600_000 });
        await res.body();
        status = res.status();
        if (i > 0) times.push(performance.now() - start);
      }
      put(name, 'ms', status === 200 ? median3(times) : `HTTP ${status}`);
    }

    // The backup restored into an empty console (the API the Backup & Restore page uses) renders the same files.
    const backup = await (await context.request.get(`${server.baseURL}/api/v1/config`, { timeout: 600_000 })).body();
    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-bench-restore-'));
    const otherUrl =
      kind === 'postgresql' ? await createScratchDatabase(admin, 'lvs_bench') : `file:${path.join(otherDir, 'lvs-console.db')}`;
    const other = await startConsole({ LVS_ADMIN_PASSWORD: ADMIN_PASSWORD, DATABASE_URL: otherUrl }, { dataDir: otherDir });
    try {
      const otherContext = await signIn(other.baseURL);
      t0 = performance.now();
      const restored = await otherContext.request.post(`${other.baseURL}/api/v1/config`, {
        data: backup,
        headers: { 'content-type': 'application/json' },
        timeout: 1_800_000,
      });
      put(
        'restore the backup into an empty console (POST /api/v1/config)',
        's',
        restored.ok() ? (performance.now() - t0) / 1000 : `HTTP ${restored.status()}`,
      );
      put('backup size', 'ms', `${(backup.length / 1e6).toFixed(1)} MB`);
      const [a, b] = await Promise.all([
        context.request.get(`${server.baseURL}/api/v1/render`, { timeout: 600_000 }),
        otherContext.request.get(`${other.baseURL}/api/v1/render`, { timeout: 600_000 }),
      ]);
      put('restored console renders the same files', 'ms', Buffer.compare(await a.body(), await b.body()) === 0 ? 'yes' : 'NO');
    } finally {
      await other.stop();
      if (kind === 'postgresql') await dropScratchDatabase(admin, otherUrl);
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
  } finally {
    await browser.close();
    await server.stop();
    if (kind === 'postgresql') await dropScratchDatabase(admin, url);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Measures one database and size in this process (the domain modules bind to one database per process). */
export async function benchScaleOne(kind: 'sqlite' | 'postgresql', n: number): Promise<Row[]> {
  const rows = new Map<string, Row>();
  await measureSize(kind, n, rows);
  return [...rows.values()];
}

/** Runs every database and size in a child process of its own and prints one table per database. */
export async function benchScale() {
  const { spawnSync } = await import('node:child_process');
  const sizes = (process.env.LVS_BENCH_SCALE ?? '100,1000,10000').split(',').map(Number);
  const kinds = (process.env.LVS_BENCH_DATABASES ?? 'sqlite,postgresql').split(',') as ('sqlite' | 'postgresql')[];
  const tsx = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
  for (const kind of kinds) {
    const table = new Map<string, Row>();
    for (const n of sizes) {
      const out = path.join(os.tmpdir(), `lvs-bench-scale-${process.pid}-${kind}-${n}.json`);
      const r = spawnSync(tsx, ['--conditions=react-server', path.join(__dirname, 'bench.ts'), '--scale-one', kind, String(n), out], {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: process.env,
      });
      if (r.status !== 0 || !fs.existsSync(out)) {
        console.error(`scale bench ${kind} ${n}: failed (exit ${r.status})`);
        process.exitCode = 1;
        continue;
      }
      for (const row of JSON.parse(fs.readFileSync(out, 'utf8')) as {
        name: string;
        unit: Row['unit'];
        values: [number, number | string][];
      }[]) {
        if (!table.has(row.name)) table.set(row.name, { name: row.name, unit: row.unit, values: new Map() });
        for (const [k, v] of row.values) table.get(row.name)!.values.set(k, v);
      }
      fs.rmSync(out, { force: true });
    }
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    console.log(
      `\nScale on ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (x 10 real servers per service; ${os.cpus().length} cores, ${cpu}; pages: HTTPS, median of 3)`,
    );
    console.log(`| measurement | ${sizes.map((n) => `${n.toLocaleString('en')} services`).join(' | ')} |`);
    console.log(`|---|${sizes.map(() => '---:').join('|')}|`);
    for (const row of table.values()) {
      const cells = sizes.map((n) => {
        const v = row.values.get(n);
        return typeof v === 'number' ? (row.unit === 's' ? `${v.toFixed(1)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`) : (v ?? '-');
      });
      console.log(`| ${row.name} | ${cells.join(' | ')} |`);
    }
  }
}

/** The child's side of benchScale: writes its rows as JSON to the file named. */
export async function benchScaleChild(kind: 'sqlite' | 'postgresql', n: number, out: string) {
  const rows = await benchScaleOne(kind, n);
  fs.writeFileSync(out, JSON.stringify(rows.map((r) => ({ ...r, values: [...r.values] }))));
}
