import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { auditFacets, listAuditEvents } from '@/lib/server/platform/audit';
import { AuditFilter, AuditTable } from '@/components/logs/audit-table';

export const metadata: Metadata = { title: 'Logs' };

// GET /logs[?object=VirtualService&actor=loadbalancer] - the audit log, newest first
export default async function LogsPage({ searchParams }: { searchParams: Promise<{ object?: string; actor?: string }> }) {
  await requirePageUser();
  const { object = '', actor = '' } = await searchParams;
  const [events, facets] = await Promise.all([listAuditEvents({ take: 500, objectType: object, actor }), auditFacets()]);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" className="text-2xl font-semibold">
        Logs
      </h1>
      <p className="mt-2 text-sm text-slate-600">Audit log: every change, sign-in and apply, newest first (times in UTC).</p>
      <AuditFilter object={object} actor={actor} facets={facets} />
      {events.length === 0 ? (
        <p className="mt-6 text-slate-700">No events{object || actor ? ' match the filter' : ' yet'}.</p>
      ) : (
        <AuditTable events={events} />
      )}
    </section>
  );
}
