'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { authedAction } from '@/lib/server/auth/action';
import { updateConsoleSettings } from '@/lib/server/config/settings';

// Auto-NAT: the directors' external interface (empty: off); reaches the directors at the next apply.
export const setAutoNatAction = authedAction(
  'admin',
  z.tuple([z.boolean(), z.string().max(100)]),
  async ({ name: actor }, enabled, autoNatInterface) => {
    if (enabled && !autoNatInterface.trim())
      return {
        ok: false,
        code: 'VALIDATION_FAILED',
        message: 'Nothing was saved: correct the fields marked below.',
        fieldErrors: { autoNatInterface: 'Give the directors’ external interface (e.g. eth0), or switch Auto-NAT off.' },
      };
    await updateConsoleSettings({ input: { autoNatInterface: enabled ? autoNatInterface : '' }, actor });
    revalidatePath('/', 'layout');
    return { ok: true, message: 'Saved. Apply the configuration to put it on the directors.' };
  },
);
