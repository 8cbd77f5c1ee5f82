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

/**
 * One cluster's version (triggers raise it on every change of its services, real servers, floating IPs
 * and directors, and of the console-wide settings) and the key of its caches: a change in one cluster
 * leaves every other cluster's rendering, pending state and rows as they are.
 */
export async function clusterVersionKey(clusterId: string): Promise<{ database: string; version: number | undefined; key: string | null }> {
  const database = loadConfig().databaseUrl;
  const version = (await getDb().cluster.findUnique({ where: { id: clusterId }, select: { configVersion: true } }))?.configVersion;
  return { database, version, key: version === undefined ? null : `${database}#${clusterId}@${version}` };
}

export type ServiceRows = Awaited<ReturnType<typeof servicesWithRealServers>>;
const rowsCache = globalThis as unknown as { lvsConfigRows?: Map<string, { key: string; rows: ServiceRows }> };

/**
 * The services with their real servers as stored (sorted by label): one cluster's (read again only when
 * its version moved: at 10,000 x 10 that read takes about a second, and the System Overview needs it at
 * every poll), or every cluster's (the console's version). Shared: read-only.
 */
export async function configurationRows(clusterId?: string): Promise<ServiceRows> {
  const { key } = clusterId === undefined ? await versionKey() : await clusterVersionKey(clusterId);
  const cache = (rowsCache.lvsConfigRows ??= new Map<string, { key: string; rows: ServiceRows }>());
  const slot = clusterId ?? '*';
  const hit = cache.get(slot);
  if (key && hit?.key === key) return hit.rows;
  const rows = await servicesWithRealServers(getDb(), clusterId);
  if (key) cache.set(slot, { key, rows });
  return rows;
}
