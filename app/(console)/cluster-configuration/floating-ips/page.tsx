import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { searchFloatingIps } from '@/lib/server/config/floating-ips';
import { PageHeader } from '@/components/ui/page-header';
import { listQueryFromParams, pageOrLast } from '@/lib/schemas/list-query';
import { Pager, SearchForm } from '@/components/ui/pager';
import { DeleteFloatingIp, NewFloatingIpForm } from '@/components/floating-ips/floating-ip-form';
import { TableHead } from '@/components/ui/table-head';
import { pageCluster } from '@/lib/server/clusters/page-cluster';

export const metadata: Metadata = { title: 'Floating IPs' };

const PATH = '/cluster-configuration/floating-ips';

// GET /cluster-configuration/floating-ips[?q=&page=] - 50 a page, gateways first
export default async function FloatingIpsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const params = await searchParams;
  const cluster = await pageCluster(params.cluster);
  const { q, page } = listQueryFromParams(params);
  const {
    items: list,
    total,
    page: shownPage,
    pages,
  } = await pageOrLast(page, (skip, take) => searchFloatingIps({ q, skip, take, clusterId: cluster.id }));
  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title={cluster.param ? `Floating IPs in ${cluster.name}` : 'Floating IPs'}
        crumbs={[{ href: '/cluster-configuration', label: 'Cluster Configuration' }]}
      />
      <p className="mb-4 max-w-3xl text-sm text-slate-700">
        Floating IPs are brought up on the active director and move to the other one at failover. Each virtual service&apos;s address is one
        (added and removed with the service); for NAT, add the real servers&apos; default gateway here.
      </p>
      {total > 0 || q ? <SearchForm path={PATH} q={q} hidden={{ cluster: cluster.param ?? undefined }} placeholder="IP address" /> : null}
      {total > 0 || q ? (
        <Pager
          path={PATH}
          params={{ q, cluster: cluster.param ?? undefined }}
          page={shownPage}
          pages={pages}
          total={total}
          shown={list.length}
          noun={q ? `floating IPs matching "${q}"` : 'floating IPs'}
        />
      ) : null}
      {list.length === 0 ? (
        <p className="mb-6 text-slate-700">{q ? 'No floating IP matches the search.' : 'No floating IPs yet.'}</p>
      ) : (
        <table className="mb-6 w-full max-w-4xl border-collapse bg-white text-sm">
          <caption className="sr-only">Floating IPs</caption>
          <TableHead columns={['Address', 'Purpose', 'Interface', 'Used by', 'Actions']} />
          <tbody>
            {list.map((f) => (
              <tr key={f.id} className="border-b border-slate-200">
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {f.address}/{f.prefix}
                </th>
                <td className="px-3 py-2">{f.purpose === 'vip' ? 'Service address (VIP)' : 'Gateway'}</td>
                <td className="px-3 py-2">{f.interface ?? 'VRRP interface'}</td>
                <td className="px-3 py-2">{f.usedBy.join(', ') || '—'}</td>
                <td className="px-3 py-2">
                  {f.usedBy.length ? (
                    <span className="text-xs text-slate-600">delete the service to remove it</span>
                  ) : (
                    <DeleteFloatingIp id={f.id} address={f.address} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewFloatingIpForm clusterId={cluster.id} />
    </section>
  );
}
