// Alerts' settings (Local Configuration > Alerts, GET/PUT /api/v1/alerts): one AlertConfig row, the SMTP
// password sealed like the SSH key and never returned; every change audited (without the password).
import 'server-only';
import { getDb } from '../platform/db-client';
import { openSecret, sealSecret } from '../platform/secrets';
import { parseOrThrow } from '../platform/validation';
import { audit } from '../platform/audit';
import {
  alertSettingsSchema,
  DEFAULT_ALERT_SETTINGS,
  directorMailOf,
  type AlertSettings,
  type AlertSettingsView,
} from '../../schemas/alerts';

/** The settings with the SMTP password unsealed (for sending only). */
export interface AlertChannels extends AlertSettings {
  smtpPassword: string | null;
}

async function readRow(): Promise<{ settings: AlertSettings; sealed: string | null }> {
  const row = await getDb().alertConfig.findUnique({ where: { id: 1 } });
  if (!row) return { settings: DEFAULT_ALERT_SETTINGS, sealed: null };
  const parsed = alertSettingsSchema.safeParse(JSON.parse(row.value));
  return { settings: parsed.success ? parsed.data : DEFAULT_ALERT_SETTINGS, sealed: row.smtpPasswordSealed };
}

const view = (s: AlertSettings, sealed: string | null): AlertSettingsView => ({
  ...s,
  email: s.email ? { ...withoutPassword(s.email), passwordSet: sealed !== null } : null,
  webhooks: s.webhooks.map((w) => ({ url: w.url, secretSet: Boolean(w.secret) })),
});

function withoutPassword<T extends { password?: unknown }>(x: T): Omit<T, 'password'> {
  const { password: _password, ...rest } = x;
  return rest;
}

/** GET /api/v1/alerts. */
export async function getAlertSettings(): Promise<AlertSettingsView> {
  const { settings, sealed } = await readRow();
  return view(settings, sealed);
}

/** What the sender needs, the password unsealed. */
export async function getAlertChannels(): Promise<AlertChannels> {
  const { settings, sealed } = await readRow();
  return { ...settings, smtpPassword: sealed ? openSecret(sealed) : null };
}

/**
 * PUT /api/v1/alerts: the whole settings. The SMTP password is write-only: left out (or null) keeps the
 * stored one, "" removes it; without an email channel it is removed too.
 */
export async function updateAlertSettings(args: { input: unknown; actor: string }): Promise<AlertSettingsView> {
  const next = parseOrThrow(alertSettingsSchema, args.input);
  const { settings: before, sealed: sealedBefore } = await readRow();
  const password = next.email?.password;
  const sealed = !next.email || password === '' ? null : typeof password === 'string' ? sealSecret(password) : sealedBefore;
  const webhooks = next.webhooks.map((w) => {
    const secret = w.secret ?? before.webhooks.find((b) => b.url === w.url)?.secret;
    return secret ? { url: w.url, secret } : { url: w.url };
  });
  const stored: AlertSettings = { ...next, email: next.email ? withoutPassword(next.email) : null, webhooks };
  await getDb().$transaction(async (tx) => {
    const value = JSON.stringify(stored);
    await tx.alertConfig.upsert({
      where: { id: 1 },
      create: { id: 1, value, smtpPasswordSealed: sealed },
      update: { value, smtpPasswordSealed: sealed },
    });
    // The email channel is also rendered into the directors' keepalived.conf (their own failover mails):
    // a change there is a configuration change, pending until it is applied.
    if (JSON.stringify(directorMailOf(before.email).mail) !== JSON.stringify(directorMailOf(stored.email).mail)) {
      await tx.configVersion.updateMany({ where: { id: 1 }, data: { version: { increment: 1 } } });
      await tx.cluster.updateMany({ data: { configVersion: { increment: 1 } } }); // every cluster's directors get it
    }
    await audit(tx, {
      actor: args.actor,
      action: 'update',
      objectType: 'Alerts',
      before: view(before, sealedBefore),
      after: { ...view(stored, sealed), passwordChanged: sealed !== sealedBefore },
    });
  });
  return view(stored, sealed);
}
