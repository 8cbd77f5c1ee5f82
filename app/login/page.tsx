import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getSessionUser } from '@/lib/server/auth/session';
import { isSetupComplete } from '@/lib/server/auth/setup';
import { LoginForm } from '@/components/auth/login-form';

export const metadata: Metadata = { title: 'Sign in' };

// GET /login - public
export default async function LoginPage() {
  if (!(await isSetupComplete())) redirect('/setup');
  if (await getSessionUser()) redirect('/overview');
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold text-brand-800">lvs-console</h1>
        <p className="mb-6 text-sm text-slate-600">Sign in to manage your load balancer.</p>
        <LoginForm />
      </div>
    </main>
  );
}
