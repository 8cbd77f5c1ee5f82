import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/server/auth/session';
import { listDirectors } from '@/lib/server/directors/directors';
import { getOverview } from '@/lib/server/live/poller';
import { overviewPage } from '@/lib/server/live/overview-page';
import { overviewQuerySchema } from '@/lib/schemas/overview-query';
import { roleAllows } from '@/lib/schemas/roles';
import { PageHeader } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/alert';
import { LABEL_RE } from '@/lib/schemas/common';
import { HaPair } from '@/components/ha/ha-pair';
import { CreatePairForm } from '@/components/ha/create-pair-form';
import { FailoverForm } from '@/components/settings/failover-form';
import { getConsoleSettings } from '@/lib/server/config/settings';
import { pageCluster } from '@/lib/server/clusters/page-cluster';
import { clusterHref } from '@/lib/schemas/cluster';

export const metadata: Metadata = { title: 'High-Availability Configuration' };

// GET /cluster-configuration/high-availability - the pair side by side, who is active, manual failover
export default async function HighAvailabilityPage({
  searchParams,
}: {
  searchParams: Promise<{ broken?: string; remaining?: string; cluster?: string }>;
}) {
  const user = await requirePageUser();
  const { broken, remaining, cluster: asked } = await searchParams;
  const cluster = await pageCluster(asked);
  const name = (v?: string) => (v && LABEL_RE.test(v) ? v : null);
  const [directors, settings] = await Promise.all([listDirectors(cluster.id), getConsoleSettings()]);
  // The pair needs the directors, not 10,000 services: one page of the overview.
  const initial = directors.length > 1 ? overviewPage(await getOverview(cluster.id), overviewQuerySchema.parse({})) : null;
  return (
    <section aria-labelledby="page-title" className="flex max-w-5xl flex-col gap-6">
      <PageHeader
        title={cluster.param ? `High-Availability Configuration: ${cluster.name}` : 'High-Availability Configuration'}
        crumbs={[{ href: '/cluster-configuration', label: 'Cluster Configuration' }]}
      />
      {name(broken) && name(remaining) && directors.length === 1 ? (
        <Alert kind="success">
          {name(broken)} is no longer part of the pair; {name(remaining)} runs alone from the next apply. Stop keepalived on {name(broken)}{' '}
          (systemctl stop keepalived) if it still runs, so that it does not answer for the floating IPs.
        </Alert>
      ) : null}
      <p className="text-sm text-slate-700">
        Two directors share the floating IPs over VRRP; the active one holds them and carries the traffic, the other takes over when it
        fails (about 3.6 s at the default 1 s adverts, under a second with faster ones: <em>Failover speed</em> below; at once on a clean
        stop), and the sync daemon hands it the connections. The active director stays active until it fails or you move it (
        <em>Make this director active</em>): a director that comes back does not take the floating IPs back by itself, and an apply keeps
        whichever was active (after the first apply of a pair, the primary).
      </p>
      {directors.length === 0 ? (
        <p className="text-sm text-slate-700">
          No director yet: add this one under{' '}
          <Link href={clusterHref('/local-configuration/directors', cluster.param)} className="underline">
            Local Configuration &gt; Directors
          </Link>
          , then pair it here.
        </p>
      ) : directors.length === 1 ? (
        <CreatePairForm
          local={{ name: directors[0].name, vrrpInterface: directors[0].vrrpInterface, vrrpAddress: directors[0].vrrpAddress }}
          canEdit={roleAllows(user.role, 'admin')}
          clusterId={cluster.id}
        />
      ) : (
        <HaPair
          initial={initial!}
          own={directors.map((d) => ({
            id: d.id,
            name: d.name,
            role: d.role,
            host: d.host,
            port: d.port,
            user: d.user,
            vrrpInterface: d.vrrpInterface,
            vrrpAddress: d.vrrpAddress,
            vrrpPriority: d.vrrpPriority,
          }))}
          canOperate={roleAllows(user.role, 'operator')}
          canEdit={roleAllows(user.role, 'admin')}
          clusterId={cluster.id}
        />
      )}
      {directors.length > 1 ? (
        <FailoverForm
          version={settings.vrrpVersion}
          interval={settings.vrrpAdvertInterval}
          directors={directors.map((d) => ({ name: d.name, vrrpPriority: d.vrrpPriority }))}
          canEdit={roleAllows(user.role, 'admin')}
        />
      ) : null}
    </section>
  );
}
