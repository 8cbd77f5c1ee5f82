import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/server/auth/session';
import { listServicesWithRealServers } from '@/lib/server/real-servers';
import { ADMIN_STATE_LABELS } from '@/lib/schemas/real-server';
import { PageHeader, LinkButton } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/alert';
import { DeleteRealServer } from '@/components/real-servers/delete-real-server';

export const metadata: Metadata = { title: 'Layer 4 Real Servers' };

// GET /cluster-configuration/real-servers - real servers grouped under their virtual service
export default async function RealServersPage({ searchParams }: { searchParams: Promise<{ saved?: string }> }) {
  await requirePageUser();
  const { saved } = await searchParams;
  const rows = await listServicesWithRealServers();
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Layer 4 Real Servers" crumbs={[{ href: '/cluster-configuration', label: 'Cluster Configuration' }]} />
      {saved ? <div className="mb-4"><Alert kind="success">Saved {saved}. Apply the configuration to put it on the directors.</Alert></div> : null}
      {rows.length === 0 ? <p className="text-slate-700">Add a virtual service first; real servers belong to one.</p> : null}
      <div className="flex flex-col gap-8">
        {rows.map((row) => {
          const { service: vs, realServers: servers } = row;
          return (
            <section key={vs.id} id={`vs-${vs.id}`} aria-labelledby={`h-${vs.id}`}>
              <div className="mb-2 flex items-end justify-between">
                <h2 id={`h-${vs.id}`} className="text-lg font-semibold">
                  {vs.label} <span className="text-sm font-normal text-slate-600">{vs.ip} {vs.ports}</span>
                </h2>
                <LinkButton href={`/cluster-configuration/real-servers/new?vs=${vs.id}`} variant="secondary">
                  Add a new Real Server<span className="sr-only"> to {vs.label}</span>
                </LinkButton>
              </div>
              {servers.length === 0 ? (
                <p className="text-sm text-slate-700">No real servers yet.</p>
              ) : (
                <table className="w-full border-collapse bg-white text-sm">
                  <caption className="sr-only">Real servers of {vs.label}</caption>
                  <thead>
                    <tr className="border-b border-slate-300 text-left">
                      {['Label', 'IP Address', 'Port', 'Weight', 'Min Conns', 'Max Conns', 'State', 'Actions'].map((h) => (
                        <th key={h} scope="col" className="px-3 py-2">{h}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {servers.map((r) => (
                      <tr key={r.id} className="border-b border-slate-200">
                        <th scope="row" className="px-3 py-2 text-left font-medium">{r.label}</th>
                        <td className="px-3 py-2">{r.ip}</td>
                        <td className="px-3 py-2">{r.port ?? '—'}</td>
                        <td className="px-3 py-2">{r.weight}</td>
                        <td className="px-3 py-2">{r.minConnections}</td>
                        <td className="px-3 py-2">{r.maxConnections || 'unlimited'}</td>
                        <td className="px-3 py-2">{ADMIN_STATE_LABELS[r.adminState]}</td>
                        <td className="px-3 py-2">
                          <div className="flex gap-3">
                            <Link href={`/cluster-configuration/real-servers/${r.id}`} className="underline" aria-label={`Modify ${r.label} of ${vs.label}`}>Modify</Link>
                            <DeleteRealServer serviceId={vs.id} serviceLabel={vs.label} id={r.id} label={r.label} version={r.version} />
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          );
        })}
      </div>
    </section>
  );
}
