import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/server/auth/session';
import { countRealServersByService, searchVirtualServices } from '@/lib/server/config/virtual-services';
import { listQueryFromParams, PAGE_SIZE } from '@/lib/schemas/list-query';
import { Pager, SearchForm } from '@/components/ui/pager';
import { CHECK_TYPE_LABELS, FORWARDING_LABELS, PROTOCOL_LABELS, virtualServiceWarnings } from '@/lib/schemas/virtual-service';
import { PageHeader, LinkButton } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/alert';
import { DeleteVirtualService } from '@/components/virtual-services/delete-service';

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
  const saved = typeof params.saved === 'string' ? params.saved : undefined;
  const { q, page } = listQueryFromParams(params);
  let { items: services, total } = await searchVirtualServices({ q, skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // A page past the end (the list got shorter since the bookmark) shows the last one.
  let shownPage = page;
  if (page > pages) {
    shownPage = pages;
    ({ items: services, total } = await searchVirtualServices({ q, skip: (pages - 1) * PAGE_SIZE, take: PAGE_SIZE }));
  }
  const counts = await countRealServersByService(services.map((s) => s.id));
  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title="Layer 4 Virtual Services"
        crumbs={[{ href: '/cluster-configuration', label: 'Cluster Configuration' }]}
        actions={<LinkButton href="/cluster-configuration/virtual-services/new">Add a new Virtual Service</LinkButton>}
      />
      {saved ? (
        <div className="mb-4">
          <Alert kind="success">Saved {saved}. Apply the configuration to put it on the directors.</Alert>
        </div>
      ) : null}
      {total > 0 || q ? <SearchForm path={PATH} q={q} placeholder="label, IP address or port" /> : null}
      {total > 0 || q ? (
        <Pager
          path={PATH}
          params={{ q }}
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
        <table className="w-full border-collapse bg-white text-sm">
          <caption className="sr-only">Layer 4 virtual services</caption>
          <thead>
            <tr className="border-b border-slate-300 text-left">
              {['Label', 'IP Address', 'Ports', 'Protocol', 'Method', 'Persistence', 'Check', 'Real Servers', 'Actions'].map((h) => (
                <th key={h} scope="col" className="px-3 py-2">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {services.map((s) => {
              const warnings = virtualServiceWarnings(s);
              return (
                <tr key={s.id} className="border-b border-slate-200 align-top">
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    {s.label}
                    {warnings.map((w) => (
                      <p key={w} className="mt-1 text-xs font-normal text-amber-800">
                        ⚠ {w}
                      </p>
                    ))}
                  </th>
                  <td className="px-3 py-2">{s.ip}</td>
                  <td className="px-3 py-2">{s.ports}</td>
                  <td className="px-3 py-2">{PROTOCOL_LABELS[s.protocol]}</td>
                  <td className="px-3 py-2">{FORWARDING_LABELS[s.forwarding]}</td>
                  <td className="px-3 py-2">{s.persistence.enabled ? `${s.persistence.timeout} s` : 'Off'}</td>
                  <td className="px-3 py-2">
                    {CHECK_TYPE_LABELS[s.healthCheck.type]}
                    {s.healthCheck.type === 'negotiate' ? ` ${s.healthCheck.protocol?.toUpperCase()} ${s.healthCheck.request}` : ''}
                  </td>
                  <td className="px-3 py-2">
                    <Link
                      href={`/cluster-configuration/real-servers?service=${s.id}`}
                      className="underline"
                      aria-label={`${counts.get(s.id) ?? 0} real servers of ${s.label}`}
                    >
                      {counts.get(s.id) ?? 0}
                    </Link>
                  </td>
                  <td className="px-3 py-2">
                    <div className="flex gap-3">
                      <Link href={`/cluster-configuration/virtual-services/${s.id}`} className="underline" aria-label={`Modify ${s.label}`}>
                        Modify
                      </Link>
                      <Link
                        href={`/cluster-configuration/virtual-services/new?clone=${s.id}`}
                        className="underline"
                        aria-label={`Clone ${s.label}`}
                      >
                        Clone
                      </Link>
                      <DeleteVirtualService id={s.id} label={s.label} version={s.version} realServers={counts.get(s.id) ?? 0} />
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
