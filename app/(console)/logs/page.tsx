import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/server/auth/session';
import { auditFacets, listAuditEvents } from '@/lib/server/platform/audit';
import { alertDeliveryChannels, listAlertDeliveries } from '@/lib/server/alerts/outbox';
import { AuditFilter, AuditTable } from '@/components/logs/audit-table';
import { DeliveryFilter, DeliveryTable } from '@/components/alerts/delivery-table';

export const metadata: Metadata = { title: 'Logs' };

interface Search {
  log?: string;
  object?: string;
  actor?: string;
  channel?: string;
  result?: string;
  q?: string;
}

/** The two logs, as links (the chosen one marked for screen readers too). */
function LogTabs({ current }: { current: 'audit' | 'alerts' }) {
  const tab = (id: 'audit' | 'alerts', href: string, label: string) => (
    <Link
      href={href}
      aria-current={current === id ? 'page' : undefined}
      className={`rounded-t border-b-2 px-3 py-2 text-sm ${current === id ? 'border-slate-900 font-semibold' : 'border-transparent underline'}`}
    >
      {label}
    </Link>
  );
  return (
    <nav aria-label="Logs" className="mt-4 flex gap-2 border-b border-slate-300">
      {tab('audit', '/logs', 'Audit log')}
      {tab('alerts', '/logs?log=alerts', 'Alert deliveries')}
    </nav>
  );
}

/** The page's heading, its two logs as tabs, and what the chosen one holds. */
function LogsFrame({ current, intro, children }: { current: 'audit' | 'alerts'; intro: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" className="text-2xl font-semibold">
        Logs
      </h1>
      <LogTabs current={current} />
      <p className="mt-2 text-sm text-slate-600">{intro}</p>
      {children}
    </section>
  );
}

// GET /logs[?object=VirtualService&actor=loadbalancer] - the audit log, newest first
// GET /logs?log=alerts[&channel=email&result=failed&q=GW02] - the alert delivery log, newest first
export default async function LogsPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requirePageUser();
  const { log, object = '', actor = '', channel = '', result = '', q = '' } = await searchParams;
  if (log === 'alerts') {
    const ok = result === 'delivered' ? true : result === 'failed' ? false : undefined;
    const [deliveries, channels] = await Promise.all([
      listAlertDeliveries({ take: 500, channel: channel || undefined, ok, q: q.trim() || undefined }),
      alertDeliveryChannels(),
    ]);
    const filtered = Boolean(channel || result || q);
    return (
      <LogsFrame
        current="alerts"
        intro="Every attempt to deliver an alert and what the mail server or webhook answered, newest first (times in UTC; kept 30 days)."
      >
        <DeliveryFilter channel={channel} result={result} q={q} channels={channels} />
        {deliveries.length === 0 ? (
          <p className="mt-6 text-slate-700">No delivery attempts{filtered ? ' match the filter' : ' yet'}.</p>
        ) : (
          <DeliveryTable deliveries={deliveries} />
        )}
      </LogsFrame>
    );
  }
  const [events, facets] = await Promise.all([listAuditEvents({ take: 500, objectType: object, actor }), auditFacets()]);
  return (
    <LogsFrame current="audit" intro="Audit log: every change, sign-in and apply, newest first (times in UTC).">
      <AuditFilter object={object} actor={actor} facets={facets} />
      {events.length === 0 ? (
        <p className="mt-6 text-slate-700">No events{object || actor ? ' match the filter' : ' yet'}.</p>
      ) : (
        <AuditTable events={events} />
      )}
    </LogsFrame>
  );
}
