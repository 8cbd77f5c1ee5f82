import { translatesPorts } from '@/lib/schemas/virtual-service';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { requirePageUser } from '@/lib/server/auth/session';
import { getVirtualService } from '@/lib/server/config/virtual-services';
import { clusterHref, clusterParamOf } from '@/lib/schemas/cluster';
import { PageHeader } from '@/components/ui/page-header';
import { RealServerForm } from '@/components/real-servers/real-server-form';
import { createRealServerAction } from '../actions';

export const metadata: Metadata = { title: 'Add a new Real Server' };

// GET /cluster-configuration/real-servers/new?vs={virtual service id}
export default async function NewRealServerPage({ searchParams }: { searchParams: Promise<{ vs?: string }> }) {
  await requirePageUser();
  const { vs: vsId } = await searchParams;
  const vs = vsId ? await getVirtualService(vsId).catch(() => null) : null;
  // Without a (still existing) service there is nothing to add to: back to the list of services.
  if (!vs) redirect('/cluster-configuration/real-servers');
  const inCluster = (href: string) => clusterHref(href, clusterParamOf(vs.clusterId));
  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title={`Layer 4 Add a new Real Server - ${vs.label}`}
        crumbs={[
          { href: inCluster('/cluster-configuration'), label: 'Cluster Configuration' },
          { href: inCluster('/cluster-configuration/real-servers'), label: 'Layer 4 Real Servers' },
        ]}
      />
      <RealServerForm
        action={createRealServerAction.bind(null, vs.id)}
        initial={null}
        portAllowed={translatesPorts(vs.forwarding)}
        cancelHref={inCluster('/cluster-configuration/real-servers')}
      />
    </section>
  );
}
