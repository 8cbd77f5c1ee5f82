import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/server/auth/session';
import { roleAllows } from '@/lib/schemas/roles';
import { directorMailOf } from '@/lib/schemas/alerts';
import { getAlertSettings } from '@/lib/server/alerts/settings';
import { listAlertDeliveries } from '@/lib/server/alerts/outbox';
import { PageHeader } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/alert';
import { AlertSettingsForm } from '@/components/alerts/alert-settings-form';
import { DeliveryTable } from '@/components/alerts/delivery-table';
import { Silences } from '@/components/alerts/silences';
import { listSilences } from '@/lib/server/alerts/silences';

export const metadata: Metadata = { title: 'Alerts' };

// GET /local-configuration/alerts
export default async function AlertsPage() {
  const user = await requirePageUser();
  const admin = roleAllows(user.role, 'admin');
  const [settings, deliveries, silences] = await Promise.all([
    admin ? getAlertSettings() : null,
    listAlertDeliveries({ take: 50 }),
    listSilences(),
  ]);
  return (
    <section aria-labelledby="page-title" className="flex flex-col gap-6">
      <PageHeader title="Alerts" crumbs={[{ href: '/local-configuration', label: 'Local Configuration' }]} />
      <p className="max-w-4xl text-sm text-slate-700">
        The console reports real servers, virtual services and directors that change state, failovers, a pair without standby, split brain
        and directors that fall behind. A state must hold for the hold-down time before it is sent; a real server that keeps changing is
        reported once as flapping; many changes at once become one digest. Messages wait in the database until they are delivered (retried
        with back-off, also after a restart). While the console itself is stopped it sends nothing; the directors can report their own
        failovers (below).
      </p>
      {settings ? <AlertSettingsForm current={settings} /> : <Alert kind="info">Only admins see and change the alert channels.</Alert>}
      {settings ? (
        <section aria-labelledby="console-down-title" className="max-w-4xl">
          <h2 id="console-down-title" className="mb-1 font-semibold">
            When the console is down
          </h2>
          <p className="text-sm text-slate-700">{directorMailOf(settings.email).why}</p>
        </section>
      ) : null}
      <section aria-labelledby="silences-title" className="max-w-5xl">
        <h2 id="silences-title" className="mb-2 font-semibold">
          Silences
        </h2>
        <p className="mb-2 text-sm text-slate-600">
          A maintenance window: no alerts about a virtual service (and its real servers), or about one real server, until it ends. What
          still holds when it ends (a gateway still down) is reported then, after the hold-down time.
        </p>
        <Silences silences={silences} canChange={roleAllows(user.role, 'operator')} />
      </section>
      <section aria-labelledby="deliveries-title" className="max-w-5xl">
        <h2 id="deliveries-title" className="mb-2 font-semibold">
          Delivery log
        </h2>
        <p className="text-sm text-slate-600">
          The last 50 attempts; the whole log, filterable, is on{' '}
          <Link href="/logs?log=alerts" className="underline">
            Logs &gt; Alert deliveries
          </Link>
          .
        </p>
        {deliveries.length ? <DeliveryTable deliveries={deliveries} /> : <p className="text-sm text-slate-600">Nothing sent yet.</p>}
      </section>
    </section>
  );
}
