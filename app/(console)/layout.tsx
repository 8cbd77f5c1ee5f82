import Link from 'next/link';
import { requirePageUser } from '@/lib/server/auth/session';
import { ConsoleNav } from '@/components/console/nav';
import { SignOutButton } from '@/components/console/sign-out-button';
import { pendingChanges } from '@/lib/server/apply/pending';
import { pairAlerts } from '@/lib/server/live/pair-alerts';
import { ConsoleBanners } from '@/components/console/banners';
import { countClusters } from '@/lib/server/clusters/clusters';

// The signed-in WebUI. This check is for the UI; every page and route checks auth again itself.
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  const [pending, pair, clusters] = await Promise.all([
    pendingChanges({ exact: false }).catch(() => null),
    pairAlerts().catch(() => null),
    countClusters().catch(() => 1),
  ]);
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
          {/* With two clusters or more, the Fleet: every site at a glance. */}
          {clusters > 1 ? (
            <Link href="/fleet" className="underline">
              Fleet ({clusters} clusters)
            </Link>
          ) : null}
          <span>
            Signed in as <strong>{user.name}</strong> ({user.role})
          </span>
          <SignOutButton />
        </div>
      </header>
      <div className="flex flex-1">
        <ConsoleNav />
        <main id="main" className="flex-1 p-6">
          <ConsoleBanners pending={pending} pair={pair} />
          {children}
        </main>
      </div>
    </div>
  );
}
