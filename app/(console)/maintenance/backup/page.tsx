import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { PageHeader } from '@/components/ui/page-header';
import { RestoreForm } from '@/components/maintenance/restore-form';
import { pageCluster } from '@/lib/server/clusters/page-cluster';

export const metadata: Metadata = { title: 'Backup & Restore' };

// GET /maintenance/backup
export default async function BackupPage({ searchParams }: { searchParams: Promise<{ cluster?: string }> }) {
  await requirePageUser();
  const cluster = await pageCluster((await searchParams).cluster);
  return (
    <section aria-labelledby="page-title" className="flex flex-col gap-6">
      <PageHeader
        title={cluster.param ? `Backup & Restore: ${cluster.name}` : 'Backup & Restore'}
        crumbs={[{ href: '/maintenance', label: 'Maintenance' }]}
      />
      <div className="flex max-w-3xl flex-col gap-2 rounded border border-slate-200 bg-white p-4">
        <h2 className="font-semibold">Backup</h2>
        <p className="text-sm text-slate-700">
          One JSON file with every virtual service, real server, floating IP and director; the same as <code>npm run cli -- export</code>.
          It holds no secrets (SSH keys, passwords, API keys).
        </p>
        <a
          href={`/api/v1/config?download=1&cluster=${encodeURIComponent(cluster.id)}`}
          download
          className="self-start rounded bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800"
        >
          Download backup
        </a>
      </div>
      <RestoreForm clusterId={cluster.id} />
    </section>
  );
}
