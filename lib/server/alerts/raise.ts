// Alerts for what happens once rather than a state that holds: an apply that failed or was rolled back,
// a catch-up that keeps failing, a halt-when-idle that ended. Queued in the outbox at once (no
// hold-down: there is no state to wait on); never throws into the caller's own work.
import 'server-only';
import type { AlertEvent } from '../../schemas/alerts';
import { composeAlert } from './compose';
import { channelsOf, queueAlert } from './outbox';
import { getAlertChannels } from './settings';

export async function raiseAlert(e: Omit<AlertEvent, 'at' | 'from'>): Promise<void> {
  try {
    const channels = await getAlertChannels();
    if (!channelsOf(channels).length) return;
    await queueAlert(composeAlert([{ ...e, from: null, at: Date.now() / 1000 }], channels.consoleUrl), channels, []);
  } catch (err) {
    console.error('[lvs-console] could not queue an alert:', err instanceof Error ? err.message : err, `(${e.text})`);
  }
}
