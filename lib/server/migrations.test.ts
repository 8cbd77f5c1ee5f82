import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyPendingMigrations, createMigration, readMigrationList } from './migrations';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-mig-'));

describe('offline migrations (WASM schema engine)', () => {
  it('creates every table on an empty database, then finds nothing left to apply', async () => {
    const file = path.join(tmp(), 'nested', 'lvs.db');
    const first = await applyPendingMigrations(`file:${file}`);
    expect(first).toEqual(readMigrationList().migrationDirectories.map((d) => d.path));
    const db = new Database(file, { readonly: true });
    const tables = db.prepare("select name from sqlite_master where type = 'table'").all().map((r) => (r as { name: string }).name);
    db.close();
    for (const t of ['VirtualService', 'RealServer', 'FloatingIp', 'Director', 'ConfigRevision', 'ApplyRun', 'AuditEvent', 'User', 'ApiKey']) {
      expect(tables).toContain(t);
    }
    expect(await applyPendingMigrations(`file:${file}`)).toEqual([]);
  });

  it('has a migration for every change in prisma/schema.prisma (run `npm run db:diff -- NAME` if this fails)', async () => {
    const folder = await createMigration('schema_check', `file:${path.join(tmp(), 'scratch.db')}`);
    if (folder) fs.rmSync(path.join(__dirname, '..', '..', 'prisma', 'migrations', folder), { recursive: true });
    expect(folder).toBeNull();
  });

  it('refuses a non-SQLite URL with advice instead of a stack trace', async () => {
    await expect(applyPendingMigrations('postgresql://db/lvs')).rejects.toThrow(/prisma migrate deploy/);
  });
});
