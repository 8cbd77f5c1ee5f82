'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { actionArgs, authedAction } from '@/lib/server/auth/action';
import { importFile, importFromDirector, type AdoptOptions } from '@/lib/server/config/adopt';
import { importSourceSchema, type ImportSource } from '@/lib/schemas/import-source';

// What to import (an uploaded file of one format, or a director's own keepalived.conf) and the first
// labels of the merges the admin chose, and the page's cluster (a director's import lands in its own).
const importArgs = z.tuple([importSourceSchema, z.array(z.string().max(64)).max(1000), actionArgs.id]);

function run(source: ImportSource, options: AdoptOptions) {
  if (source.kind === 'director') return importFromDirector({ ...options, director: source.director });
  return importFile(source.format, { ...options, file: { text: source.text } });
}

export const previewImportAction = authedAction('admin', importArgs, async ({ name: actor }, source, merge, clusterId) => ({
  ok: true,
  data: await run(source, { merge, actor, dryRun: true, clusterId }),
}));

export const importAction = authedAction('admin', importArgs, async ({ name: actor }, source, merge, clusterId) => {
  const result = await run(source, { merge, actor, dryRun: false, clusterId });
  revalidatePath('/', 'layout');
  return { ok: true, data: result };
});
