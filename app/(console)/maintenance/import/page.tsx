import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { PageHeader } from '@/components/ui/page-header';
import { ImportForm } from '@/components/maintenance/import-form';
import { MERGE_EXPLANATION } from '@/lib/server/config/adopt';
import { listDirectors } from '@/lib/server/directors/directors';
import { pageCluster } from '@/lib/server/clusters/page-cluster';

export const metadata: Metadata = { title: 'Import a configuration' };

// GET /maintenance/import - adopt an existing director: its keepalived.conf as the console's services
export default async function ImportPage({ searchParams }: { searchParams: Promise<{ cluster?: string }> }) {
  await requirePageUser();
  const cluster = await pageCluster((await searchParams).cluster);
  const directors = (await listDirectors(cluster.id)).map((d) => ({ name: d.name, confirmed: d.hostKeyFingerprint !== null }));
  return (
    <section aria-labelledby="page-title" className="flex flex-col gap-6">
      <PageHeader
        title={cluster.param ? `Import a configuration into ${cluster.name}` : 'Import a configuration'}
        crumbs={[{ href: '/maintenance', label: 'Maintenance' }]}
      />
      <p className="max-w-3xl text-sm text-slate-700">
        The virtual services, real servers, health checks and VRRP addresses of a director you already run (its keepalived.conf, an
        ldirectord.cf, or its kernel table as <code>ipvsadm -Sn</code> prints it) become the console&apos;s. Directors and settings stay as
        they are. Nothing changes until you confirm, and nothing at all if any line cannot be represented: those are listed with their line
        and why. The same import is <code>npm run cli -- import-keepalived FILE</code> (also <code>import-ldirectord</code>,{' '}
        <code>import-ipvsadm</code>, <code>import-from-director NAME</code>).
      </p>
      <ImportForm mergeExplanation={MERGE_EXPLANATION} directors={directors} clusterId={cluster.id} />
    </section>
  );
}
