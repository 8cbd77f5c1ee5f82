'use server';
import { headers } from 'next/headers';
import { formText } from '@/lib/server/platform/form';
import { completeSetup } from '@/lib/server/auth/setup';
import { AppError, toErrorBody } from '@/lib/server/platform/errors';
import { recordSignInFailure, signInVerdict } from '@/lib/server/auth/rate-limit';
import { CLIENT_ADDRESS_HEADER } from '@/lib/server/platform/headers';

export interface SetupState {
  ok: boolean;
  message?: string;
  field?: string;
}

// Server action behind /setup. Public by nature; guarded by the one-time token and the address limiter.
export async function completeSetupAction(_prev: SetupState, form: FormData): Promise<SetupState> {
  const address = (await headers()).get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
  // Wrong tokens count like failed sign-ins of the pseudo-user "(setup)" from this address.
  const verdict = await signInVerdict('(setup)', address);
  if (!verdict.allowed) return { ok: false, message: `Too many wrong setup tokens. Try again in ${verdict.retryAfterSeconds} s.` };
  const password = formText(form, 'password') ?? '';
  if (password !== (formText(form, 'confirm') ?? '')) {
    return { ok: false, field: 'confirm', message: 'The two passwords differ; type the same password twice.' };
  }
  try {
    await completeSetup({ token: formText(form, 'token') ?? '', password });
    return { ok: true };
  } catch (err) {
    if (err instanceof AppError && err.code === 'FORBIDDEN') await recordSignInFailure('(setup)', address);
    const { body } = toErrorBody(err);
    return { ok: false, message: body.error.message, field: body.error.field };
  }
}
