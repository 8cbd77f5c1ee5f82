// Console-wide settings that belong to the configuration (rendered into the directors' files,
// exported and restored with it). Stored as Setting rows, one key each.
import 'server-only';
import { getDb } from '../platform/db-client';
import { parseOrThrow } from '../platform/validation';
import { consoleSettingsSchema, DEFAULT_SETTINGS, type ConsoleSettings } from '../../schemas/settings';
import type { Prisma } from '../generated/prisma/client';
import { audit } from '../platform/audit';

const KEYS: Record<keyof ConsoleSettings, string> = {
  drainPersistentClients: 'setting.drainPersistentClients',
  checkTiming: 'setting.checkTiming',
  quiescent: 'setting.quiescent',
  vrrpVersion: 'setting.vrrpVersion',
  vrrpAdvertInterval: 'setting.vrrpAdvertInterval',
  autoNatInterface: 'setting.autoNatInterface',
};

/** A setting's value as stored: a text as it is, anything else as JSON. */
const encode = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
function decode(v: string): unknown {
  if (v === 'true' || v === 'false') return v === 'true';
  if (!v.startsWith('{')) return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

type Tx = Pick<Prisma.TransactionClient, 'setting' | 'auditEvent'>;

export async function getConsoleSettings(db: Pick<Tx, 'setting'> = getDb()): Promise<ConsoleSettings> {
  const rows = await db.setting.findMany({ where: { key: { in: Object.values(KEYS) } } });
  const raw = Object.fromEntries(
    Object.entries(KEYS).flatMap(([k, key]) => {
      const row = rows.find((r) => r.key === key);
      return row ? [[k, decode(row.value)]] : [];
    }),
  );
  const parsed = consoleSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

/** Writes the settings that differ (with an audit event); returns whether anything changed. */
export async function writeConsoleSettings(tx: Tx, next: ConsoleSettings, actor: string, action = 'update'): Promise<boolean> {
  const before = await getConsoleSettings(tx);
  if (JSON.stringify(before) === JSON.stringify(next)) return false;
  for (const [k, key] of Object.entries(KEYS) as [keyof ConsoleSettings, string][]) {
    const value = encode(next[k]);
    await tx.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
  }
  await audit(tx, { actor, action, objectType: 'Settings', before: before, after: next });
  return true;
}

/** PUT /api/v1/settings and the Cluster Configuration page: takes effect at the next apply. */
export async function updateConsoleSettings(args: { input: unknown; actor: string }): Promise<ConsoleSettings> {
  const current = await getConsoleSettings();
  const input = (typeof args.input === 'object' && args.input ? args.input : {}) as Record<string, unknown>;
  // checkTiming is merged too: PUT { "checkTiming": { "interval": 5 } } keeps the other timings.
  const timing = input.checkTiming;
  const next = parseOrThrow(consoleSettingsSchema, {
    ...current,
    ...input,
    ...(timing && typeof timing === 'object' && !Array.isArray(timing) ? { checkTiming: { ...current.checkTiming, ...timing } } : {}),
  });
  await getDb().$transaction((tx) => writeConsoleSettings(tx, next, args.actor));
  return next;
}
