import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/server/auth/session';
import { getConsoleSettings } from '@/lib/server/settings';
import { roleAllows } from '@/lib/schemas/roles';
import { DrainBehaviourForm } from '@/components/settings/drain-behaviour-form';

export const metadata: Metadata = { title: 'Cluster Configuration' };

const SECTIONS = [
  { href: '/cluster-configuration/virtual-services', label: 'Layer 4 Virtual Services', text: 'The VIPs clients connect to: ports, protocol, forwarding method, persistence and health checks.' },
  { href: '/cluster-configuration/real-servers', label: 'Layer 4 Real Servers', text: 'The servers behind each virtual service, their weights and connection limits.' },
  { href: '/cluster-configuration/floating-ips', label: 'Floating IPs', text: 'Addresses that move to the active director: service addresses and the NAT gateway.' },
  { href: '/cluster-configuration/leostream', label: 'Leostream Wizard', text: 'The Leostream gateway and broker services in five checked steps, the Leostream-side checklist, and Verify.' },
];

// GET /cluster-configuration
export default async function ClusterConfigurationPage() {
  const user = await requirePageUser();
  const settings = await getConsoleSettings();
  return (
    <section aria-labelledby="page-title" className="flex flex-col gap-6">
      <h1 id="page-title" className="text-2xl font-semibold">Cluster Configuration</h1>
      <ul className="grid max-w-4xl gap-4 md:grid-cols-2">
        {SECTIONS.map((s) => (
          <li key={s.href} className="rounded border border-slate-200 bg-white p-4">
            <Link href={s.href} className="font-semibold text-brand-800 underline">{s.label}</Link>
            <p className="mt-1 text-sm text-slate-700">{s.text}</p>
          </li>
        ))}
        <li className="rounded border border-dashed border-slate-300 bg-white p-4">
          <p className="font-semibold text-slate-700">High-Availability Configuration</p>
          <p className="mt-1 text-sm text-slate-700">Pairing two directors is not built yet. Directors imported from a configuration file are kept and rendered.</p>
        </li>
      </ul>
      <DrainBehaviourForm current={settings.drainPersistentClients} canEdit={roleAllows(user.role, 'admin')} />
    </section>
  );
}
