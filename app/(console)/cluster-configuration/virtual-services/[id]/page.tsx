import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requirePageUser } from '@/lib/server/auth/session';
import { getVirtualService } from '@/lib/server/config/virtual-services';
import { PageHeader } from '@/components/ui/page-header';
import { VirtualServiceForm } from '@/components/virtual-services/virtual-service-form';
import { updateVirtualServiceAction } from '../actions';
import { clusterHref, clusterParamOf } from '@/lib/schemas/cluster';

export const metadata: Metadata = { title: 'Modify Virtual Service' };

// GET /cluster-configuration/virtual-services/{id}
export default async function EditVirtualServicePage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser();
  const { id } = await params;
  const service = await getVirtualService(id).catch(() => null);
  if (!service) notFound();
  const action = updateVirtualServiceAction.bind(null, id);
  const list = clusterHref('/cluster-configuration/virtual-services', clusterParamOf(service.clusterId));
  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title={`Layer 4 - Modify ${service.label}`}
        crumbs={[
          { href: clusterHref('/cluster-configuration', clusterParamOf(service.clusterId)), label: 'Cluster Configuration' },
          { href: list, label: 'Layer 4 Virtual Services' },
        ]}
      />
      <VirtualServiceForm action={action} initial={service} version={service.version} submitLabel="Update" cancelHref={list} />
    </section>
  );
}
