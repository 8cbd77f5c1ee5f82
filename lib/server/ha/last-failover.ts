// The pair's last failover (lib/schemas/failover.ts), kept by the leader's polls in one Setting row so
// that the HA page and the System Overview show it after the directors' own state has moved on.
import 'server-only';
import { getDb } from '../platform/db-client';
import { failoverStep, type DirectorVrrp, type FailoverRecord, type LastFailover } from '../../schemas/failover';

const KEY = 'ha.failover';

async function readRecord(): Promise<FailoverRecord | null> {
  const row = await getDb().setting.findUnique({ where: { key: KEY } });
  if (!row) return null;
  try {
    return JSON.parse(row.value) as FailoverRecord;
  } catch {
    return null;
  }
}

/** The last failover between the directors that the console saw, or null. */
export async function getLastFailover(): Promise<LastFailover | null> {
  return (await readRecord())?.last ?? null;
}

/** After a leader poll: records a new active director (and how the floating IPs got there). */
export async function noteFailover(directors: DirectorVrrp[]): Promise<void> {
  if (directors.length < 2) return;
  const before = await readRecord();
  const next = failoverStep(before, directors);
  if (!next || next === before) return;
  const value = JSON.stringify(next);
  await getDb().setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
}
