'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { actionArgs, authedAction } from '@/lib/server/auth/action';
import { restoreConfiguration } from '@/lib/server/config/restore';
import { AppError } from '@/lib/server/platform/errors';

// A backup file's text (Next.js refuses a server action body past its own limit before this runs), and the
// page's cluster, which it restores.
const backupText = z.tuple([z.string(), actionArgs.id]);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('BAD_REQUEST', 'This file is not JSON. Choose a file downloaded with "Download backup".');
  }
}

export const previewRestoreAction = authedAction('admin', backupText, async ({ name: actor }, text, clusterId) => ({
  ok: true,
  data: await restoreConfiguration({ document: parseJson(text), actor, dryRun: true, clusterId }),
}));

export const restoreAction = authedAction('admin', backupText, async ({ name: actor }, text, clusterId) => {
  const plan = await restoreConfiguration({ document: parseJson(text), actor, clusterId });
  revalidatePath('/', 'layout');
  return { ok: true, data: plan };
});
