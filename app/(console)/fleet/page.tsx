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
        {clusters.length} {clusters.length === 1 ? 'cluster' : 'clusters'}. The pages of the menu show the cluster default; the others are
        managed through the API and the CLI (<code>--cluster NAME</code>) for now.
      </p>
      <FleetTable clusters={clusters} />
    </div>
  );
}
