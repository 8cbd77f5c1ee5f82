import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { getVirtualService } from '@/lib/server/config/virtual-services';
import { PageHeader } from '@/components/ui/page-header';
import { VirtualServiceForm } from '@/components/virtual-services/virtual-service-form';
import { createVirtualServiceAction } from '../actions';
import { pageCluster } from '@/lib/server/clusters/page-cluster';
import { clusterHref } from '@/lib/schemas/cluster';

export const metadata: Metadata = { title: 'Add a new Virtual Service' };

// GET /cluster-configuration/virtual-services/new[?clone=id]
export default async function NewVirtualServicePage({ searchParams }: { searchParams: Promise<{ clone?: string; cluster?: string }> }) {
  await requirePageUser();
  const { clone, cluster: asked } = await searchParams;
  const source = clone ? await getVirtualService(clone).catch(() => null) : null;
  // A clone goes into its source's cluster; a new service into the page's (?cluster=).
  const cluster = await pageCluster(source?.clusterId ?? asked);
  const list = clusterHref('/cluster-configuration/virtual-services', cluster.param);
  const initial = source ? { ...source, label: `${source.label}_COPY`.slice(0, 64) } : null;
  // Clone: the action copies the source's real servers in the same transaction as the new service.
  const action = createVirtualServiceAction.bind(null, source?.id ?? null, cluster.id);
  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title={source ? `Clone ${source.label}` : 'Layer 4 - Add a new Virtual Service'}
        crumbs={[
          { href: '/cluster-configuration', label: 'Cluster Configuration' },
          { href: list, label: cluster.param ? `Layer 4 Virtual Services in ${cluster.name}` : 'Layer 4 Virtual Services' },
        ]}
      />
      {source ? (
        <p className="mb-4 text-sm text-slate-700">
          The copy gets {source.label}&apos;s real servers too. Give it its own label, and another IP address or ports.
        </p>
      ) : null}
      <VirtualServiceForm action={action} initial={initial} submitLabel="Update" cancelHref={list} />
    </section>
  );
}
