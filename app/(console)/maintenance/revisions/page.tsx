import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { compareRevisions, listRevisions } from '@/lib/server/apply/revisions';
import { PageHeader } from '@/components/ui/page-header';
import { RevertButton } from '@/components/apply/revert-button';
import { TableHead } from '@/components/ui/table-head';
import { pageCluster } from '@/lib/server/clusters/page-cluster';

export const metadata: Metadata = { title: 'Revisions' };

const fmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

// GET /maintenance/revisions[?from=id&to=id] - applied revisions, and the difference between two
export default async function RevisionsPage({ searchParams }: { searchParams: Promise<{ from?: string; to?: string; cluster?: string }> }) {
  await requirePageUser();
  const { from, to, cluster: asked } = await searchParams;
  const cluster = await pageCluster(asked);
  const revisions = await listRevisions(50, cluster.id);
  const diffs = from && to ? (await compareRevisions(from, to).catch(() => [])).filter((d) => d.status !== 'same') : null;
  return (
    <section aria-labelledby="page-title" className="flex flex-col gap-6">
      <PageHeader
        title={cluster.param ? `Revisions of ${cluster.name}` : 'Revisions'}
        crumbs={[{ href: '/maintenance', label: 'Maintenance' }]}
      />
      {revisions.length === 0 ? (
        <p className="text-slate-700">Nothing has been applied yet.</p>
      ) : (
        <form method="get" aria-label="Compare revisions" className="flex flex-col gap-3">
          {cluster.param ? <input type="hidden" name="cluster" value={cluster.param} /> : null}
          <table className="w-full max-w-5xl border-collapse bg-white text-sm">
            <caption className="sr-only">Applied revisions, newest first</caption>
            <TableHead columns={['From', 'To', 'Applied (UTC)', 'By', 'Comment', '']} />
            <tbody>
              {revisions.map((r, i) => (
                <tr key={r.id} className="border-b border-slate-200 align-top">
                  <td className="px-3 py-2">
                    <input
                      type="radio"
                      name="from"
                      value={r.id}
                      defaultChecked={from ? from === r.id : i === 1}
                      aria-label={`Compare from ${fmt.format(r.createdAt)}`}
                    />
                  </td>
                  <td className="px-3 py-2">
                    <input
                      type="radio"
                      name="to"
                      value={r.id}
                      defaultChecked={to ? to === r.id : i === 0}
                      aria-label={`Compare to ${fmt.format(r.createdAt)}`}
                    />
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">{fmt.format(r.createdAt)}</td>
                  <td className="px-3 py-2">{r.actor}</td>
                  <td className="px-3 py-2">{r.comment}</td>
                  <td className="px-3 py-2">
                    {i > 0 ? (
                      <RevertButton revisionId={r.id} when={fmt.format(r.createdAt)} />
                    ) : (
                      <span className="text-xs text-slate-600">current</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="submit" className="self-start rounded border border-slate-300 bg-white px-4 py-2 text-sm">
            Compare
          </button>
        </form>
      )}
      {diffs ? (
        <section aria-label="Differences between the two revisions" className="flex flex-col gap-2">
          {diffs.length === 0 ? <p className="text-sm">The two revisions render the same files.</p> : null}
          {diffs.map((d) => (
            <details key={`${d.director}${d.path}`} open className="rounded border border-slate-200 bg-white">
              <summary className="cursor-pointer px-3 py-2 font-mono text-sm">
                {d.director}: {d.path} ({d.status})
              </summary>
              <pre className="mx-3 mb-3 max-h-96 overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{d.patch}</pre>
            </details>
          ))}
        </section>
      ) : null}
    </section>
  );
}
