import { z } from 'zod';
import { emptyToNull, interfaceSchema } from './common';
import { canonicalIp, ipFamily } from './net';

export const FLOATING_IP_PURPOSES = ['vip', 'gateway'] as const;

/** "192.168.98.100" or "192.168.98.100/24"; the prefix defaults to /32 (/128). */
export const floatingIpSchema = z
  .object({
    address: z.string({ error: 'Enter an IP address.' }).trim(),
    prefix: z.coerce.number().int().optional(),
    purpose: z.enum(FLOATING_IP_PURPOSES, { error: 'Choose vip or gateway.' }).default('gateway'),
    interface: z.preprocess(emptyToNull, interfaceSchema.nullable()).default(null),
  })
  .strict()
  .transform((v, ctx) => {
    const [ip, prefixText, extra] = v.address.split('/');
    const family = ipFamily(ip);
    if (!family || extra !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'Enter an address such as 192.168.98.100 or 192.168.98.100/24.' });
      return z.NEVER;
    }
    const max = family === 4 ? 32 : 128;
    if (prefixText !== undefined && v.prefix !== undefined && Number(prefixText) !== v.prefix) {
      ctx.addIssue({
        code: 'custom',
        path: ['prefix'],
        message: `The address says /${prefixText} but prefix says ${v.prefix}; give one of them.`,
      });
      return z.NEVER;
    }
    const prefixSource = prefixText ?? String(v.prefix ?? max);
    const prefix = Number(prefixSource);
    if (!Number.isInteger(prefix) || prefix < 1 || prefix > max || !/^\d+$/.test(prefixSource)) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: `The prefix length must be 1 to ${max}.` });
      return z.NEVER;
    }
    return { address: canonicalIp(ip), prefix, purpose: v.purpose, interface: v.interface };
  });

export type FloatingIpInput = z.input<typeof floatingIpSchema>;
export type FloatingIpSpec = z.output<typeof floatingIpSchema>;
