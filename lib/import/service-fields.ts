// What every importer maps the same way into a service's fields that its source spells its own way: the
// addresses of its "Email alert", and its check timing. Pure.
import { emailAddressSchema } from '../schemas/common';
import { CHECK_TIMING_LIMITS } from '../schemas/settings';
import { excerpt } from './limits';

/**
 * The addresses a service's Email alert can take (at most 20, each once), and the ones left out (a local
 * mailbox such as "root" means nothing to the console's SMTP server) as the words of a note, or null.
 */
export function emailAlertOf(listed: string[]): { emailAlert: string[]; leftOut: string | null } {
  const emailAlert = [...new Set(listed.filter((a) => emailAddressSchema.safeParse(a).success))].slice(0, 20);
  const unusable = listed.filter((a) => !emailAlert.includes(a));
  return {
    emailAlert,
    leftOut: unusable.length
      ? `${unusable.map((a) => `“${excerpt(a, 80)}”`).join(', ')} (not an address such as noc@example.com, or past 20)`
      : null,
  };
}

/**
 * A check-timing value as the console takes it (`text` less `minus`: ldirectord counts failures, the
 * console retries), or why not: "the console takes whole numbers from 1 to 3600 for the check interval".
 */
export function timingValue(field: keyof typeof CHECK_TIMING_LIMITS, text: string | undefined, minus = 0): number | string {
  const [what, min, max] = CHECK_TIMING_LIMITS[field];
  const n = Number(text) - minus;
  return Number.isInteger(n) && n >= min && n <= max
    ? n
    : `the console takes whole numbers from ${min + minus} to ${max + minus} for ${what} (the global setting is used)`;
}
