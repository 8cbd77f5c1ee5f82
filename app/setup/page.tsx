import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { isSetupComplete, ADMIN_USER } from '@/lib/server/auth/setup';
import { SetupForm } from '@/components/auth/setup-form';
import { MIN_PASSWORD_LENGTH } from '@/lib/server/auth/password';

export const metadata: Metadata = { title: 'First-run setup' };
export const dynamic = 'force-dynamic';

// GET /setup - public until the admin password is set, then it only redirects to /login
export default async function SetupPage() {
  if (await isSetupComplete()) redirect('/login');
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold text-brand-800">First-run setup</h1>
        <p className="mb-6 mt-2 text-sm text-slate-600">
          Choose the password of the admin user <strong>{ADMIN_USER}</strong>. The setup token is printed in the console&apos;s server log
          (a line starting with &quot;setup token:&quot;); only someone who can read that log can finish setup.
        </p>
        <SetupForm minLength={MIN_PASSWORD_LENGTH} />
      </div>
    </main>
  );
}
