import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { PageHeader } from '@/components/ui/page-header';
import { KeepalivedImportForm } from '@/components/maintenance/keepalived-import-form';
import { MERGE_EXPLANATION } from '@/lib/server/adopt';

export const metadata: Metadata = { title: 'Import' };

// GET /maintenance/import - adopt an existing director: its keepalived.conf as the console's services
export default async function ImportPage() {
  await requirePageUser();
  return (
    <section aria-labelledby="page-title" className="flex flex-col gap-6">
      <PageHeader title="Import keepalived.conf" crumbs={[{ href: '/maintenance', label: 'Maintenance' }]} />
      <p className="max-w-3xl text-sm text-slate-700">
        The virtual services, real servers, health checks and VRRP addresses of a director you already run become the console&apos;s. Directors and
        settings stay as they are. Nothing changes until you confirm, and nothing at all if any line cannot be represented: those are listed with
        their line and why. The same import is <code>npm run cli -- import-keepalived FILE</code> (which also follows <code>include</code> files).
      </p>
      <KeepalivedImportForm mergeExplanation={MERGE_EXPLANATION} />
    </section>
  );
}
