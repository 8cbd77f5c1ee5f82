// The configuration's version (database triggers raise it on every change, whichever process made it)
// and what is cached per version: the services with their real servers as stored.
import 'server-only';
import { getDb } from '../platform/db-client';
import { loadConfig } from '../platform/config';
import { servicesWithRealServers } from './real-servers';

/** The configuration's version: database triggers raise it on every change, whichever process made it. */
export async function configVersion(): Promise<number | undefined> {
  return (await getDb().configVersion.findUnique({ where: { id: 1 } }))?.version;
}

/** The version now, and the key of this database's caches for it (null before the migration that adds it). */
export async function versionKey(): Promise<{ database: string; version: number | undefined; key: string | null }> {
  const database = loadConfig().databaseUrl;
  const version = await configVersion();
  return { database, version, key: version === undefined ? null : `${database}#${version}` };
}

export type ServiceRows = Awaited<ReturnType<typeof servicesWithRealServers>>;
const rowsCache = globalThis as unknown as { lvsConfigRows?: { key: string; rows: ServiceRows } };

/**
 * The services with their real servers as stored (sorted by label), read again only when the
 * configuration's version moved: at 10,000 x 10 that read takes about a second, and the System
 * Overview needs it at every poll. Shared: read-only.
 */
export async function configurationRows(clusterId?: string): Promise<ServiceRows> {
  const { key } = await versionKey();
  let rows: ServiceRows;
  if (key && rowsCache.lvsConfigRows?.key === key) rows = rowsCache.lvsConfigRows.rows;
  else {
    rows = await servicesWithRealServers();
    if (key) rowsCache.lvsConfigRows = { key, rows };
  }
  return clusterId === undefined ? rows : rows.filter((r) => r.clusterId === clusterId);
}
