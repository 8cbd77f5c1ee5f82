import Link from 'next/link';
import { requirePageUser } from '@/lib/server/auth/session';
import { ConsoleNav } from '@/components/console/nav';
import { SignOutButton } from '@/components/console/sign-out-button';
import { pendingChanges } from '@/lib/server/apply/pending';
import { pairAlerts } from '@/lib/server/live/pair-alerts';
import { ConsoleBanners } from '@/components/console/banners';
import { clusterChoices, layoutCluster } from '@/lib/server/clusters/page-cluster';
import { ClusterSwitcher } from '@/components/console/cluster-switcher';
import { clusterHref } from '@/lib/schemas/cluster';
import { Suspense } from 'react';

// The signed-in WebUI. This check is for the UI; every page and route checks auth again itself.
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  // The page's cluster (?cluster=, else default): the banners speak of it, the switcher shows it.
  const [cluster, choices] = await Promise.all([layoutCluster(), clusterChoices().catch(() => [])]);
  const [pending, pair] = await Promise.all([
    pendingChanges({ exact: false, clusterId: cluster.id }).catch(() => null),
    pairAlerts(cluster.id).catch(() => null),
  ]);
  const clusters = choices.length;
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        Skip to content
      </a>
      <header className="flex items-center justify-between bg-brand-700 px-4 py-3 text-white print:hidden">
        <Link href={clusterHref('/overview', cluster.param)} className="text-lg font-semibold">
          lvs-console
        </Link>
        <div className="flex items-center gap-4 text-sm">
          {/* With two clusters or more, the Fleet: every site at a glance. */}
          {clusters > 1 ? (
            <>
              <ClusterSwitcher choices={choices} current={cluster.param ?? 'default'} />
              <Link href="/fleet" className="underline">
                Fleet ({clusters} clusters)
              </Link>
            </>
          ) : null}
          <span>
            Signed in as <strong>{user.name}</strong> ({user.role})
          </span>
          <SignOutButton />
        </div>
      </header>
      <div className="flex flex-1">
        <Suspense>
          <ConsoleNav />
        </Suspense>
        <main id="main" className="flex-1 p-6">
          <ConsoleBanners pending={pending} pair={pair} cluster={cluster.param} />
          {children}
        </main>
      </div>
    </div>
  );
}
