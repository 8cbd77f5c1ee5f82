// The outbox: an alert becomes one AlertMessage row per channel, written in the same transaction as the
// states it reports (AlertState), so a restart neither loses nor repeats it. The leader delivers what is
// due every few seconds (never from the poller's own path), retrying with back-off (15 s, doubling, at
// most 15 min) for up to 48 h; every attempt is kept with what the server answered (the delivery log).
import 'server-only';
import { getDb, textContains } from '../platform/db-client';
import type { Prisma } from '../generated/prisma/client';
import type { AlertDeliveryView } from '../../schemas/alerts';
import type { ComposedAlert } from './compose';
import { getAlertChannels, type AlertChannels } from './settings';
import { sendEmail, sendWebhook, type OutgoingMessage } from './send';

const FIRST_RETRY_MS = 15_000;
const MAX_RETRY_MS = 15 * 60_000;
const GIVE_UP_MS = 48 * 3600_000;
const BATCH = 20;

/** The channels a message goes to: "email" and "webhook:<url>", as configured now. */
export function channelsOf(c: Pick<AlertChannels, 'email' | 'webhooks'>): string[] {
  return [...(c.email ? ['email'] : []), ...c.webhooks.map((w) => `webhook:${w.url}`)];
}

/**
 * Queues one alert on every channel and records the states it reports, in one transaction. `ownEmail`:
 * the messages for services' own addresses (their "Email alert"), besides the one to the global recipients.
 */
export async function queueAlert(
  alert: ComposedAlert,
  channels: Pick<AlertChannels, 'email' | 'webhooks'>,
  reported: { key: string; state: string }[],
  at = new Date(),
  ownEmail: { to: string[]; alert: ComposedAlert }[] = [],
): Promise<number> {
  const targets = channelsOf(channels);
  const messages = targets.flatMap((channel): { channel: string; alert: ComposedAlert; recipients: string | null }[] =>
    channel === 'email'
      ? [{ to: channels.email?.to ?? [], alert }, ...ownEmail].map((m) => ({ channel, alert: m.alert, recipients: JSON.stringify(m.to) }))
      : [{ channel, alert, recipients: null }],
  );
  await getDb().$transaction(async (tx) => {
    for (const m of messages) {
      await tx.alertMessage.create({
        data: {
          channel: m.channel,
          subject: m.alert.subject,
          body: m.alert.body,
          payload: JSON.stringify(m.alert.payload),
          recipients: m.recipients,
        },
      });
    }
    await recordReported(tx, reported, at);
  });
  return messages.length;
}

/** What was last reported of each thing (also the baselines, which send nothing): 500 rows a statement (100,000 real servers at once). */
export async function recordReported(
  db: Pick<Prisma.TransactionClient, 'alertState'>,
  reported: { key: string; state: string }[],
  at = new Date(),
): Promise<void> {
  const latest = [...new Map(reported.map((r) => [r.key, r.state])).entries()];
  for (let i = 0; i < latest.length; i += 500) {
    const chunk = latest.slice(i, i + 500);
    await db.alertState.deleteMany({ where: { key: { in: chunk.map(([key]) => key) } } });
    await db.alertState.createMany({ data: chunk.map(([key, state]) => ({ key, state, since: at })) });
  }
}

/** Sends one message on its channel with the channels as configured now. */
export async function sendOn(channel: string, m: OutgoingMessage, c: AlertChannels): Promise<string> {
  if (channel === 'email') {
    if (!c.email) throw new Error('Email is no longer configured (Local Configuration > Alerts).');
    return sendEmail(c.email, c.smtpPassword, m);
  }
  const url = channel.slice('webhook:'.length);
  const hook = c.webhooks.find((w) => w.url === url);
  if (!hook) throw new Error(`The webhook ${url} is no longer configured (Local Configuration > Alerts).`);
  return sendWebhook(url, hook.secret, m.payload);
}

let delivering: Promise<number> | null = null;
let prunedAt = 0;

