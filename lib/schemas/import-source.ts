// What Maintenance > Import reads: an uploaded file of one of the formats, or a director's own
// keepalived.conf (and its includes) over SSH. Shared by the page and its actions.
import { z } from 'zod';

export const IMPORT_FORMATS = ['keepalived', 'ldirectord', 'ipvsadm'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const IMPORT_FORMAT_LABELS: Record<ImportFormat, string> = {
  keepalived: 'keepalived.conf',
  ldirectord: 'ldirectord.cf',
  ipvsadm: 'ipvsadm -Sn output',
};

export const importSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), format: z.enum(IMPORT_FORMATS, { error: `Choose one of: ${IMPORT_FORMATS.join(', ')}.` }), text: z.string().max(5 * 1024 * 1024, 'The file is larger than 5 MB.') }),
  z.object({ kind: z.literal('director'), director: z.string().trim().min(1, 'Choose a director.').max(64) }),
]);
export type ImportSource = z.infer<typeof importSourceSchema>;
