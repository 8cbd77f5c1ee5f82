import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { getOverview } from '@/lib/server/live/poller';
import { overviewPage } from '@/lib/server/live/overview-page';
import { overviewQuerySchema } from '@/lib/schemas/overview-query';
import { roleAllows } from '@/lib/schemas/roles';
import { SystemOverview } from '@/components/overview/system-overview';
import { ClientLookup } from '@/components/overview/client-lookup';
import { DashboardGraphs } from '@/components/overview/dashboard-graphs';
import { getDashboardGraphs } from '@/lib/server/metrics/reports';
import { pageCluster } from '@/lib/server/clusters/page-cluster';

export const metadata: Metadata = { title: 'System Overview' };

// GET /overview - live state of every director, virtual service and real server; drain / halt / online
export default async function SystemOverviewPage({ searchParams }: { searchParams: Promise<{ cluster?: string }> }) {
  const user = await requirePageUser();
  const cluster = await pageCluster((await searchParams).cluster);
  const [full, graphs] = await Promise.all([getOverview(cluster.id), getDashboardGraphs('1h')]);
  const initial = overviewPage(full, overviewQuerySchema.parse({}));
  return (
    <section aria-labelledby="page-title" className="flex flex-col gap-4">
      <h1 id="page-title" className="text-2xl font-semibold text-slate-900">
        {cluster.param ? `System Overview: ${cluster.name}` : 'System Overview'}
      </h1>
      <SystemOverview
        initial={initial}
        cluster={cluster.param}
        canOperate={roleAllows(user.role, 'operator')}
        graphs={<DashboardGraphs initial={graphs} />}
      />
      <ClientLookup />
    </section>
  );
}