/** How long delivered and given-up messages (and their attempts) stay in the delivery log. */
export const KEEP_DELIVERED_MS = 30 * 24 * 3600_000;

/** Delivers what is due (one run at a time); returns how many were delivered. Once an hour, forgets what is older than the log keeps. */
export function deliverDueAlerts(now = new Date(), send = sendOn): Promise<number> {
  delivering ??= (async () => {
    if (now.getTime() - prunedAt > 3600_000) {
      prunedAt = now.getTime();
      await pruneAlertLog(now);
    }
    return deliverBatch(now, send);
  })().finally(() => (delivering = null));
  return delivering;
}

/** Drops delivered and given-up messages older than KEEP_DELIVERED_MS (their attempts go with them). */
export async function pruneAlertLog(now = new Date()): Promise<number> {
  const r = await getDb().alertMessage.deleteMany({
    where: { status: { in: ['delivered', 'failed'] }, createdAt: { lt: new Date(now.getTime() - KEEP_DELIVERED_MS) } },
  });
  return r.count;
}

async function deliverBatch(now: Date, send: typeof sendOn): Promise<number> {
  const db = getDb();
  const due = await db.alertMessage.findMany({
    where: { status: 'pending', nextAttemptAt: { lte: now } },
    orderBy: { createdAt: 'asc' },
    take: BATCH,
  });
  if (!due.length) return 0;
  const channels = await getAlertChannels();
  let delivered = 0;
  for (const m of due) {
    const out: OutgoingMessage = {
      subject: m.subject,
      body: m.body,
      payload: JSON.parse(m.payload) as unknown,
      recipients: m.recipients ? (JSON.parse(m.recipients) as string[]) : [],
    };
    const attempts = m.attempts + 1;
    try {
      const detail = await send(m.channel, out, channels);
      await db.$transaction([
        db.alertAttempt.create({ data: { messageId: m.id, ok: true, detail } }),
        db.alertMessage.update({ where: { id: m.id }, data: { status: 'delivered', attempts, deliveredAt: new Date(), lastError: null } }),
      ]);
      delivered++;
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      const wait = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempts - 1));
      const giveUp = now.getTime() + wait - m.createdAt.getTime() > GIVE_UP_MS;
      await db.$transaction([
        db.alertAttempt.create({ data: { messageId: m.id, ok: false, detail } }),
        db.alertMessage.update({
          where: { id: m.id },
          data: { attempts, lastError: detail, status: giveUp ? 'failed' : 'pending', nextAttemptAt: new Date(now.getTime() + wait) },
        }),
      ]);
    }
  }
  return delivered;
}

/** The delivery log (Logs > Alerts, GET /api/v1/alerts/deliveries): each attempt, newest first. */
export async function listAlertDeliveries(
  opts: { take?: number; channel?: string; ok?: boolean; q?: string } = {},
): Promise<AlertDeliveryView[]> {
  const message = {
    ...(opts.channel ? { channel: opts.channel } : {}),
    ...(opts.q ? { subject: textContains(opts.q) } : {}),
  };
  const rows = await getDb().alertAttempt.findMany({
    where: { ...(opts.ok === undefined ? {} : { ok: opts.ok }), ...(Object.keys(message).length ? { message } : {}) },
    orderBy: { at: 'desc' },
    take: Math.min(opts.take ?? 100, 1000),
    include: { message: { select: { channel: true, subject: true, status: true, attempts: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    channel: r.message.channel,
    subject: r.message.subject,
    ok: r.ok,
    detail: r.detail,
    status: r.message.status as AlertDeliveryView['status'],
    attempts: r.message.attempts,
  }));
}

/** The channels the delivery log holds messages for (its filter's choices). */
export async function alertDeliveryChannels(): Promise<string[]> {
  const rows = await getDb().alertMessage.findMany({ distinct: ['channel'], select: { channel: true }, orderBy: { channel: 'asc' } });
  return rows.map((r) => r.channel);
}
