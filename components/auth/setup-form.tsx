'use client';
import { useActionState, useEffect } from 'react';
import { useRouter } from 'next/navigation';
import { completeSetupAction, type SetupState } from '@/app/setup/actions';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Alert } from '@/components/ui/alert';

export function SetupForm({ minLength }: { minLength: number }) {
  const router = useRouter();
  const [state, action, pending] = useActionState<SetupState, FormData>(completeSetupAction, { ok: false });
  useEffect(() => {
    if (state.ok) router.replace('/login?setup=done');
  }, [state.ok, router]);
  const fieldError = (f: string) => (state.field === f ? state.message : undefined);
  return (
    <form action={action} aria-label="First-run setup" className="flex flex-col gap-4">
      {state.message && !state.field ? <Alert>{state.message}</Alert> : null}
      {state.ok ? <Alert kind="success">Setup complete. Opening the sign-in page…</Alert> : null}
      <Field id="token" label="Setup token" autoComplete="off" required error={fieldError('token')} />
      <Field
        id="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={minLength}
        help={`At least ${minLength} characters.`}
        error={fieldError('password')}
      />
      <Field id="confirm" label="Repeat the password" type="password" autoComplete="new-password" required error={fieldError('confirm')} />
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Set password'}
      </Button>
    </form>
  );
}
