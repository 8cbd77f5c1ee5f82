'use client';
import { fieldText } from '@/components/ui/field-text';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Alert } from '@/components/ui/alert';

export function LoginForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await signIn('credentials', {
      redirect: false,
      username: fieldText(form, 'username'),
      password: fieldText(form, 'password'),
    });
    if (!res || res.error) {
      setBusy(false);
      setError(res?.error && res.error !== 'CredentialsSignin' ? res.error : 'Wrong user name or password.');
      return;
    }
    router.replace('/overview');
    router.refresh();
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} aria-label="Sign in" className="flex flex-col gap-4" noValidate>
      {error ? <Alert>{error}</Alert> : null}
      <Field id="username" label="Username" autoComplete="username" defaultValue="loadbalancer" required />
      <Field id="password" label="Password" type="password" autoComplete="current-password" required autoFocus />
      <Button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
