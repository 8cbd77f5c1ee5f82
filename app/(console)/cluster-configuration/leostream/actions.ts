'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { authedAction } from '@/lib/server/auth/action';
import { runLeostreamWizard } from '@/lib/server/leostream/wizard';
import { verifyLeostream } from '@/lib/server/leostream/verify';

// The wizard's Next (dry run: checks the answers so far against the configuration) and Create steps.
export const leostreamWizardAction = authedAction(
  'admin',
  z.tuple([z.record(z.string(), z.unknown()), z.boolean()]),
  async ({ name: actor }, input, dryRun) => {
    const result = await runLeostreamWizard({ input, actor, dryRun });
    if (result.written) revalidatePath('/', 'layout');
    return { ok: true, data: result };
  },
);

// Verify the deployment from the directors (reads only; runs commands on the directors).
export const verifyLeostreamAction = authedAction('operator', z.tuple([]), async () => ({ ok: true, data: await verifyLeostream() }));
