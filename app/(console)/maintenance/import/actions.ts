'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { authedAction } from '@/lib/server/auth/action';
import { importFile, importFromDirector, type AdoptOptions } from '@/lib/server/config/adopt';
import { importSourceSchema, type ImportSource } from '@/lib/schemas/import-source';

// What to import (an uploaded file of one format, or a director's own keepalived.conf) and the first
// labels of the merges the admin chose.
const importArgs = z.tuple([importSourceSchema, z.array(z.string().max(64)).max(1000)]);

function run(source: ImportSource, options: AdoptOptions) {
  if (source.kind === 'director') return importFromDirector({ ...options, director: source.director });
  return importFile(source.format, { ...options, file: { text: source.text } });
}

export const previewImportAction = authedAction('admin', importArgs, async ({ name: actor }, source, merge) => ({
  ok: true,
  data: await run(source, { merge, actor, dryRun: true }),
}));

export const importAction = authedAction('admin', importArgs, async ({ name: actor }, source, merge) => {
  const result = await run(source, { merge, actor, dryRun: false });
  revalidatePath('/', 'layout');
  return { ok: true, data: result };
});
