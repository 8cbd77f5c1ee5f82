import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { listAuditEvents } from '@/lib/server/audit';

export const metadata: Metadata = { title: 'Logs' };

const fmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

// GET /logs - the audit log, newest first
export default async function LogsPage() {
  await requirePageUser();
  const events = await listAuditEvents({ take: 200 });
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" className="text-2xl font-semibold">
        Logs
      </h1>
      <p className="mt-2 text-sm text-slate-600">Audit log: every change, sign-in and apply, newest first (times in UTC).</p>
      {events.length === 0 ? (
        <p className="mt-6 text-slate-700">No events yet.</p>
      ) : (
        <table className="mt-6 w-full border-collapse bg-white text-sm">
          <caption className="sr-only">Audit events</caption>
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="px-3 py-2">Time</th>
              <th scope="col" className="px-3 py-2">Actor</th>
              <th scope="col" className="px-3 py-2">Action</th>
              <th scope="col" className="px-3 py-2">Object</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id} className="border-b border-slate-200">
                <td className="px-3 py-2 whitespace-nowrap">{fmt.format(e.createdAt)}</td>
                <td className="px-3 py-2">{e.actor}</td>
                <td className="px-3 py-2">{e.action}</td>
                <td className="px-3 py-2">
                  {e.objectType}
                  {e.objectId ? ` ${e.objectId}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
