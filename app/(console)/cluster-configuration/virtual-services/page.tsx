import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/server/auth/session';
import { countRealServersByService, listVirtualServices } from '@/lib/server/virtual-services';
import { CHECK_TYPE_LABELS, FORWARDING_LABELS, PROTOCOL_LABELS, virtualServiceWarnings } from '@/lib/schemas/virtual-service';
import { PageHeader, LinkButton } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/alert';
import { DeleteVirtualService } from '@/components/virtual-services/delete-service';

export const metadata: Metadata = { title: 'Layer 4 Virtual Services' };

// GET /cluster-configuration/virtual-services
export default async function VirtualServicesPage({ searchParams }: { searchParams: Promise<{ saved?: string }> }) {
  await requirePageUser();
  const { saved } = await searchParams;
  const services = await listVirtualServices();
  const counts = await countRealServersByService();
  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title="Layer 4 Virtual Services"
        crumbs={[{ href: '/cluster-configuration', label: 'Cluster Configuration' }]}
        actions={<LinkButton href="/cluster-configuration/virtual-services/new">Add a new Virtual Service</LinkButton>}
      />
      {saved ? <div className="mb-4"><Alert kind="success">Saved {saved}. Apply the configuration to put it on the directors.</Alert></div> : null}
      {services.length === 0 ? (
        <p className="text-slate-700">
          No virtual services yet. Add one, or set up Leostream gateways and brokers with the{' '}
          <Link href="/cluster-configuration/leostream" className="font-medium text-brand-800 underline">Leostream wizard</Link>.
        </p>
      ) : (
        <table className="w-full border-collapse bg-white text-sm">
          <caption className="sr-only">Layer 4 virtual services</caption>
          <thead>
            <tr className="border-b border-slate-300 text-left">
              {['Label', 'IP Address', 'Ports', 'Protocol', 'Method', 'Persistence', 'Check', 'Real Servers', 'Actions'].map((h) => (
                <th key={h} scope="col" className="px-3 py-2">{h}</th>
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
                      <p key={w} className="mt-1 text-xs font-normal text-amber-800">⚠ {w}</p>
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
                    <Link href={`/cluster-configuration/real-servers#vs-${s.id}`} className="underline">{counts.get(s.id) ?? 0}</Link>
                  </td>
                  <td className="px-3 py-2">
                    <div className="flex gap-3">
                      <Link href={`/cluster-configuration/virtual-services/${s.id}`} className="underline" aria-label={`Modify ${s.label}`}>Modify</Link>
                      <Link href={`/cluster-configuration/virtual-services/new?clone=${s.id}`} className="underline" aria-label={`Clone ${s.label}`}>Clone</Link>
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
