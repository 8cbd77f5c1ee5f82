import 'server-only';
import { z } from 'zod';
import { getSessionUser, type SessionUser } from './session';
import { AppError, toErrorBody } from '../platform/errors';
import { ValidationError } from '../platform/validation';
import { zodFieldErrors } from '../../schemas/errors';
import { roleAllows, type Role } from '../../schemas/roles';
import type { ActionState } from '../../schemas/action-state';

export type { ActionState };

/** The arguments of an action: a tuple schema, checked at run time (a crafted call can send anything). */
type ArgsSchema = z.ZodTuple<[z.ZodType, ...z.ZodType[]] | [], null>;

/**
 * Every server action goes through here. It checks the session and the role itself, validates its
 * arguments with `args`, and maps errors in one place; the result is typed for the component.
 */
export function authedAction<A extends ArgsSchema, T = undefined>(
  role: Role,
  args: A,
  fn: (user: SessionUser, ...input: z.output<A>) => Promise<ActionState<T> | void>,
) {
  return async (...input: z.input<A>): Promise<ActionState<T>> => {
    const user = await getSessionUser();
    if (!user) return { ok: false, code: 'UNAUTHENTICATED', message: 'Your session has ended. Sign in again; nothing was changed.' };
    if (!roleAllows(user.role, role)) return { ok: false, code: 'FORBIDDEN', message: forbiddenMessage(user.name, user.role, role) };
    const parsed = args.safeParse(input);
    if (!parsed.success) {
      const fields = zodFieldErrors(parsed.error);
      return {
        ok: false,
        code: 'BAD_REQUEST',
        message: `This request was refused: ${fields.map((f) => `${f.field || 'argument'}: ${f.message}`).join(' ')} Reload the page; nothing was changed.`,
      };
    }
    try {
      return (await fn(user, ...parsed.data)) ?? { ok: true };
    } catch (err) {
      // redirect() and notFound() work by throwing; let them through.
      if (err && typeof err === 'object' && 'digest' in err && String(err.digest).startsWith('NEXT_')) throw err;
      if (err instanceof ValidationError) {
        const fieldErrors: Record<string, string> = {};
        for (const f of err.fields) fieldErrors[f.field || '_'] ??= f.message;
        return { ok: false, code: err.code, message: 'Nothing was saved: correct the fields marked below.', fieldErrors };
      }
      const { body } = toErrorBody(err);
      const fieldErrors = err instanceof AppError && err.field ? { [err.field]: err.message } : undefined;
      return { ok: false, code: body.error.code, message: body.error.message, fieldErrors };
    }
  };
}

export function forbiddenMessage(who: string, has: Role, needs: Role): string {
  return `This needs the ${needs} role; ${who} has the ${has} role. Ask an admin (Maintenance > Users) if you need it. Nothing was changed.`;
}

/** Argument schemas shared by the actions. */
export const actionArgs = {
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an id'),
  version: z.number().int().min(1),
  form: z.instanceof(FormData),
  text: (max: number) => z.string().max(max),
};
