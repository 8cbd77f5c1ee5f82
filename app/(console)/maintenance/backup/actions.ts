'use server';
import { revalidatePath } from 'next/cache';
import { authedAction } from '@/lib/server/action';
import { importConfiguration } from '@/lib/server/configuration';
import { AppError } from '@/lib/server/errors';

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('BAD_REQUEST', 'This file is not JSON. Choose a file downloaded with "Download backup".');
  }
}

export const previewRestoreAction = authedAction(async (actor, text: string) => ({ ok: true, data: await importConfiguration({ document: parse(text), actor, dryRun: true }) }));

export const restoreAction = authedAction(async (actor, text: string) => {
  const plan = await importConfiguration({ document: parse(text), actor });
  revalidatePath('/', 'layout');
  return { ok: true, data: plan };
});
