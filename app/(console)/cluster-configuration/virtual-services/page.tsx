import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/server/auth/session';
import { countRealServersByService, searchVirtualServices } from '@/lib/server/config/virtual-services';
import { listQueryFromParams, pageOrLast } from '@/lib/schemas/list-query';
import { Pager, SearchForm } from '@/components/ui/pager';
import { PageHeader, LinkButton } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/alert';
import { VirtualServiceTable } from '@/components/virtual-services/virtual-service-table';
import { clusterHref } from '@/lib/schemas/cluster';
import { pageCluster } from '@/lib/server/clusters/page-cluster';

export const metadata: Metadata = { title: 'Layer 4 Virtual Services' };

const PATH = '/cluster-configuration/virtual-services';

// GET /cluster-configuration/virtual-services?q=<label, IP or port>&page=N
export default async function VirtualServicesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser();
  const params = await searchParams;
  const cluster = await pageCluster(params.cluster);
  const saved = typeof params.saved === 'string' ? params.saved : undefined;
  const { q, page } = listQueryFromParams(params);
  const {
    items: services,
    total,
    page: shownPage,
    pages,
  } = await pageOrLast(page, (skip, take) => searchVirtualServices({ q, skip, take, clusterId: cluster.id }));
  const counts = await countRealServersByService(services.map((s) => s.id));
  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title={cluster.param ? `Layer 4 Virtual Services in ${cluster.name}` : 'Layer 4 Virtual Services'}
        crumbs={[{ href: '/cluster-configuration', label: 'Cluster Configuration' }]}
        actions={
          <LinkButton href={clusterHref('/cluster-configuration/virtual-services/new', cluster.param)}>
            Add a new Virtual Service
          </LinkButton>
        }
      />
      {saved ? (
        <div className="mb-4">
          <Alert kind="success">Saved {saved}. Apply the configuration to put it on the directors.</Alert>
        </div>
      ) : null}
      {total > 0 || q ? (
        <SearchForm path={PATH} q={q} hidden={{ cluster: cluster.param ?? undefined }} placeholder="label, IP address or port" />
      ) : null}
      {total > 0 || q ? (
        <Pager
          path={PATH}
          params={{ q, cluster: cluster.param ?? undefined }}
          page={shownPage}
          pages={pages}
          total={total}
          shown={services.length}
          noun={q ? `services matching "${q}"` : 'services'}
        />
      ) : null}
      {services.length === 0 && q ? null : services.length === 0 ? (
        <p className="text-slate-700">
          No virtual services yet. Add one, or set up Leostream gateways and brokers with the{' '}
          <Link href="/cluster-configuration/leostream" className="font-medium text-brand-800 underline">
            Leostream wizard
          </Link>
          .
        </p>
      ) : (
        <VirtualServiceTable services={services} counts={counts} />
      )}
    </section>
  );
}
