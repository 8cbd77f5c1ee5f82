// The pair's last failover (lib/schemas/failover.ts), kept by the leader's polls in one Setting row so
// that the HA page and the System Overview show it after the directors' own state has moved on.
import 'server-only';
import { getDb } from '../platform/db-client';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';
import { failoverStep, type DirectorVrrp, type FailoverRecord, type LastFailover } from '../../schemas/failover';

/** One row per cluster's pair (`default`'s keeps the key it always had). */
const keyOf = (clusterId: string) => (clusterId === DEFAULT_CLUSTER_ID ? 'ha.failover' : `ha.failover:${clusterId}`);

async function readRecord(clusterId: string): Promise<FailoverRecord | null> {
  const row = await getDb().setting.findUnique({ where: { key: keyOf(clusterId) } });
  if (!row) return null;
  try {
    return JSON.parse(row.value) as FailoverRecord;
  } catch {
    return null;
  }
}

/** The last failover between a cluster's directors that the console saw, or null. */
export async function getLastFailover(clusterId: string = DEFAULT_CLUSTER_ID): Promise<LastFailover | null> {
  return (await readRecord(clusterId))?.last ?? null;
}

/** After a leader poll: records a new active director of a cluster's pair (and how the floating IPs got there). */
export async function noteFailover(directors: DirectorVrrp[], clusterId: string = DEFAULT_CLUSTER_ID): Promise<void> {
  if (directors.length < 2) return;
  const before = await readRecord(clusterId);
  const next = failoverStep(before, directors);
  if (!next || next === before) return;
  const value = JSON.stringify(next);
  const key = keyOf(clusterId);
  await getDb().setting.upsert({ where: { key }, create: { key, value }, update: { value } });
}
