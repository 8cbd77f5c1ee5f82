import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { listDirectors } from '@/lib/server/directors/directors';
import { getConsolePublicKey } from '@/lib/server/directors/console-key';
import { PageHeader } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/alert';
import { AddDirectorForm, DirectorActions } from '@/components/directors/director-forms';
import { DriftPanel } from '@/components/directors/drift-panel';
import { pageCluster } from '@/lib/server/clusters/page-cluster';

export const metadata: Metadata = { title: 'Directors' };

const fmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

// GET /local-configuration/directors
export default async function DirectorsPage({ searchParams }: { searchParams: Promise<{ cluster?: string }> }) {
  await requirePageUser();
  const cluster = await pageCluster((await searchParams).cluster);
  const [directors, key] = await Promise.all([listDirectors(cluster.id), getConsolePublicKey()]);
  return (
    <section aria-labelledby="page-title" className="flex flex-col gap-6">
      <PageHeader
        title={cluster.param ? `Directors of ${cluster.name}` : 'Directors'}
        crumbs={[{ href: '/local-configuration', label: 'Local Configuration' }]}
      />
      <div className="max-w-4xl rounded border border-slate-200 bg-white p-4 text-sm">
        <h2 className="mb-1 font-semibold">The console&apos;s SSH key</h2>
        <p className="mb-2 text-slate-700">Authorise it on each director by running this as root there:</p>
        <pre
          aria-label="Command to authorise the console's key"
          className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100"
        >
          {key.authorizeCommand}
        </pre>
      </div>
      {directors.length === 0 ? <p className="text-slate-700">No directors yet.</p> : null}
      {directors.map((d) => (
        <section key={d.id} aria-labelledby={`dir-${d.id}`} className="max-w-4xl rounded border border-slate-200 bg-white p-4">
          <h2 id={`dir-${d.id}`} className="text-lg font-semibold">
            {d.name} <span className="text-sm font-normal text-slate-600">({d.role})</span>
          </h2>
          <dl className="my-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            <dt>SSH</dt>
            <dd>
              {d.user}@{d.host}:{d.port}
            </dd>
            <dt>VRRP</dt>
            <dd>
              {d.vrrpInterface} {d.vrrpAddress ?? ''} priority {d.vrrpPriority}
            </dd>
            <dt>Host key</dt>
            <dd className="font-mono">{d.hostKeyFingerprint ?? 'not confirmed'}</dd>
            <dt>Last apply</dt>
            <dd>{d.lastApplyStatus ? `${d.lastApplyStatus} at ${fmt.format(d.lastApplyAt!)} UTC` : 'never'}</dd>
            <dt>State</dt>
            <dd>{d.stateUnknownSince ? <strong>Unknown since {fmt.format(d.stateUnknownSince)} UTC: check drift</strong> : 'known'}</dd>
          </dl>
          {d.lastApplyError ? (
            <div className="mb-2">
              <Alert>{d.lastApplyError}</Alert>
            </div>
          ) : null}
          <DirectorActions id={d.id} name={d.name} pinned={d.hostKeyFingerprint} />
          {d.lastApplyStatus ? (
            <div className="mt-3">
              <DriftPanel id={d.id} name={d.name} />
            </div>
          ) : null}
        </section>
      ))}
      {directors.length < 2 ? <AddDirectorForm clusterId={cluster.id} /> : null}
    </section>
  );
}
