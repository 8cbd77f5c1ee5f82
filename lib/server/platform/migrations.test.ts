import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyPendingMigrations, createMigration, migrationPaths, readMigrationList } from './migrations';
import { createScratchDatabase, dropScratchDatabase } from '../../tools/pg-scratch';
import { postgresSchemaFrom } from '../../tools/prisma-generate.mjs';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-mig-'));
const ROOT = path.join(__dirname, '..', '..', '..');
const CORE_TABLES = [
  'VirtualService',
  'RealServer',
  'FloatingIp',
  'Director',
  'ConfigRevision',
  'ApplyRun',
  'AuditEvent',
  'User',
  'ApiKey',
  'ConfigVersion',
];
// With LVS_TEST_POSTGRES (npm test's second pass), the same checks run on PostgreSQL.
const pgAdmin = process.env.LVS_TEST_POSTGRES;

describe('offline migrations (WASM schema engine)', () => {
  it('creates every table on an empty SQLite database, then finds nothing left to apply', async () => {
    const file = path.join(tmp(), 'nested', 'lvs.db');
    const first = await applyPendingMigrations(`file:${file}`);
    expect(first).toEqual(readMigrationList(migrationPaths('sqlite').migrationsDir).migrationDirectories.map((d) => d.path));
    const db = new Database(file, { readonly: true });
    const tables = db
      .prepare("select name from sqlite_master where type = 'table'")
      .all()
      .map((r) => (r as { name: string }).name);
    db.close();
    for (const t of CORE_TABLES) expect(tables).toContain(t);
    expect(await applyPendingMigrations(`file:${file}`)).toEqual([]);
    // The config-version triggers survive migrations that redefine a table (SQLite drops a table's
    // triggers with it): a configuration write raises the version, apply bookkeeping does not.
    const rw = new Database(file);
    try {
      const version = () => (rw.prepare('select version from "ConfigVersion" where id = 1').get() as { version: number }).version;
      const v0 = version();
      rw.prepare(`insert into "FloatingIp" (id, address, prefix, purpose) values ('f1', '192.168.9.9', 24, 'gateway')`).run();
      rw.prepare(`insert into "Director" (id, name, host, "updatedAt") values ('d1', 'lb1', '127.0.0.1', 0)`).run();
      rw.prepare(
        `insert into "VirtualService" (id, label, ip, ports, fwmark, "updatedAt") values ('v1', 'WEB', '10.0.0.1', '80', 1, 0)`,
      ).run();
      expect(version()).toBe(v0 + 3);
      rw.prepare(`update "Director" set "appliedHash" = 'abc' where id = 'd1'`).run();
      expect(version()).toBe(v0 + 3);
      rw.prepare(`update "Director" set "vrrpPriority" = 150 where id = 'd1'`).run();
      expect(version()).toBe(v0 + 4);
      expect(
        rw
          .prepare(
            `select "clusterId" from "Director" union all select "clusterId" from "VirtualService" union all select "clusterId" from "FloatingIp"`,
          )
          .all(),
      ).toEqual([{ clusterId: 'default' }, { clusterId: 'default' }, { clusterId: 'default' }]);
      // Each cluster's own version: a change in one cluster raises its version only; a setting raises all.
      const of = (id: string) => (rw.prepare('select "configVersion" as v from "Cluster" where id = ?').get(id) as { v: number }).v;
      rw.prepare(`insert into "Cluster" (id, name) values ('c2', 'YORK')`).run();
      const [d0, c0] = [of('default'), of('c2')];
      rw.prepare(
        `insert into "VirtualService" (id, label, ip, ports, fwmark, "updatedAt", "clusterId") values ('v2', 'WEB', '10.0.0.1', '80', 2, 0, 'c2')`,
      ).run();
      rw.prepare(
        `insert into "RealServer" (id, "virtualServiceId", label, ip, "updatedAt") values ('r2', 'v2', 'GW1', '10.1.0.1', 0)`,
      ).run();
      rw.prepare(`update "RealServer" set weight = 5 where id = 'r2'`).run();
      expect([of('default'), of('c2')]).toEqual([d0, c0 + 3]);
      rw.prepare(`update "Director" set "appliedHash" = 'def' where id = 'd1'`).run();
      rw.prepare(`update "Director" set "vrrpPriority" = 140 where id = 'd1'`).run();
      expect([of('default'), of('c2')]).toEqual([d0 + 1, c0 + 3]);
      rw.prepare(`insert into "Setting" (key, value, "updatedAt") values ('x', 'y', 0)`).run();
      expect([of('default'), of('c2')]).toEqual([d0 + 2, c0 + 4]);
    } finally {
      rw.close();
    }
  });

  it('has a migration for every change in prisma/schema.prisma (run `npm run db:diff -- NAME` if this fails)', async () => {
    const folder = await createMigration('schema_check', `file:${path.join(tmp(), 'scratch.db')}`);
    if (folder) fs.rmSync(path.join(migrationPaths('sqlite').migrationsDir, folder), { recursive: true });
    expect(folder).toBeNull();
  });

  it('keeps prisma/postgresql/schema.prisma the same data model as prisma/schema.prisma (npm install regenerates it)', () => {
    const sqlite = fs.readFileSync(path.join(ROOT, 'prisma', 'schema.prisma'), 'utf8');
    expect(fs.readFileSync(migrationPaths('postgresql').schemaPath, 'utf8')).toBe(postgresSchemaFrom(sqlite));
  });

  it('refuses a URL of another database with the two it accepts', async () => {
    await expect(applyPendingMigrations('mysql://db/lvs')).rejects.toThrow(/file:.*postgresql:\/\//);
  });

  it.runIf(pgAdmin)('PostgreSQL: creates every table with the config-version triggers, then finds nothing to apply or to add', async () => {
    const url = await createScratchDatabase(pgAdmin!);
    try {
      const first = await applyPendingMigrations(url);
      expect(first).toEqual(readMigrationList(migrationPaths('postgresql').migrationsDir).migrationDirectories.map((d) => d.path));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const tables = (await client.query("select tablename from pg_tables where schemaname = 'public'")).rows.map((r) => r.tablename);
        for (const t of CORE_TABLES) expect(tables).toContain(t);
        // A configuration write raises the version; a director's apply bookkeeping does not.
        const version = async () => (await client.query('select version from "ConfigVersion" where id = 1')).rows[0].version as number;
        const v0 = await version();
        await client.query(`insert into "FloatingIp" (id, address, prefix, purpose) values ('f1', '192.168.9.9', 24, 'gateway')`);
        expect(await version()).toBe(v0 + 1);
        await client.query(`insert into "Director" (id, name, host, "updatedAt") values ('d1', 'lb1', '127.0.0.1', now())`);
        expect(await version()).toBe(v0 + 2);
        await client.query(`update "Director" set "lastApplyAt" = now(), "appliedHash" = 'abc' where id = 'd1'`);
        expect(await version()).toBe(v0 + 2);
        await client.query(`update "Director" set "vrrpPriority" = 150 where id = 'd1'`);
        expect(await version()).toBe(v0 + 3);
        // Each cluster's own version: a change in one cluster raises its version only; a setting raises all.
        const of = async (id: string) =>
          (await client.query('select "configVersion" as v from "Cluster" where id = $1', [id])).rows[0].v as number;
        await client.query(`insert into "Cluster" (id, name) values ('c2', 'YORK')`);
        const [d0, c0] = [await of('default'), await of('c2')];
        await client.query(
          `insert into "VirtualService" (id, label, ip, ports, fwmark, "updatedAt", "clusterId") values ('v2', 'WEB', '10.0.0.1', '80', 2, now(), 'c2')`,
        );
        await client.query(
          `insert into "RealServer" (id, "virtualServiceId", label, ip, "updatedAt") values ('r2', 'v2', 'GW1', '10.1.0.1', now())`,
        );
        await client.query(`update "RealServer" set weight = 5 where id = 'r2'`);
        expect([await of('default'), await of('c2')]).toEqual([d0, c0 + 3]);
        await client.query(`update "Director" set "appliedHash" = 'def' where id = 'd1'`);
        await client.query(`update "Director" set "vrrpPriority" = 140 where id = 'd1'`);
        expect([await of('default'), await of('c2')]).toEqual([d0 + 1, c0 + 3]);
        await client.query(`insert into "Setting" (key, value, "updatedAt") values ('x', 'y', now())`);
        expect([await of('default'), await of('c2')]).toEqual([d0 + 2, c0 + 4]);
      } finally {
        await client.end();
      }
      expect(await applyPendingMigrations(url)).toEqual([]);
    } finally {
      await dropScratchDatabase(pgAdmin!, url);
    }
    const scratch = await createScratchDatabase(pgAdmin!);
    try {
      const folder = await createMigration('schema_check', scratch);
      if (folder) fs.rmSync(path.join(migrationPaths('postgresql').migrationsDir, folder), { recursive: true });
      expect(folder).toBeNull();
    } finally {
      await dropScratchDatabase(pgAdmin!, scratch);
    }
  });
});
