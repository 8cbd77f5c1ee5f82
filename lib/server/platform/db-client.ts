// Creates the Prisma client for DATABASE_URL: a file: URL is the embedded SQLite database, a
// postgresql:// URL a PostgreSQL server. One data model, two generated clients (prisma/schema.prisma and
// its derived prisma/postgresql/schema.prisma); their APIs are the same, so the rest of the code sees one
// type. No 'server-only' marker here: the start-up bootstrap and the CLI use it too. Route code
// imports `db` from ./db instead.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import { PrismaClient as PgPrismaClient } from '../generated/prisma-pg/client';
import { loadConfig } from './config';

export type Db = PrismaClient;
export type DatabaseProvider = 'sqlite' | 'postgresql';

/** The database a URL names, or an error that says which URLs are accepted. */
export function databaseProvider(databaseUrl: string): DatabaseProvider {
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql';
  throw new Error(
    `DATABASE_URL must be file:/path/to/lvs-console.db (SQLite) or postgresql://user:password@host:5432/database ` +
      `(got "${databaseUrl.split(':')[0]}:").`,
  );
}

export function createDb(databaseUrl = loadConfig().databaseUrl): PrismaClient {
  if (databaseProvider(databaseUrl) === 'postgresql') {
    // Same models and methods as the SQLite client; only the provider-specific filter options differ
    // (see textContains).
    return new PgPrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) }) as unknown as PrismaClient;
  }
  const adapter = new PrismaBetterSqlite3({ url: databaseUrl.slice('file:'.length) });
  return new PrismaClient({ adapter });
}

/**
 * A "contains" filter that ignores case on both databases: SQLite's LIKE already does (for ASCII);
 * PostgreSQL needs Prisma's `mode: 'insensitive'`, which the SQLite client's types do not have.
 */
export function textContains(q: string): { contains: string } {
  return (databaseProvider(loadConfig().databaseUrl) === 'postgresql' ? { contains: q, mode: 'insensitive' } : { contains: q }) as {
    contains: string;
  };
}

const globalForDb = globalThis as unknown as { lvsDb?: PrismaClient };

/** One client per process (Next may load this module from several bundles). */
export function getDb(): PrismaClient {
  globalForDb.lvsDb ??= createDb();
  return globalForDb.lvsDb;
}
