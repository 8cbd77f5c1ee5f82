// What Maintenance > Import reads: an uploaded file of one of the formats, or a director's own
// keepalived.conf (and its includes) over SSH. Shared by the page and its actions.
import { z } from 'zod';

/** One file, or a director's keepalived.conf and its includes together (lib/import/limits has the rest). */
export const IMPORT_MAX_BYTES = 16 * 1024 * 1024;
export const IMPORT_LIMIT_TEXT = `${IMPORT_MAX_BYTES / 1024 / 1024} MB`;

/** UTF-8 bytes of a text (here and in the browser, which has no Buffer), without copying it. */
export function byteLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function tooLargeMessage(bytes: number): string {
  return `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; an import takes at most ${IMPORT_LIMIT_TEXT}. Split it (keepalived.conf: into includes, then import from the director) or remove what is not load balancing.`;
}

export const IMPORT_FORMATS = ['keepalived', 'ldirectord', 'ipvsadm'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const IMPORT_FORMAT_LABELS: Record<ImportFormat, string> = {
  keepalived: 'keepalived.conf',
  ldirectord: 'ldirectord.cf',
  ipvsadm: 'ipvsadm -Sn output',
};

export const importSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('file'),
    format: z.enum(IMPORT_FORMATS, { error: `Choose one of: ${IMPORT_FORMATS.join(', ')}.` }),
    text: z.string().superRefine((text, ctx) => {
      const bytes = byteLength(text);
      if (bytes > IMPORT_MAX_BYTES) ctx.addIssue({ code: 'custom', message: tooLargeMessage(bytes) });
    }),
  }),
  z.object({ kind: z.literal('director'), director: z.string().trim().min(1, 'Choose a director.').max(64) }),
]);
export type ImportSource = z.infer<typeof importSourceSchema>;
