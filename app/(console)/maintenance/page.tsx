import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/server/auth/session';

export const metadata: Metadata = { title: 'Maintenance' };

// GET /maintenance
export default async function MaintenancePage() {
  await requirePageUser();
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" className="mb-6 text-2xl font-semibold">
        Maintenance
      </h1>
      <ul className="grid max-w-4xl gap-4 md:grid-cols-2">
        <li className="rounded border border-slate-200 bg-white p-4">
          <Link href="/maintenance/backup" className="font-semibold text-brand-800 underline">
            Backup &amp; Restore
          </Link>
          <p className="mt-1 text-sm text-slate-700">
            Download the whole configuration as one file, or restore one (with a preview of what changes).
          </p>
        </li>
        <li className="rounded border border-slate-200 bg-white p-4">
          <Link href="/maintenance/import" className="font-semibold text-brand-800 underline">
            Import a configuration
          </Link>
          <p className="mt-1 text-sm text-slate-700">
            Adopt a director you already run: its keepalived.conf (uploaded or read from it), an ldirectord.cf or its ipvsadm table, with a
            preview.
          </p>
        </li>
        <li className="rounded border border-slate-200 bg-white p-4">
          <Link href="/maintenance/apply" className="font-semibold text-brand-800 underline">
            Apply
          </Link>
          <p className="mt-1 text-sm text-slate-700">
            See what changes on each director, push the configuration and follow it step by step.
          </p>
        </li>
        <li className="rounded border border-slate-200 bg-white p-4">
          <Link href="/maintenance/revisions" className="font-semibold text-brand-800 underline">
            Revisions
          </Link>
          <p className="mt-1 text-sm text-slate-700">Every applied configuration: compare any two, or revert to one.</p>
        </li>
        <li className="rounded border border-slate-200 bg-white p-4">
          <Link href="/maintenance/users" className="font-semibold text-brand-800 underline">
            Users
          </Link>
          <p className="mt-1 text-sm text-slate-700">Change your password; admins add users with a role (read-only, operator, admin).</p>
        </li>
      </ul>
    </section>
  );
}
