import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/server/auth/session';
import { searchServicesWithRealServers } from '@/lib/server/config/real-servers';
import { listQueryFromParams, pageOrLast } from '@/lib/schemas/list-query';
import { Pager, SearchForm } from '@/components/ui/pager';
import { ADMIN_STATE_LABELS } from '@/lib/schemas/real-server';
import { PageHeader } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/alert';
import { ServiceRealServers } from '@/components/real-servers/service-real-servers';
import { pageCluster } from '@/lib/server/clusters/page-cluster';
import { clusterHref } from '@/lib/schemas/cluster';

export const metadata: Metadata = { title: 'Layer 4 Real Servers' };

const PATH = '/cluster-configuration/real-servers';

// GET /cluster-configuration/real-servers?q=<label or IP>&state=online|drain|halt&service=<id>&page=N -
// real servers grouped under their virtual service, 50 services a page
export default async function RealServersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const params = await searchParams;
  const cluster = await pageCluster(params.cluster);
  const inCluster = cluster.param ?? undefined;
  const saved = typeof params.saved === 'string' ? params.saved : undefined;
  const { q, page, state, service } = listQueryFromParams(params);
  const {
    items: rows,
    total,
    page: shownPage,
    pages,
  } = await pageOrLast(page, (skip, take) => searchServicesWithRealServers({ q, state, service, skip, take, clusterId: cluster.id }));
  const filtered = !!(q || state || service);
  const oneService = service && rows[0]?.service.id === service ? rows[0].service : null;
  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title={cluster.param ? `Layer 4 Real Servers in ${cluster.name}` : 'Layer 4 Real Servers'}
        crumbs={[{ href: '/cluster-configuration', label: 'Cluster Configuration' }]}
      />
      {saved ? (
        <div className="mb-4">
          <Alert kind="success">Saved {saved}. Apply the configuration to put it on the directors.</Alert>
        </div>
      ) : null}
      {total > 0 || filtered ? (
        <SearchForm path={PATH} q={q} placeholder="service or real server: label or IP" hidden={{ service, cluster: inCluster }}>
          <label className="flex flex-col gap-1">
            <span className="font-medium">State</span>
            <select name="state" defaultValue={state ?? ''} className="rounded border border-slate-300 bg-white px-2 py-1">
              <option value="">All</option>
              {(['online', 'drain', 'halt'] as const).map((s) => (
                <option key={s} value={s}>
                  {ADMIN_STATE_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
        </SearchForm>
      ) : null}
      {oneService ? (
        <p className="mb-2 text-sm text-slate-700">
          Showing the real servers of {oneService.label} only.{' '}
          <Link href={clusterHref(PATH, cluster.param)} className="underline">
            Show every service
          </Link>
        </p>
      ) : null}
      {total > 0 || filtered ? (
        <Pager
          path={PATH}
          params={{ q, state, service, cluster: inCluster }}
          page={shownPage}
          pages={pages}
          total={total}
          shown={rows.length}
          noun={filtered ? 'services with matching real servers' : 'services'}
        />
      ) : null}
      {total === 0 && !filtered ? <p className="text-slate-700">Add a virtual service first; real servers belong to one.</p> : null}
      <div className="flex flex-col gap-8">
        {rows.map(({ service: vs, realServers }) => (
          <ServiceRealServers key={vs.id} service={vs} servers={realServers} />
        ))}
      </div>
    </section>
  );
}
