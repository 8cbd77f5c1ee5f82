'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { authedAction } from '@/lib/server/action';
import { importKeepalivedConf } from '@/lib/server/adopt';

// An uploaded keepalived.conf's text and the first labels of the merges the admin chose.
const importArgs = z.tuple([z.string().max(5 * 1024 * 1024, 'The file is larger than 5 MB.'), z.array(z.string().max(64)).max(1000)]);

export const previewKeepalivedImportAction = authedAction('admin', importArgs, async ({ name: actor }, text, merge) => ({
  ok: true,
  data: await importKeepalivedConf({ file: { path: 'keepalived.conf', text }, read: () => null, merge, actor, dryRun: true }),
}));

export const keepalivedImportAction = authedAction('admin', importArgs, async ({ name: actor }, text, merge) => {
  const result = await importKeepalivedConf({ file: { path: 'keepalived.conf', text }, read: () => null, merge, actor, dryRun: false });
  revalidatePath('/', 'layout');
  return { ok: true, data: result };
});
