'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { authedAction } from '@/lib/server/auth/action';
import { updateConsoleSettings } from '@/lib/server/config/settings';
import { DRAIN_PERSISTENT_CLIENTS } from '@/lib/schemas/settings';

// What persistent clients of a drained real server do; reaches the directors at the next apply.
export const setDrainBehaviourAction = authedAction(
  'admin',
  z.tuple([z.enum(DRAIN_PERSISTENT_CLIENTS)]),
  async ({ name: actor }, drainPersistentClients) => {
    await updateConsoleSettings({ input: { drainPersistentClients }, actor });
    revalidatePath('/', 'layout');
    return { ok: true, message: 'Saved. Apply the configuration to put it on the directors.' };
  },
);

// Health-check timing for every service without its own (Layer 4 Advanced); reaches the directors at the next apply.
export const setCheckTimingAction = authedAction(
  'admin',
  z.tuple([z.unknown(), z.boolean()]),
  async ({ name: actor }, checkTiming, quiescent) => {
    await updateConsoleSettings({ input: { checkTiming, quiescent }, actor });
    revalidatePath('/', 'layout');
    return { ok: true, message: 'Saved. Apply the configuration to put it on the directors.' };
  },
);
