import Link from 'next/link';
import { requirePageUser } from '@/lib/server/auth/session';
import { ConsoleNav } from '@/components/console/nav';
import { SignOutButton } from '@/components/console/sign-out-button';
import { pendingChanges } from '@/lib/server/apply/pending';
import { pairAlerts } from '@/lib/server/live/pair-alerts';

// The signed-in WebUI. This check is for the UI; every page and route checks auth again itself.
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  const [pending, pair] = await Promise.all([pendingChanges({ exact: false }).catch(() => null), pairAlerts().catch(() => null)]);
  const failing = pending?.behind.filter((d) => d.catchUp) ?? [];
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        Skip to content
      </a>
      <header className="flex items-center justify-between bg-brand-700 px-4 py-3 text-white print:hidden">
        <Link href="/overview" className="text-lg font-semibold">
          lvs-console
        </Link>
        <div className="flex items-center gap-4 text-sm">
          <span>
            Signed in as <strong>{user.name}</strong> ({user.role})
          </span>
          <SignOutButton />
        </div>
      </header>
      <div className="flex flex-1">
        <ConsoleNav />
        <main id="main" className="flex-1 p-6">
          {pending?.stateUnknown.length ? (
            <div
              role="alert"
              className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded border border-red-300 bg-red-50 px-4 py-2 text-sm text-red-900"
            >
              <span>
                <strong>State unknown:</strong> {pending.stateUnknown.map((d) => d.name).join(' and ')} lost the connection during an apply,
                after its files were swapped. Run a drift check to see what it runs.
              </span>
              <Link href="/local-configuration/directors" className="font-semibold underline">
                Check the directors
              </Link>
            </div>
          ) : null}
          {[pair?.splitBrain, pair?.noStandby].filter(Boolean).map((text) => (
            <div
              key={text}
              role="alert"
              className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded border border-red-300 bg-red-50 px-4 py-2 text-sm text-red-900"
            >
              <span>{text}</span>
              <Link href="/cluster-configuration/high-availability" className="font-semibold underline">
                High-Availability Configuration
              </Link>
            </div>
          ))}
          {pending?.behind.length ? (
            <div
              role="alert"
              className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded border border-amber-400 bg-amber-50 px-4 py-2 text-sm text-amber-900"
            >
              <span>
                <strong>Behind:</strong> {pending.behind.map((d) => d.name).join(' and ')} {pending.behind.length > 1 ? 'were' : 'was'}{' '}
                unreachable during an apply and {pending.behind.length > 1 ? 'run' : 'runs'} an older revision. The console brings{' '}
                {pending.behind.length > 1 ? 'them' : 'it'} up to date as soon as {pending.behind.length > 1 ? 'they answer' : 'it answers'}
                .
                {failing.map((d) => (
                  <span key={d.name} className="block">
                    Catching up {d.name} failed {d.catchUp!.failures} time{d.catchUp!.failures > 1 ? 's' : ''} in a row
                    {d.catchUp!.nextAt ? `; next try at ${d.catchUp!.nextAt.toISOString().slice(11, 19)} UTC` : ''}: {d.catchUp!.error}
                  </span>
                ))}
              </span>
              <Link href="/cluster-configuration/high-availability" className="font-semibold underline">
                See the pair
              </Link>
            </div>
          ) : null}
          {pending?.pending ? (
            <div
              role="region"
              aria-label="Pending changes"
              className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900"
            >
              <span>
                {pending.compared
                  ? 'The configuration has changes that are not on the directors yet.'
                  : 'The configuration has changed since the last apply.'}
              </span>
              <Link href="/maintenance/apply" className="font-semibold underline">
                Review and apply
              </Link>
            </div>
          ) : null}
          {children}
        </main>
      </div>
    </div>
  );
}
