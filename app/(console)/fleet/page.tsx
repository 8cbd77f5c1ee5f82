import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { listClusters } from '@/lib/server/clusters/clusters';
import { PageHeader } from '@/components/ui/page-header';
import { FleetTable } from '@/components/fleet/fleet-table';

export const metadata: Metadata = { title: 'Fleet' };

// GET /fleet - every cluster (site) in one table: its services and real servers by state, its directors,
// what needs attention, pending changes, the last apply and alerts. What the poller last read; nothing is
// contacted for it. The header links here once there are two clusters or more.
export default async function FleetPage() {
  await requirePageUser();
  const clusters = await listClusters();
  return (
    <div className="flex flex-col gap-4">
      <PageHeader title="Fleet" />
      <p className="text-sm text-slate-700">
        {clusters.length} {clusters.length === 1 ? 'cluster' : 'clusters'}. A cluster&apos;s name opens its System Overview; the
        header&apos;s
        <em> Cluster</em> switcher takes every page of the menu to another cluster (the address then says <code>?cluster=NAME</code>, so
        links and bookmarks keep it). The API and the CLI take the cluster as <code>?cluster=</code> and <code>--cluster NAME</code>.
      </p>
      <FleetTable clusters={clusters} />
    </div>
  );
}
