// A fresh, migrated database per test file: tests talk to the real schema, never to a mock. SQLite in a
// temporary folder, or, when LVS_TEST_POSTGRES names a PostgreSQL server (npm test sets it for the
// second pass of the domain tests), a new database on that server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyPendingMigrations } from '../server/platform/migrations';
import { createScratchDatabase } from '../tools/pg-scratch';

export async function useTempDatabase(): Promise<{ dir: string; url: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-test-'));
  const pgAdmin = process.env.LVS_TEST_POSTGRES;
  const url = pgAdmin ? await createScratchDatabase(pgAdmin) : `file:${path.join(dir, 'test.db')}`;
  process.env.DATABASE_URL = url;
  process.env.LVS_DATA_DIR = dir;
  await applyPendingMigrations(url);
  return { dir, url };
}
