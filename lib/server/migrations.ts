// Creates and applies Prisma migrations offline, through Prisma's own WASM schema engine.
// The files are the standard prisma/migrations/<name>/migration.sql that `prisma migrate` reads and
// writes, so users who have Prisma's native binaries can use the stock CLI on the same folder.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const SCHEMA_PATH = path.join(PROJECT_ROOT, 'prisma', 'schema.prisma');
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'prisma', 'migrations');

type EngineModule = typeof import('@prisma/schema-engine-wasm');

let engineModule: Promise<EngineModule> | undefined;

// The package imports its .wasm as an ES module (a bundler feature Node 20 lacks): instantiate it by hand.
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const require = createRequire(__filename);
    const pkgDir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
    const glue = (await import(pathToFileURL(path.join(pkgDir, 'schema_engine_bg.js')).href)) as EngineModule & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const bytes = fs.readFileSync(path.join(pkgDir, 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue as never });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return engineModule;
}

export function sqliteFileFromUrl(url: string): string {
  if (!url.startsWith('file:')) {
    throw new Error(`DATABASE_URL "${url}" is not a SQLite file: URL; the embedded migrator handles SQLite only. ` +
      'For PostgreSQL, apply prisma/migrations with the stock `prisma migrate deploy`.');
  }
  return url.slice('file:'.length);
}

async function withEngine<T>(databaseUrl: string, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const file = sqliteFileFromUrl(databaseUrl);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // Track the connections the engine opens, so that they are closed (and SQLite's lock released) after.
  const factory = new PrismaBetterSqlite3({ url: file });
  const opened: SqlDriverAdapter[] = [];
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const c = await factory.connect();
      opened.push(c);
      return c;
    },
    connectToShadowDb: async () => {
      const c = await factory.connectToShadowDb();
      opened.push(c);
      return c;
    },
  };
  const adapter = bindMigrationAwareSqlAdapterFactory(tracked);
  const schema = fs.readFileSync(SCHEMA_PATH, 'utf8');
  const logs: string[] = [];
  const engine = await SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, (l: string) => logs.push(l), adapter);
  try {
    return await fn(engine);
  } catch (err) {
    // The engine reports adapter failures as "External error id#N"; put the adapter's own error in the message.
    const m = err instanceof Error ? /External error id#(\d+)/.exec(err.message) : null;
    const inner = m ? adapter.errorRegistry.consumeError(Number(m[1])) : undefined;
    if (inner && err instanceof Error) err.message += `\nCaused by: ${String((inner as { error?: unknown }).error ?? JSON.stringify(inner))}`;
    throw err;
  } finally {
    engine.free();
    await Promise.all(opened.map((c) => c.dispose()));
  }
}

export function readMigrationList(dir = MIGRATIONS_DIR): MigrationList {
  const lockPath = path.join(dir, 'migration_lock.toml');
  const dirs = fs.existsSync(dir)
    ? fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: fs.existsSync(file) ? { tag: 'ok', value: fs.readFileSync(file, 'utf8') } : { tag: 'error', value: 'missing migration.sql' },
        },
      };
    }),
  } as MigrationList;
}

/** Applies every pending migration; returns the names of those applied now. */
export async function applyPendingMigrations(databaseUrl: string): Promise<string[]> {
  return withEngine(databaseUrl, async (engine) => {
    const out = await engine.applyMigrations({
      migrationsList: readMigrationList(),
      filters: { externalTables: [], externalEnums: [] },
    });
    return out.appliedMigrationNames;
  });
}

/**
 * Writes a new migration folder with the SQL that takes the existing migrations to the current schema.
 * Returns its folder name, or null when the schema has not changed.
 */
export async function createMigration(name: string, scratchUrl: string): Promise<string | null> {
  // Bring a scratch database to the state of the existing migrations, then diff it with the schema.
  // (Diffing from the migrations folder needs a shadow database, whose multi-statement scripts the
  // better-sqlite3 adapter refuses.)
  await applyPendingMigrations(scratchUrl);
  return withEngine(scratchUrl, async (engine) => {
    const res = await engine.diff({
      from: { tag: 'schemaDatasource', files: [{ path: SCHEMA_PATH, content: fs.readFileSync(SCHEMA_PATH, 'utf8') }], configDir: PROJECT_ROOT },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: fs.readFileSync(SCHEMA_PATH, 'utf8') }] },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    if (res.exitCode === 0 || !res.stdout?.trim() || /^-- This is an empty migration/m.test(res.stdout)) return null;
    const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const folder = `${stamp}_${name.replace(/[^a-z0-9_]/gi, '_')}`;
    fs.mkdirSync(path.join(MIGRATIONS_DIR, folder), { recursive: true });
    fs.writeFileSync(path.join(MIGRATIONS_DIR, folder, 'migration.sql'), res.stdout);
    const lock = path.join(MIGRATIONS_DIR, 'migration_lock.toml');
    if (!fs.existsSync(lock)) {
      fs.writeFileSync(lock, '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "sqlite"\n');
    }
    return folder;
  });
}
