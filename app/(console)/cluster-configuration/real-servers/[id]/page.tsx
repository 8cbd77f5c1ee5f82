import { translatesPorts } from '@/lib/schemas/virtual-service';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requirePageUser } from '@/lib/server/auth/session';
import { findRealServerWithService } from '@/lib/server/config/real-servers';
import { loadRenderInput } from '@/lib/server/config/rendering';
import { renderRealServerPrep } from '@/lib/render/real-server-prep';
import { PageHeader } from '@/components/ui/page-header';
import { RealServerForm } from '@/components/real-servers/real-server-form';
import { RealServerPrepView } from '@/components/real-servers/prep-view';
import { updateRealServerAction } from '../actions';
import { clusterHref, clusterParamOf } from '@/lib/schemas/cluster';

export const metadata: Metadata = { title: 'Modify Real Server' };

// GET /cluster-configuration/real-servers/{id} - modify, and how to prepare the server
export default async function EditRealServerPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser();
  const { id } = await params;
  const found = await findRealServerWithService(id);
  if (!found) notFound();
  const { realServer: rs, service } = found;
  const input = await loadRenderInput(service.clusterId);
  const inCluster = (href: string) => clusterHref(href, clusterParamOf(service.clusterId));
  // Only the services this address serves decide how it is prepared (10,000 services need not be walked).
  const prep =
    renderRealServerPrep(
      input.services.filter((s) => s.realServers.some((r) => r.ip === rs.ip)),
      input.floatingIps,
    ).find((p) => p.ip === rs.ip) ?? null;
  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title={`Layer 4 Modify Real Server ${rs.label} - ${service.label}`}
        crumbs={[
          { href: inCluster('/cluster-configuration'), label: 'Cluster Configuration' },
          { href: inCluster('/cluster-configuration/real-servers'), label: 'Layer 4 Real Servers' },
        ]}
      />
      <RealServerForm
        action={updateRealServerAction.bind(null, service.id, id)}
        initial={rs}
        version={rs.version}
        portAllowed={translatesPorts(service.forwarding)}
        cancelHref={inCluster('/cluster-configuration/real-servers')}
      />
      {prep ? <RealServerPrepView prep={prep} /> : null}
    </section>
  );
}
