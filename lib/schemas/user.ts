// Console users (the appliance's "Passwords" page, with roles). One schema per input, shared by the
// Users page, the CLI and the tests.
import { z } from 'zod';
import { roleSchema } from './roles';

export const MIN_PASSWORD_LENGTH = 10;

export const passwordSchema = z
  .string({ error: 'Enter a password.' })
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(512, 'Use at most 512 characters.');

export const userNameSchema = z
  .string({ error: 'Enter a user name.' })
  .trim()
  .regex(/^[a-z][a-z0-9._-]{0,31}$/, 'Use 1-32 lower-case letters, digits, ".", "_" or "-", starting with a letter (e.g. nightshift).');

export const newUserSchema = z.object({ name: userNameSchema, role: roleSchema, password: passwordSchema }).strict();

export const changeRoleSchema = z.object({ name: userNameSchema, role: roleSchema }).strict();

export const changePasswordSchema = z
  .object({
    current: z.string({ error: 'Enter your current password.' }).min(1, 'Enter your current password.'),
    password: passwordSchema,
    confirm: z.string(),
  })
  .strict()
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two new passwords differ; type the same password twice.' });
