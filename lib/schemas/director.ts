import { z } from 'zod';
import { emptyToNull, interfaceSchema, ipSchema, labelSchema, portSchema, versionSchema } from './common';

export const DIRECTOR_ROLES = ['primary', 'secondary'] as const;

/** What the overview says of a director the console does not contact yet. */
export const HOST_KEY_NOT_CONFIRMED = 'Host key not confirmed: not contacted.';

export const hostKeyFingerprintSchema = z
  .string()
  .trim()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'Paste the SHA256:... fingerprint that ssh-keyscan HOST | ssh-keygen -lf - prints.')
  .transform((v) => v.replace(/=$/, ''));

const fields = {
  name: labelSchema,
  role: z.enum(DIRECTOR_ROLES, { error: 'Choose primary or secondary.' }).default('primary'),
  host: z
    .string({ error: 'Enter the address or host name the console connects to over SSH.' })
    .trim()
    .regex(/^[A-Za-z0-9:.-]{1,253}$/, 'Enter an IP address or host name, e.g. 192.168.98.21.'),
  port: portSchema.default(22),
  user: z
    .string()
    .trim()
    .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'Enter a Linux user name such as root.')
    .default('root'),
  hostKeyFingerprint: z.preprocess(emptyToNull, hostKeyFingerprintSchema.nullable()).default(null),
  vrrpInterface: interfaceSchema.default('eth0'),
  vrrpAddress: z.preprocess(emptyToNull, ipSchema.nullable()).default(null),
  vrrpPriority: z
    .preprocess(
      emptyToNull,
      z.coerce.number().int().min(1, 'Use a priority from 1 to 254.').max(254, 'Use a priority from 1 to 254.').nullable(),
    )
    .optional(),
};

export const directorSchema = z
  .object(fields)
  .strict()
  .transform((d) => ({ ...d, vrrpPriority: d.vrrpPriority ?? (d.role === 'primary' ? 150 : 100) }));

export type DirectorInput = z.input<typeof directorSchema>;
export type DirectorSpec = z.output<typeof directorSchema>;

export const directorPatchSchema = z
  .object({ version: versionSchema, ...Object.fromEntries(Object.keys(fields).map((k) => [k, z.unknown().optional()])) })
  .strict();

/** "Create a clustered pair": the peer (secondary) of the one director there is, like the appliance's. */
export const clusteredPairSchema = z
  .object({
    /** The local director's own address on its VRRP interface, when it has none yet. */
    localVrrpAddress: z.preprocess(emptyToNull, ipSchema.nullable()).default(null),
    peer: z
      .object({
        name: fields.name,
        host: fields.host,
        port: fields.port,
        user: fields.user,
        vrrpInterface: fields.vrrpInterface,
        vrrpAddress: ipSchema,
      })
      .strict(),
  })
  .strict();
export type ClusteredPairInput = z.input<typeof clusteredPairSchema>;
