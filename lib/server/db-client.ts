// Creates the Prisma client for DATABASE_URL. No 'server-only' marker here: the start-up bootstrap
// and the CLI use it too. Route code imports `db` from ./db instead.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/prisma/client';
import { loadConfig } from '../runtime/config';

export type Db = PrismaClient;

export function createDb(databaseUrl = loadConfig().databaseUrl): PrismaClient {
  if (!databaseUrl.startsWith('file:')) {
    // PostgreSQL: switch `provider` in prisma/schema.prisma and install @prisma/adapter-pg (README).
    throw new Error(`DATABASE_URL must be a file: URL for the embedded SQLite build (got "${databaseUrl.split(':')[0]}:").`);
  }
  const adapter = new PrismaBetterSqlite3({ url: databaseUrl.slice('file:'.length) });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { lvsDb?: PrismaClient };

/** One client per process (Next may load this module from several bundles). */
export function getDb(): PrismaClient {
  globalForDb.lvsDb ??= createDb();
  return globalForDb.lvsDb;
}
