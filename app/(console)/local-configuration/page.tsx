import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/server/auth/session';
import { pageCluster } from '@/lib/server/clusters/page-cluster';
import { clusterHref } from '@/lib/schemas/cluster';

export const metadata: Metadata = { title: 'Local Configuration' };

// GET /local-configuration
export default async function LocalConfigurationPage({ searchParams }: { searchParams: Promise<{ cluster?: string }> }) {
  await requirePageUser();
  // The links keep the page's cluster (?cluster=).
  const cluster = await pageCluster((await searchParams).cluster);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" className="mb-6 text-2xl font-semibold">
        Local Configuration
      </h1>
      <ul className="grid max-w-4xl gap-4 md:grid-cols-2">
        <li className="rounded border border-slate-200 bg-white p-4">
          <Link href={clusterHref('/local-configuration/directors', cluster.param)} className="font-semibold text-brand-800 underline">
            Directors
          </Link>
          <p className="mt-1 text-sm text-slate-700">
            The Linux directors this console pushes to (one, or an HA pair), the console&apos;s SSH key, and connection tests.
          </p>
        </li>
        <li className="rounded border border-slate-200 bg-white p-4">
          <Link href={clusterHref('/local-configuration/alerts', cluster.param)} className="font-semibold text-brand-800 underline">
            Alerts
          </Link>
          <p className="mt-1 text-sm text-slate-700">
            Email and webhooks when a real server, a service or a director changes state, and the delivery log.
          </p>
        </li>
        <li className="rounded border border-dashed border-slate-300 bg-white p-4">
          <p className="font-semibold text-slate-700">Passwords, API keys, network settings</p>
          <p className="mt-1 text-sm text-slate-700">
            Not built yet in the WebUI. API keys: <code>npm run cli -- api-key create --name NAME</code>.
          </p>
        </li>
      </ul>
    </section>
  );
}
