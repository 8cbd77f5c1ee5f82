import { z } from 'zod';
import { canonicalIp, ipFamily } from './net';

export const LABEL_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const labelSchema = z
  .string({ error: 'Enter a label.' })
  .trim()
  .regex(LABEL_RE, 'Use 1-64 letters, digits, "_", "." or "-", starting with a letter or digit (e.g. GW_VIP_L4).');

export const ipSchema = z
  .string({ error: 'Enter an IP address.' })
  .trim()
  .refine((v) => ipFamily(v) !== null, 'Enter an IPv4 address (192.168.98.238) or an IPv6 address (2001:db8::10).')
  .transform(canonicalIp);

export const portSchema = z.coerce
  .number({ error: 'Enter a port number.' })
  .int('Enter a whole port number.')
  .min(1, 'Use a port from 1 to 65535.')
  .max(65535, 'Use a port from 1 to 65535.');

/** A Linux network interface name as ip(8) shows it (at most 15 characters, no spaces or slashes). */
export const INTERFACE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,14}$/;

export const interfaceSchema = z.string().trim().regex(INTERFACE_NAME_RE, 'Enter a network interface name such as eth0 or eth1.');

/** Optimistic locking: every edit carries the version it was based on. */
export const versionSchema = z.coerce.number({ error: 'Send the version you edited (from the last GET).' }).int().min(1);

/** Empty strings from HTML forms mean "not set". */
export const emptyToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

export const emailAddressSchema = z.string().trim().email({ error: 'Enter an email address such as noc@example.com.' }).max(254);

/**
 * A list of email addresses: an array, or one text of addresses separated by commas, semicolons, spaces
 * or lines (a form's text area, a CSV cell); repeats dropped. A bad address is named in the list's own error.
 */
export const emailListSchema = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.split(/[\s,;]+/).filter(Boolean) : v),
    z
      .array(z.string({ error: 'Give each address as a text.' }).trim(), { error: 'Give a list of email addresses.' })
      .max(max, { error: `Give at most ${max} addresses.` })
      .superRefine((list, ctx) => {
        const bad = list.filter((a) => !emailAddressSchema.safeParse(a).success);
        if (bad.length)
          ctx.addIssue({
            code: 'custom',
            message: `Not an email address: ${bad.map((a) => `“${a.slice(0, 80)}”`).join(', ')}. Enter addresses such as noc@example.com, separated by commas.`,
          });
      })
      .transform((list) => [...new Set(list)]),
  );
