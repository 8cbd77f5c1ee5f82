// npm run bench -- --pending-only: the database path at size (a temporary SQLite database): import,
// export and the pending-changes check that every page makes, the first time after a change (it renders
// the configuration) and then (the version has not moved: the cached hash).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export async function benchPending() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-bench-db-'));
  process.env.DATABASE_URL = `file:${path.join(dir, 'bench.db')}`;
  process.env.LVS_DATA_DIR = dir;
  const { applyPendingMigrations } = await import('../server/migrations');
  await applyPendingMigrations(process.env.DATABASE_URL);
  const { importConfiguration, exportConfiguration } = await import('../server/configuration');
  const { pendingChanges } = await import('../server/apply');
  const { getDb } = await import('../server/db-client');
  const sizes = (process.env.LVS_BENCH_PENDING ?? '1000,10000').split(',').map(Number);
  console.log(`\nThe database path (SQLite, x 10 real servers per service; ${os.cpus().length} cores)`);
  console.log('| services | import (s) | export (ms) | pending check after a change (ms) | pending check, nothing changed (ms, median of 5) |');
  console.log('|---:|---:|---:|---:|---:|');
  try {
    for (const n of sizes) {
      const doc = {
        format: 'lvs-console/1',
        virtualServices: Array.from({ length: n }, (_, i) => ({ label: `VS_${i}`, ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, ports: '443', realServers: Array.from({ length: 10 }, (_, j) => ({ label: `RS_${i}_${j}`, ip: `172.16.${j}.${(i % 250) + 1}` })) })),
        floatingIps: [],
        directors: [{ name: 'director1', host: '127.0.0.1', port: 1 }],
      };
      let t0 = performance.now();
      await importConfiguration({ document: doc, actor: 'bench' });
      const importS = (performance.now() - t0) / 1000;
      t0 = performance.now();
      await exportConfiguration();
      const exportMs = performance.now() - t0;
      await getDb().$executeRawUnsafe(`UPDATE "RealServer" SET "weight" = 99 WHERE "label" = 'RS_0_0'`);
      t0 = performance.now();
      await pendingChanges();
      const first = performance.now() - t0;
      const again: number[] = [];
      for (let i = 0; i < 5; i++) {
        t0 = performance.now();
        await pendingChanges();
        again.push(performance.now() - t0);
      }
      console.log(`| ${n.toLocaleString('en')} | ${importS.toFixed(1)} | ${exportMs.toFixed(0)} | ${first.toFixed(0)} | ${again.sort((a, b) => a - b)[2].toFixed(1)} |`);
    }
  } finally {
    await getDb().$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
