// Creates and applies Prisma migrations offline, through Prisma's own WASM schema engine.
// The files are the standard prisma/migrations/<name>/migration.sql that `prisma migrate` reads and
// writes, so users who have Prisma's native binaries can use the stock CLI on the same folder.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { databaseProvider, type DatabaseProvider } from './db-client';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
/** Each database's schema and migrations: prisma/ for SQLite, prisma/postgresql/ for PostgreSQL. */
export function migrationPaths(provider: DatabaseProvider): { schemaPath: string; migrationsDir: string } {
  const dir = provider === 'postgresql' ? path.join(PROJECT_ROOT, 'prisma', 'postgresql') : path.join(PROJECT_ROOT, 'prisma');
  return { schemaPath: path.join(dir, 'schema.prisma'), migrationsDir: path.join(dir, 'migrations') };
}

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
    // The engine arms a 10 s timer (a PostgreSQL lock timeout) that it never clears: unref its timers,
    // so that a CLI command does not wait 10 s before it exits.
    const imports: Record<string, unknown> = { ...glue };
    for (const [name, fn] of Object.entries(glue)) {
      if (name.startsWith('__wbg_setTimeout_') && typeof fn === 'function') {
        imports[name] = (...args: unknown[]) => {
          const t = (fn as (...a: unknown[]) => NodeJS.Timeout)(...args);
          t.unref?.();
          return t;
        };
      }
    }
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': imports as never });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return engineModule;
}

export function sqliteFileFromUrl(url: string): string {
  if (!url.startsWith('file:')) throw new Error(`DATABASE_URL "${url.split(':')[0]}:..." is not a SQLite file: URL.`);
  return url.slice('file:'.length);
}

function adapterFactory(databaseUrl: string): SqlMigrationAwareDriverAdapterFactory {
  if (databaseProvider(databaseUrl) === 'postgresql') return new PrismaPg({ connectionString: databaseUrl });
  const file = sqliteFileFromUrl(databaseUrl);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return new PrismaBetterSqlite3({ url: file });
}

/**
 * Two fixes to the pg adapter, for the migrator's connections only (never the console's):
 * - the schema engine reads PostgreSQL's catalogue, whose columns of the internal one-byte type "char"
 *   (oid 18: pg_class.relkind and friends) the adapter refuses ("Column type 'char' could not be
 *   deserialized"); pg already returns them as strings, so they are reported as text;
 * - the adapter runs a migration script by splitting it at every ";", which breaks a function body
 *   (the config-version trigger) and even a comment; PostgreSQL runs a whole script in one simple query.
 */
function fitForMigrations(c: SqlDriverAdapter): SqlDriverAdapter {
  if (c.provider !== 'postgres') return c;
  const pg = c as unknown as {
    client: { query(text: string): Promise<unknown> };
    onError(err: unknown): never;
    performIO(q: unknown): Promise<{ fields: { dataTypeID: number }[] }>;
  };
  const performIO = pg.performIO.bind(c);
  pg.performIO = async (q) => {
    const res = await performIO(q);
    for (const f of res.fields) if (f.dataTypeID === 18) f.dataTypeID = 25;
    return res;
  };
  c.executeScript = async (script: string) => {
    try {
      await pg.client.query(script);
    } catch (err) {
      pg.onError(err);
    }
  };
  return c;
}

async function withEngine<T>(databaseUrl: string, fn: (engine: SchemaEngine, schemaPath: string) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const { schemaPath } = migrationPaths(databaseProvider(databaseUrl));
  // Track the connections the engine opens, so that they are closed (and SQLite's lock released) after.
  const factory = adapterFactory(databaseUrl);
  const opened: SqlDriverAdapter[] = [];
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const c = fitForMigrations(await factory.connect());
      opened.push(c);
      return c;
    },
    connectToShadowDb: async () => {
      const c = fitForMigrations(await factory.connectToShadowDb());
      opened.push(c);
      return c;
    },
  };
  const adapter = bindMigrationAwareSqlAdapterFactory(tracked);
  const schema = fs.readFileSync(schemaPath, 'utf8');
  const logs: string[] = [];
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, (l: string) => logs.push(l), adapter);
  try {
    return await fn(engine, schemaPath);
  } catch (err) {
    // The engine reports adapter failures as "External error id#N"; put the adapter's own error in the message.
    const m = err instanceof Error ? /External error id#(\d+)/.exec(err.message) : null;
    const inner = m ? adapter.errorRegistry.consumeError(Number(m[1])) : undefined;
    if (inner && err instanceof Error) {
      const cause = (inner as { error?: unknown }).error ?? inner;
      err.message += `\nCaused by: ${cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : JSON.stringify(cause)}`;
    }
    throw err;
  } finally {
    engine.free();
    await Promise.all(opened.map((c) => c.dispose()));
  }
}

export function readMigrationList(dir: string): MigrationList {
  const lockPath = path.join(dir, 'migration_lock.toml');
  const dirs = fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
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
          content: fs.existsSync(file)
            ? { tag: 'ok', value: fs.readFileSync(file, 'utf8') }
            : { tag: 'error', value: 'missing migration.sql' },
        },
      };
    }),
  };
}

/** Applies every pending migration; returns the names of those applied now. */
export async function applyPendingMigrations(databaseUrl: string): Promise<string[]> {
  return withEngine(databaseUrl, async (engine) => {
    const out = await engine.applyMigrations({
      migrationsList: readMigrationList(migrationPaths(databaseProvider(databaseUrl)).migrationsDir),
      filters: { externalTables: [], externalEnums: [] },
    });
    return out.appliedMigrationNames;
  });
}

/**
 * Writes a new migration folder (for the database of scratchUrl, which must be an empty scratch
 * database) with the SQL that takes the existing migrations to the current schema. Returns its folder
 * name, or null when the schema has not changed.
 */
export async function createMigration(
  name: string,
  scratchUrl: string,
  stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14),
): Promise<string | null> {
  // Bring a scratch database to the state of the existing migrations, then diff it with the schema.
  // (Diffing from the migrations folder needs a shadow database, whose multi-statement scripts the
  // better-sqlite3 adapter refuses.)
  const provider = databaseProvider(scratchUrl);
  const { migrationsDir } = migrationPaths(provider);
  await applyPendingMigrations(scratchUrl);
  return withEngine(scratchUrl, async (engine, schemaPath) => {
    const files = [{ path: schemaPath, content: fs.readFileSync(schemaPath, 'utf8') }];
    const res = await engine.diff({
      from: { tag: 'schemaDatasource', files, configDir: PROJECT_ROOT },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    if (res.exitCode === 0 || !res.stdout?.trim() || /^-- This is an empty migration/m.test(res.stdout)) return null;
    const folder = `${stamp}_${name.replace(/[^a-z0-9_]/gi, '_')}`;
    fs.mkdirSync(path.join(migrationsDir, folder), { recursive: true });
    fs.writeFileSync(path.join(migrationsDir, folder, 'migration.sql'), res.stdout);
    const lock = path.join(migrationsDir, 'migration_lock.toml');
    if (!fs.existsSync(lock)) {
      fs.writeFileSync(
        lock,
        `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
      );
    }
    return folder;
  });
}
