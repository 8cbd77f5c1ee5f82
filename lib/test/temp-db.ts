// A fresh, migrated SQLite database per test file: tests talk to the real schema, never to a mock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyPendingMigrations } from '../server/migrations';

export async function useTempDatabase(): Promise<{ dir: string; url: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-test-'));
  const url = `file:${path.join(dir, 'test.db')}`;
  process.env.DATABASE_URL = url;
  process.env.LVS_DATA_DIR = dir;
  await applyPendingMigrations(url);
  return { dir, url };
}
