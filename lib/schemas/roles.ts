// Roles, for users and API keys alike. Each role can do everything the ones before it can.
import { z } from 'zod';

export const ROLES = ['read-only', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  'read-only': 'sees everything, changes nothing',
  operator: 'drain / halt / online, apply, revert, drift fix (a helpdesk or night shift)',
  admin: 'everything, including users, API keys, directors, the configuration and restore',
};

export const roleSchema = z.enum(ROLES, { error: `Choose a role: ${ROLES.join(', ')}.` });

/** Whether a holder of `have` may do what needs `need`. */
export function roleAllows(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

export function asRole(value: string): Role {
  return (ROLES as readonly string[]).includes(value) ? (value as Role) : 'read-only';
}
