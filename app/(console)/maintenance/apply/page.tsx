import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { listApplyRuns } from '@/lib/server/apply/runs';
import { pendingChanges } from '@/lib/server/apply/pending';
import { previewApply } from '@/lib/server/apply/revisions';
import { PageHeader } from '@/components/ui/page-header';
import { ApplyPanel } from '@/components/apply/apply-panel';
import { pageCluster } from '@/lib/server/clusters/page-cluster';

export const metadata: Metadata = { title: 'Apply' };

const fmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

// GET /maintenance/apply - what would change on each director, and the Apply button
export default async function ApplyPage({ searchParams }: { searchParams: Promise<{ cluster?: string }> }) {
  await requirePageUser();
  const cluster = await pageCluster((await searchParams).cluster);
  const [{ diffs }, pending, runs] = await Promise.all([
    previewApply(cluster.id),
    pendingChanges({ clusterId: cluster.id }),
    listApplyRuns(10, cluster.id),
  ]);
  const changed = diffs.filter((d) => d.status !== 'same');
  const disabled = pending.directors === 0 ? 'Add a director under Local Configuration > Directors first.' : undefined;
  return (
    <section aria-labelledby="page-title" className="flex flex-col gap-6">
      <PageHeader title={cluster.param ? `Apply to ${cluster.name}` : 'Apply'} crumbs={[{ href: '/maintenance', label: 'Maintenance' }]} />
      <p className="max-w-3xl text-sm text-slate-700">
        Each director (the secondary first) gets the files below in a staging directory; keepalived checks them there, the previous files
        are kept, the new ones swapped in, keepalived reloaded and the kernel table read back. Any failure restores the previous files.
      </p>
      <ApplyPanel disabled={disabled} clusterId={cluster.id} />
      <section aria-labelledby="changes-title">
        <h2 id="changes-title" className="mb-2 text-lg font-semibold">
          {pending.lastRevision
            ? `Changes since the last apply (${fmt.format(pending.lastRevision.createdAt)} UTC)`
            : 'Everything is new: nothing has been applied yet'}
        </h2>
        {changed.length === 0 ? <p className="text-sm text-slate-700">No changes: the directors run this configuration.</p> : null}
        <div className="flex flex-col gap-2">
          {changed.map((d) => (
            <details key={`${d.director}${d.path}`} className="rounded border border-slate-200 bg-white">
              <summary className="cursor-pointer px-3 py-2 font-mono text-sm">
                {d.director}: {d.path} ({d.status})
              </summary>
              <pre className="mx-3 mb-3 max-h-96 overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{d.patch}</pre>
            </details>
          ))}
        </div>
      </section>
      {runs.length ? (
        <section aria-labelledby="history-title">
          <h2 id="history-title" className="mb-2 text-lg font-semibold">
            Recent applies
          </h2>
          <ul className="text-sm">
            {runs.map((r) => (
              <li key={r.id}>
                {fmt.format(r.startedAt)} UTC, {r.actor}: <strong>{r.status}</strong>
                {r.comment ? ` (${r.comment})` : ''}
                {r.error ? ` — ${r.error}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
