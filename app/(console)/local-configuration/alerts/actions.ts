'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { authedAction } from '@/lib/server/auth/action';
import { updateAlertSettings } from '@/lib/server/alerts/settings';
import { sendTestAlert } from '@/lib/server/alerts/test-alert';
import { createSilence, endSilence } from '@/lib/server/alerts/silences';
import type { TestAlertResult } from '@/lib/schemas/alerts';

// Save the alert channels (the same schema as PUT /api/v1/alerts checks the input).
export const saveAlertSettingsAction = authedAction('admin', z.tuple([z.unknown()]), async ({ name: actor }, input) => {
  await updateAlertSettings({ input, actor });
  revalidatePath('/local-configuration/alerts');
  return { ok: true, message: 'Saved. Alerts use these channels from the next poll.' };
});

// Send a test alert on every channel now, and say what each server answered.
export const sendTestAlertAction = authedAction<z.ZodTuple<[], null>, TestAlertResult[]>('admin', z.tuple([]), async ({ name: actor }) => {
  const results = await sendTestAlert({ actor });
  revalidatePath('/local-configuration/alerts');
  return {
    ok: results.every((r) => r.ok),
    message: results.every((r) => r.ok) ? 'Sent on every channel.' : 'Some channels failed.',
    data: results,
  };
});

// Silence a service or one of its real servers for a maintenance window (the same schema as POST /api/v1/alerts/silences).
export const createSilenceAction = authedAction('operator', z.tuple([z.unknown()]), async ({ name: actor }, input) => {
  const s = await createSilence({ input, actor });
  revalidatePath('/local-configuration/alerts');
  return { ok: true, message: `No alerts about ${s.target} until ${s.until.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}.` };
});

// End a silence now.
export const endSilenceAction = authedAction('operator', z.tuple([z.string().min(1)]), async ({ name: actor }, id) => {
  const s = await endSilence({ id, actor });
  revalidatePath('/local-configuration/alerts');
  return { ok: true, message: `Alerts about ${s.target} are on again.` };
});
