// The Fleet page's table: one row per cluster with its roll-up. A server component: plain text in every
// cell (a flag is a word, never only a colour), so that a screen reader reads each row as it is.
import { clusterHref, DEFAULT_CLUSTER_ID, type ClusterDto, type ClusterRollup } from '@/lib/schemas/cluster';
import { TableHead } from '@/components/ui/table-head';

const COLUMNS = ['Cluster', 'Services', 'Real servers', 'Directors', 'Needs attention', 'Changes', 'Last apply', 'Alerts'] as const;

/** The services by state, the non-zero ones, in the order of severity. */
export function servicesText(r: ClusterRollup): string {
  const s = r.services;
  const total = Object.values(s).reduce((a, b) => a + b, 0);
  if (!total) return 'none';
  const parts = (
    [
      ['down', s.down],
      ['degraded', s.degraded],
      ['unknown', s.unknown],
      ['without real servers', s['no-real-servers']],
      ['up', s.up],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${n} ${what}`);
  return `${total}: ${parts.join(', ')}`;
}

export function realServersText(r: ClusterRollup): string {
  const { total, down, drained, halted } = r.realServers;
  const parts = [down && `${down} down`, drained && `${drained} drained`, halted && `${halted} halted`].filter(Boolean);
  return total ? `${total}${parts.length ? `: ${parts.join(', ')}` : ''}` : 'none';
}

export function directorsText(r: ClusterRollup): string {
  if (!r.directors) return 'none';
  const states = r.vrrp.map((d) => `${d.name} ${d.state ?? 'not read'}`).join(', ');
  return r.activeDirector ? `${states}; active: ${r.activeDirector}` : `${states}; no active director`;
}

/** What needs an admin's attention, in words; empty when nothing does. */
export function attentionText(r: ClusterRollup): string[] {
  return [
    r.splitBrain && `Split brain: ${r.splitBrain}`,
    r.noStandby && `No standby: ${r.noStandby}`,
    r.unreachable.length > 0 && `Unreachable: ${r.unreachable.join(', ')}`,
    r.unconfirmed.length > 0 && `Host key not confirmed: ${r.unconfirmed.join(', ')}`,
    r.behind.length > 0 && `Behind the last apply: ${r.behind.join(', ')}`,
  ].filter((x): x is string => typeof x === 'string');
}

export function FleetTable({ clusters }: { clusters: ClusterDto[] }) {
  return (
    <table className="w-full border-collapse bg-white text-sm">
      <caption className="sr-only">Every cluster with its state</caption>
      <TableHead columns={COLUMNS} />
      <tbody>
        {clusters.map((c) => {
          const r = c.rollup;
          const attention = attentionText(r);
          return (
            <tr key={c.id} className="border-b border-slate-200 align-top">
              <th scope="row" className="px-3 py-2 text-left font-semibold">
                {/* A full page load: the header's switcher and banners (the layout's) follow the cluster too. */}
                <a href={clusterHref('/overview', c.id === DEFAULT_CLUSTER_ID ? null : c.name)} className="text-brand-800 underline">
                  {c.name}
                </a>
                {c.site ? <span className="block font-normal text-slate-600">{c.site}</span> : null}
              </th>
              <td className="px-3 py-2">{servicesText(r)}</td>
              <td className="px-3 py-2">{realServersText(r)}</td>
              <td className="px-3 py-2">{directorsText(r)}</td>
              <td className="px-3 py-2">
                {attention.length ? (
                  <ul className="list-inside list-disc text-red-800">
                    {attention.map((a) => (
                      <li key={a}>{a}</li>
                    ))}
                  </ul>
                ) : (
                  'Nothing'
                )}
              </td>
              <td className="px-3 py-2">
                {r.pendingChanges ? (
                  <a href={clusterHref('/maintenance/apply', c.id === DEFAULT_CLUSTER_ID ? null : c.name)} className="underline">
                    Not applied yet
                  </a>
                ) : (
                  'Applied'
                )}
              </td>
              <td className="px-3 py-2">
                {r.lastApply
                  ? `${r.lastApply.status}, ${r.lastApply.at.replace('T', ' ').slice(0, 19)} UTC by ${r.lastApply.actor}`
                  : 'Never'}
              </td>
              <td className="px-3 py-2">
                {r.alerts.lastDay} in 24 h{r.alerts.undelivered ? `, ${r.alerts.undelivered} not delivered` : ''}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
