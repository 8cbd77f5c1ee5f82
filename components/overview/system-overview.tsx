'use client';
// The System Overview: the directors, the pair's alarms, the graphs, and every virtual service with its
// real servers, live (one page at a time), with the operator's drain / halt / online.
import { describeFailover } from '@/lib/schemas/failover';
import { useState, useTransition } from 'react';
import type { OverviewPage } from '@/lib/schemas/overview';
import { setRealServerStateAction } from '@/app/(console)/overview/actions';
import { Alert } from '@/components/ui/alert';
import { DirectorCard } from './director-card';
import { OverviewToolbar } from './overview-toolbar';
import { ServiceRows, type StateAction } from './service-rows';
import { useLiveOverview } from './use-live-overview';
import { TableHead } from '@/components/ui/table-head';

const COLUMNS = [
  'Service / real server',
  'Address',
  'Ports',
  'Protocol',
  'Method',
  'State',
  'Weight (live / set)',
  'Active',
  'Inactive',
  'Persistent',
  'Actions',
];

export function SystemOverview({
  initial,
  canOperate,
  graphs,
  cluster = null,
}: {
  initial: OverviewPage;
  canOperate: boolean;
  graphs?: React.ReactNode;
  /** The cluster shown when it is not `default` (?cluster=): the page refreshes that cluster's state. */
  cluster?: string | null;
}) {
  const live = useLiveOverview(initial, cluster);
  const { data, now, error } = live;
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const act: StateAction = (s, r, state, allServices, haltWhenIdleSeconds = null) =>
    start(async () => {
      setMessage(null);
      const res = await setRealServerStateAction(s.id, r.id, state, allServices, haltWhenIdleSeconds);
      setMessage({ ok: res.ok, text: res.message ?? (res.ok ? 'Done.' : 'Refused.') });
    });

  return (
    <div className="flex flex-col gap-4">
      <div className="grid gap-3 md:grid-cols-2">
        {data.directors.length ? (
          data.directors.map((d) => <DirectorCard key={d.id} d={d} now={now} />)
        ) : (
          <p className="text-sm text-slate-700">No director yet: add one under Local Configuration &gt; Directors.</p>
        )}
      </div>
      {data.splitBrain ? <Alert>{data.splitBrain}</Alert> : null}
      {data.lastFailover ? <p className="text-sm text-slate-700">Last failover: {describeFailover(data.lastFailover)}</p> : null}
      {data.noStandby ? <Alert>{data.noStandby}</Alert> : null}
      {graphs}
      {error ? <Alert>{error}</Alert> : null}
      {message ? <Alert kind={message.ok ? 'success' : 'error'}>{message.text}</Alert> : null}
      <OverviewToolbar {...live} />
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">Virtual services and their real servers, live</caption>
        <TableHead columns={COLUMNS} cell="px-2 py-2" />
        {data.virtualServices.map((s) => (
          <ServiceRows
            key={s.id}
            s={s}
            open={expanded.has(s.id)}
            toggle={() => toggle(s.id)}
            canOperate={canOperate}
            pending={pending}
            act={act}
            scope={data.stateScope}
          />
        ))}
      </table>
      <p className="text-xs text-slate-600">
        Drain: no new connections, open ones finish; persistent clients follow to other servers or stay until their persistence ends, as set
        under Cluster Configuration. Halt: removed, its connections are reset. Both take effect on every director at once, without a
        keepalived reload, and stay through applies and restarts. With Direct Routing the director never sees a connection close, so its
        counts are estimates (IPVS keeps a closed connection about 2 minutes).
        {data.stateScope === 'address'
          ? ' This table has more than 2,000 real servers: the directors keep one state file per real-server address, so drain, halt and online act on an address in every service it serves (a drain in one service only takes a weight of 0 and an apply).'
          : ''}
      </p>
    </div>
  );
}
