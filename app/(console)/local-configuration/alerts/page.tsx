import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { roleAllows } from '@/lib/schemas/roles';
import { getAlertSettings } from '@/lib/server/alerts/settings';
import { listAlertDeliveries } from '@/lib/server/alerts/outbox';
import { PageHeader } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/alert';
import { AlertSettingsForm } from '@/components/alerts/alert-settings-form';

export const metadata: Metadata = { title: 'Alerts' };

const fmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

// GET /local-configuration/alerts
export default async function AlertsPage() {
  const user = await requirePageUser();
  const admin = roleAllows(user.role, 'admin');
  const [settings, deliveries] = await Promise.all([admin ? getAlertSettings() : null, listAlertDeliveries({ take: 50 })]);
  return (
    <section aria-labelledby="page-title" className="flex flex-col gap-6">
      <PageHeader title="Alerts" crumbs={[{ href: '/local-configuration', label: 'Local Configuration' }]} />
      <p className="max-w-4xl text-sm text-slate-700">
        The console reports real servers, virtual services and directors that change state, failovers, a pair without standby, split brain
        and directors that fall behind. A state must hold for the hold-down time before it is sent; a real server that keeps changing is
        reported once as flapping; many changes at once become one digest. Messages wait in the database until they are delivered (retried
        with back-off, also after a restart). While the console itself is stopped it sends nothing.
      </p>
      {settings ? <AlertSettingsForm current={settings} /> : <Alert kind="info">Only admins see and change the alert channels.</Alert>}
      <section aria-labelledby="deliveries-title" className="max-w-5xl">
        <h2 id="deliveries-title" className="mb-2 font-semibold">
          Delivery log
        </h2>
        {deliveries.length ? (
          <table className="w-full border-collapse text-left text-sm">
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="p-2">
                  Time (UTC)
                </th>
                <th scope="col" className="p-2">
                  Channel
                </th>
                <th scope="col" className="p-2">
                  Message
                </th>
                <th scope="col" className="p-2">
                  Result
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id} className="border-b border-slate-200 align-top">
                  <td className="p-2 whitespace-nowrap">{fmt.format(new Date(d.at))}</td>
                  <td className="p-2 break-all">{d.channel}</td>
                  <td className="p-2">{d.subject}</td>
                  <td className={`p-2 ${d.ok ? 'text-green-900' : 'text-red-800'}`}>
                    <span className="font-semibold">
                      {d.ok ? 'Delivered' : d.status === 'failed' ? 'Failed, given up' : 'Failed, will retry'}
                    </span>
                    : {d.detail}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-sm text-slate-600">Nothing sent yet.</p>
        )}
      </section>
    </section>
  );
}
