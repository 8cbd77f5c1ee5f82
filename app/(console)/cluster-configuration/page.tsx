import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/server/auth/session';
import { pageCluster } from '@/lib/server/clusters/page-cluster';
import { clusterHref } from '@/lib/schemas/cluster';

export const metadata: Metadata = { title: 'Cluster Configuration' };

const SECTIONS = [
  {
    href: '/cluster-configuration/virtual-services',
    label: 'Layer 4 Virtual Services',
    text: 'The VIPs clients connect to: ports, protocol, forwarding method, persistence and health checks.',
  },
  {
    href: '/cluster-configuration/real-servers',
    label: 'Layer 4 Real Servers',
    text: 'The servers behind each virtual service, their weights and connection limits.',
  },
  {
    href: '/cluster-configuration/floating-ips',
    label: 'Floating IPs',
    text: 'Addresses that move to the active director: service addresses and the NAT gateway.',
  },
  {
    href: '/cluster-configuration/high-availability',
    label: 'High-Availability Configuration',
    text: 'The director pair side by side: who is active, the revision each runs, make the other one active, create or break the pair.',
  },
  {
    href: '/cluster-configuration/layer4-advanced',
    label: 'Layer 4 Advanced Configuration',
    text: 'Health-check timing, what persistent clients of a drained server do, and Auto-NAT for NAT-mode real servers.',
  },
  {
    href: '/cluster-configuration/leostream',
    label: 'Leostream Wizard',
    text: 'The Leostream gateway and broker services in five checked steps, the Leostream-side checklist, and Verify.',
  },
];

// GET /cluster-configuration
export default async function ClusterConfigurationPage({ searchParams }: { searchParams: Promise<{ cluster?: string }> }) {
  await requirePageUser();
  // The links keep the page's cluster (?cluster=).
  const cluster = await pageCluster((await searchParams).cluster);
  return (
    <section aria-labelledby="page-title" className="flex flex-col gap-6">
      <h1 id="page-title" className="text-2xl font-semibold">
        Cluster Configuration
      </h1>
      <ul className="grid max-w-4xl gap-4 md:grid-cols-2">
        {SECTIONS.map((s) => (
          <li key={s.href} className="rounded border border-slate-200 bg-white p-4">
            <Link href={clusterHref(s.href, cluster.param)} className="font-semibold text-brand-800 underline">
              {s.label}
            </Link>
            <p className="mt-1 text-sm text-slate-700">{s.text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
