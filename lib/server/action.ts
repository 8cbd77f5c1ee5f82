import 'server-only';
import { getSessionUser } from './auth/session';
import { AppError, toErrorBody } from './errors';
import { ValidationError } from './validation';

import type { ActionState } from '../schemas/action-state';

export type { ActionState };

/** Every server action goes through here: it checks the session itself and maps errors in one place. */
export function authedAction<A extends unknown[]>(fn: (actor: string, ...args: A) => Promise<ActionState | void>) {
  return async (...args: A): Promise<ActionState> => {
    const user = await getSessionUser();
    if (!user) return { ok: false, message: 'Your session has ended. Sign in again; nothing was changed.' };
    try {
      return (await fn(user.name, ...args)) ?? { ok: true };
    } catch (err) {
      // redirect() and notFound() work by throwing; let them through.
      if (err && typeof err === 'object' && 'digest' in err && String((err as { digest: unknown }).digest).startsWith('NEXT_')) throw err;
      if (err instanceof ValidationError) {
        const fieldErrors: Record<string, string> = {};
        for (const f of err.fields) fieldErrors[f.field || '_'] ??= f.message;
        return { ok: false, message: 'Nothing was saved: correct the fields marked below.', fieldErrors };
      }
      const { body } = toErrorBody(err);
      const fieldErrors = err instanceof AppError && err.field ? { [err.field]: err.message } : undefined;
      return { ok: false, message: body.error.message, fieldErrors };
    }
  };
}
