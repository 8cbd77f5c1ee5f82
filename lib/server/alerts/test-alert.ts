// "Send a test alert" (POST /api/v1/alerts/test): one message on every configured channel at once, not
// through the outbox's retries, and what each server answered; each attempt is in the delivery log.
import 'server-only';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { composeAlert } from './compose';
import { channelsOf, sendOn } from './outbox';
import { getAlertChannels } from './settings';
import type { TestAlertResult } from '../../schemas/alerts';

export async function sendTestAlert(args: { actor: string }): Promise<TestAlertResult[]> {
  const channels = await getAlertChannels();
  const targets = channelsOf(channels);
  if (!targets.length)
    throw new AppError(
      'BAD_REQUEST',
      'No alert channel is configured: add an email server or a webhook under Local Configuration > Alerts.',
    );
  const alert = composeAlert(
    [
      {
        key: 'test',
        kind: 'director',
        from: null,
        to: 'test',
        at: Date.now() / 1000,
        text: `Test alert from lvs-console, sent by ${args.actor}: this channel works.`,
        facts: { sentBy: args.actor },
        path: '/local-configuration/alerts',
      },
    ],
    channels.consoleUrl,
  );
  const db = getDb();
  return Promise.all(
    targets.map(async (channel) => {
      const recipients = channel === 'email' ? (channels.email?.to ?? []) : [];
      const row = await db.alertMessage.create({
        data: {
          channel,
          subject: alert.subject,
          body: alert.body,
          payload: JSON.stringify(alert.payload),
          recipients: channel === 'email' ? JSON.stringify(recipients) : null,
          attempts: 1,
        },
      });
      let result: TestAlertResult;
      try {
        result = { channel, ok: true, detail: await sendOn(channel, { ...alert, recipients }, channels) };
      } catch (err) {
        result = { channel, ok: false, detail: err instanceof Error ? err.message : String(err) };
      }
      await db.$transaction([
        db.alertAttempt.create({ data: { messageId: row.id, ok: result.ok, detail: result.detail } }),
        db.alertMessage.update({
          where: { id: row.id },
          data: result.ok ? { status: 'delivered', deliveredAt: new Date() } : { status: 'failed', lastError: result.detail },
        }),
      ]);
      return result;
    }),
  );
}
