// Scratch PostgreSQL databases for tests and the migration tool: each one is created empty on the
// server named by LVS_TEST_POSTGRES (a superuser URL such as postgresql://lvs@127.0.0.1:55432/postgres,
// which `bash lib/tools/postgres.sh start` prints) and dropped by dropScratchDatabase.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import pg from 'pg';

/** The admin URL of the tests' PostgreSQL server, starting the private one when none is named. */
export function postgresAdminUrl(): string {
  if (process.env.LVS_TEST_POSTGRES) return process.env.LVS_TEST_POSTGRES;
  return execFileSync('bash', [path.join(__dirname, 'postgres.sh'), 'start'], { encoding: 'utf8' }).trim();
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates an empty database and returns its URL. */
export async function createScratchDatabase(adminUrl: string, prefix = 'lvs_test'): Promise<string> {
  const name = `${prefix}_${Date.now().toString(36)}_${crypto.randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, name);
}

export async function dropScratchDatabase(adminUrl: string, url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
