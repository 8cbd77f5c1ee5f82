// npm run bench -- --fleet-only: one console holding 50 clusters x 200 services x 10 real servers (each
// cluster a site with its own pair, never contacted), on SQLite and on PostgreSQL. Measured over HTTPS
// against a real console (production build): GET /api/v1/clusters (every cluster's roll-up, what the
// Fleet page shows) and the Fleet page itself, with nothing changed and right after a change in one
// cluster (its rendering is made again); median of 3 after one warm-up request. Each database runs in a
// child process of its own. LVS_BENCH_FLEET=50x200 picks the size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { CHROMIUM_LAUNCH } from '../test/chromium';

type Kind = 'sqlite' | 'postgresql';
type Result = [string, string][];

const median3 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function site(c: number, services: number) {
  return {
    format: 'lvs-console/1',
    virtualServices: Array.from({ length: services }, (_, i) => ({
      label: `VS_${String(i).padStart(4, '0')}`,
      // The same addresses in every cluster: sites may repeat them.
      ip: `10.0.${i >> 8}.${i & 255}`,
      ports: i % 2 ? '443' : '80,443',
      realServers: Array.from({ length: 10 }, (_, j) => ({ label: `RS_${i}_${j}`, ip: `172.16.${j}.${(i % 250) + 1}` })),
    })),
    floatingIps: [],
    directors: [
      { name: `site${c}-1`, host: '127.0.0.1', port: 1, vrrpAddress: '10.255.0.1' },
      { name: `site${c}-2`, host: '127.0.0.1', port: 2, role: 'secondary', vrrpAddress: '10.255.0.2' },
    ],
  };
}

async function measure(kind: Kind, clusters: number, services: number): Promise<Result> {
  const { chromium } = await import('@playwright/test');
  const { startConsole, ADMIN_PASSWORD } = await import('../test/console-server');
  const { createScratchDatabase, dropScratchDatabase, postgresAdminUrl } = await import('./pg-scratch');
  const out: Result = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-bench-fleet-'));
  const admin = kind === 'postgresql' ? postgresAdminUrl() : '';
  const url = kind === 'postgresql' ? await createScratchDatabase(admin, 'lvs_bench') : `file:${path.join(dir, 'lvs-console.db')}`;
  process.env.DATABASE_URL = url;
  process.env.LVS_DATA_DIR = dir;
  const { applyPendingMigrations } = await import('../server/platform/migrations');
  await applyPendingMigrations(url);
  const { restoreConfiguration } = await import('../server/config/restore');
  const { createCluster } = await import('../server/clusters/clusters');
  const { getDb } = await import('../server/platform/db-client');
  const t0 = performance.now();
  for (let c = 0; c < clusters; c++) {
    const id = c === 0 ? 'default' : (await createCluster({ input: { name: `SITE${c}` }, actor: 'bench' })).id;
    await restoreConfiguration({ document: site(c, services), actor: 'bench', clusterId: id });
  }
  out.push(['fill: every cluster restored (one transaction each)', `${((performance.now() - t0) / 1000).toFixed(1)} s`]);
  await getDb().$disconnect();

  const server = await startConsole({ LVS_ADMIN_PASSWORD: ADMIN_PASSWORD, DATABASE_URL: url }, { dataDir: dir });
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(`${server.baseURL}/login`);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/overview$/, { timeout: 300_000 });
    const timed = async (target: string) => {
      const start = performance.now();
      const res = await context.request.get(`${server.baseURL}${target}`, { timeout: 600_000 });
      await res.body();
      if (!res.ok()) throw new Error(`${target}: HTTP ${res.status()}`);
      return performance.now() - start;
    };
    for (const [name, target] of [
      ['GET /api/v1/clusters', '/api/v1/clusters'],
      ['page: Fleet', '/fleet'],
    ]) {
      const first = await timed(target);
      out.push([`${name}, first (every cluster rendered)`, `${first.toFixed(0)} ms`]);
      const warm = [await timed(target), await timed(target), await timed(target)];
      out.push([`${name}, nothing changed`, `${median3(warm).toFixed(0)} ms`]);
      const changed: number[] = [];
      for (let i = 0; i < 3; i++) {
        // One real server's weight in one cluster: the configuration's version moves.
        const services = (await (await context.request.get(`${server.baseURL}/api/v1/virtual-services?cluster=SITE1&limit=1`)).json()) as {
          id: string;
        }[];
        const rs = (await (
          await context.request.get(`${server.baseURL}/api/v1/virtual-services/${services[0].id}/real-servers`)
        ).json()) as {
          id: string;
          version: number;
        }[];
        const put = await context.request.patch(`${server.baseURL}/api/v1/virtual-services/${services[0].id}/real-servers/${rs[0].id}`, {
          data: { version: rs[0].version, weight: 90 + i },
          headers: { Origin: server.baseURL },
        });
        if (!put.ok()) throw new Error(`changing a weight: HTTP ${put.status()} ${await put.text()}`);
        changed.push(await timed(target));
      }
      out.push([`${name}, after a change in one cluster`, `${median3(changed).toFixed(0)} ms`]);
    }
  } catch (err) {
    console.error(`[bench] the console said (last lines):\n${server.log().split('\n').slice(-30).join('\n')}`);
    throw err;
  } finally {
    await browser.close();
    await server.stop();
    if (kind === 'postgresql') await dropScratchDatabase(admin, url);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** The child's side: measures one database and writes its rows as JSON to the file named. */
export async function benchFleetChild(kind: Kind, clusters: number, services: number, file: string) {
  fs.writeFileSync(file, JSON.stringify(await measure(kind, clusters, services)));
}

/** Every database in a child process of its own; one table. */
export async function benchFleet() {
  const [clusters, services] = (process.env.LVS_BENCH_FLEET ?? '50x200').split('x').map(Number);
  const kinds = (process.env.LVS_BENCH_DATABASES ?? 'sqlite,postgresql').split(',') as Kind[];
  const tsx = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
  const results = new Map<Kind, Result>();
  for (const kind of kinds) {
    const file = path.join(os.tmpdir(), `lvs-bench-fleet-${process.pid}-${kind}.json`);
    const r = spawnSync(
      tsx,
      ['--conditions=react-server', path.join(__dirname, 'bench.ts'), '--fleet-one', kind, String(clusters), String(services), file],
      { stdio: ['ignore', 'inherit', 'inherit'], env: process.env },
    );
    if (r.status !== 0 || !fs.existsSync(file)) {
      console.error(`fleet bench ${kind}: failed (exit ${r.status})`);
      process.exitCode = 1;
      continue;
    }
    results.set(kind, JSON.parse(fs.readFileSync(file, 'utf8')) as Result);
    fs.rmSync(file, { force: true });
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `\nFleet: ${clusters} clusters x ${services} services x 10 real servers in one console (${os.cpus().length} cores, ${cpu}; HTTPS, median of 3)`,
  );
  const used = [...results.keys()];
  console.log(`| measurement | ${used.map((k) => (k === 'sqlite' ? 'SQLite' : 'PostgreSQL')).join(' | ')} |`);
  console.log(`|---|${used.map(() => '---:').join('|')}|`);
  for (const [name] of results.get(used[0]) ?? []) {
    console.log(`| ${name} | ${used.map((k) => results.get(k)!.find(([n]) => n === name)?.[1] ?? '-').join(' | ')} |`);
  }
}
