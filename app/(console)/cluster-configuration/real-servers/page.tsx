import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/server/auth/session';
import { searchServicesWithRealServers } from '@/lib/server/config/real-servers';
import { listQueryFromParams, PAGE_SIZE } from '@/lib/schemas/list-query';
import { Pager, SearchForm } from '@/components/ui/pager';
import { ADMIN_STATE_LABELS } from '@/lib/schemas/real-server';
import { PageHeader, LinkButton } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/alert';
import { DeleteRealServer } from '@/components/real-servers/delete-real-server';

export const metadata: Metadata = { title: 'Layer 4 Real Servers' };

const PATH = '/cluster-configuration/real-servers';

// GET /cluster-configuration/real-servers?q=<label or IP>&state=online|drain|halt&service=<id>&page=N -
// real servers grouped under their virtual service, 50 services a page
export default async function RealServersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const params = await searchParams;
  const saved = typeof params.saved === 'string' ? params.saved : undefined;
  const { q, page, state, service } = listQueryFromParams(params);
  const find = (p: number) => searchServicesWithRealServers({ q, state, service, skip: (p - 1) * PAGE_SIZE, take: PAGE_SIZE });
  let { items: rows, total } = await find(page);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  let shownPage = page;
  if (page > pages) {
    shownPage = pages;
    ({ items: rows, total } = await find(pages));
  }
  const filtered = !!(q || state || service);
  const oneService = service && rows[0]?.service.id === service ? rows[0].service : null;
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Layer 4 Real Servers" crumbs={[{ href: '/cluster-configuration', label: 'Cluster Configuration' }]} />
      {saved ? (
        <div className="mb-4">
          <Alert kind="success">Saved {saved}. Apply the configuration to put it on the directors.</Alert>
        </div>
      ) : null}
      {total > 0 || filtered ? (
        <SearchForm path={PATH} q={q} placeholder="service or real server: label or IP" hidden={{ service }}>
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
          <Link href={PATH} className="underline">
            Show every service
          </Link>
        </p>
      ) : null}
      {total > 0 || filtered ? (
        <Pager
          path={PATH}
          params={{ q, state, service }}
          page={shownPage}
          pages={pages}
          total={total}
          shown={rows.length}
          noun={filtered ? 'services with matching real servers' : 'services'}
        />
      ) : null}
      {total === 0 && !filtered ? <p className="text-slate-700">Add a virtual service first; real servers belong to one.</p> : null}
      <div className="flex flex-col gap-8">
        {rows.map((row) => {
          const { service: vs, realServers: servers } = row;
          return (
            <section key={vs.id} id={`vs-${vs.id}`} aria-labelledby={`h-${vs.id}`}>
              <div className="mb-2 flex items-end justify-between">
                <h2 id={`h-${vs.id}`} className="text-lg font-semibold">
                  {vs.label}{' '}
                  <span className="text-sm font-normal text-slate-600">
                    {vs.ip} {vs.ports}
                  </span>
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
                        <th key={h} scope="col" className="px-3 py-2">
                          {h}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {servers.map((r) => (
                      <tr key={r.id} className="border-b border-slate-200">
                        <th scope="row" className="px-3 py-2 text-left font-medium">
                          {r.label}
                        </th>
                        <td className="px-3 py-2">{r.ip}</td>
                        <td className="px-3 py-2">{r.port ?? '—'}</td>
                        <td className="px-3 py-2">{r.weight}</td>
                        <td className="px-3 py-2">{r.minConnections}</td>
                        <td className="px-3 py-2">{r.maxConnections || 'unlimited'}</td>
                        <td className="px-3 py-2">{ADMIN_STATE_LABELS[r.adminState]}</td>
                        <td className="px-3 py-2">
                          <div className="flex gap-3">
                            <Link
                              href={`/cluster-configuration/real-servers/${r.id}`}
                              className="underline"
                              aria-label={`Modify ${r.label} of ${vs.label}`}
                            >
                              Modify
                            </Link>
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
