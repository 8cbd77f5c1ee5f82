import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/server/auth/session';
import { pageCluster } from '@/lib/server/clusters/page-cluster';
import { clusterHref } from '@/lib/schemas/cluster';

export const metadata: Metadata = { title: 'Maintenance' };

// GET /maintenance
export default async function MaintenancePage({ searchParams }: { searchParams: Promise<{ cluster?: string }> }) {
  await requirePageUser();
  // The links keep the page's cluster (?cluster=).
  const cluster = await pageCluster((await searchParams).cluster);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" className="mb-6 text-2xl font-semibold">
        Maintenance
      </h1>
      <ul className="grid max-w-4xl gap-4 md:grid-cols-2">
        <li className="rounded border border-slate-200 bg-white p-4">
          <Link href={clusterHref('/maintenance/backup', cluster.param)} className="font-semibold text-brand-800 underline">
            Backup &amp; Restore
          </Link>
          <p className="mt-1 text-sm text-slate-700">
            Download the whole configuration as one file, or restore one (with a preview of what changes).
          </p>
        </li>
        <li className="rounded border border-slate-200 bg-white p-4">
          <Link href={clusterHref('/maintenance/import', cluster.param)} className="font-semibold text-brand-800 underline">
            Import a configuration
          </Link>
          <p className="mt-1 text-sm text-slate-700">
            Adopt a director you already run: its keepalived.conf (uploaded or read from it), an ldirectord.cf or its ipvsadm table, with a
            preview.
          </p>
        </li>
        <li className="rounded border border-slate-200 bg-white p-4">
          <Link href={clusterHref('/maintenance/apply', cluster.param)} className="font-semibold text-brand-800 underline">
            Apply
          </Link>
          <p className="mt-1 text-sm text-slate-700">
            See what changes on each director, push the configuration and follow it step by step.
          </p>
        </li>
        <li className="rounded border border-slate-200 bg-white p-4">
          <Link href={clusterHref('/maintenance/revisions', cluster.param)} className="font-semibold text-brand-800 underline">
            Revisions
          </Link>
          <p className="mt-1 text-sm text-slate-700">Every applied configuration: compare any two, or revert to one.</p>
        </li>
        <li className="rounded border border-slate-200 bg-white p-4">
          <Link href={clusterHref('/maintenance/users', cluster.param)} className="font-semibold text-brand-800 underline">
            Users
          </Link>
          <p className="mt-1 text-sm text-slate-700">Change your password; admins add users with a role (read-only, operator, admin).</p>
        </li>
      </ul>
    </section>
  );
}
