'use client';
import { describeFailover } from '@/lib/schemas/failover';
import { useEffect, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import type { Overview } from '@/lib/schemas/overview';
import { HOST_KEY_NOT_CONFIRMED } from '@/lib/schemas/director';
import { breakPairAction, makeActiveAction } from '@/app/(console)/cluster-configuration/high-availability/actions';
import { DirectorCard } from '@/components/overview/director-card';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TableHead } from '@/components/ui/table-head';

interface Own {
  id: string;
  name: string;
  role: string;
  host: string;
  port: number;
  user: string;
  vrrpInterface: string;
  vrrpAddress: string | null;
  vrrpPriority: number;
}

/** The pair side by side, live (the System Overview's data), with Make this director active. */
interface HaPairProps {
  initial: Overview;
  own: Own[];
  canOperate: boolean;
  canEdit: boolean;
  /** The pair's cluster (the page's). */
  clusterId: string;
}

export function HaPair({ initial, own, canOperate, canEdit, clusterId }: HaPairProps) {
  const [data, setData] = useState(initial);
  const [now, setNow] = useState(() => Date.parse(initial.generatedAt));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();

  useEffect(() => {
    let stopped = false;
    const refresh = async () => {
      // One page: the pair's cards need the directors, not every service.
      const res = await fetch(`/api/v1/overview?page=1&cluster=${encodeURIComponent(clusterId)}`, { cache: 'no-store' }).catch(() => null);
      if (!res?.ok || stopped) return;
      const next = (await res.json()) as Overview;
      setData(next);
      setNow(Date.parse(next.generatedAt));
    };
    const timer = setInterval(() => void refresh(), initial.pollIntervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [initial.pollIntervalMs, clusterId]);

  const active = data.directors.filter((d) => d.reachable && d.vrrpState === 'MASTER' && d.holdsFloatingIps);
  const unconfirmed = data.directors.filter((d) => d.error === HOST_KEY_NOT_CONFIRMED).map((d) => d.name);
  return (
    <div className="flex flex-col gap-4">
      <p role="status" className="text-sm font-medium">
        {active.length === 1
          ? `Active: ${active[0].name} (holds the floating IPs).`
          : active.length > 1
            ? 'More than one director claims to be active: see the split-brain warning.'
            : 'No director holds the floating IPs right now.'}
      </p>
      {unconfirmed.length ? (
        <Alert kind="info">
          Confirm the host key of {unconfirmed.join(' and ')} (Local Configuration &gt; Directors &gt; Test connection), then apply.
        </Alert>
      ) : null}
      {data.splitBrain ? <Alert>{data.splitBrain}</Alert> : null}
      {data.lastFailover ? <p className="text-sm text-slate-700">Last failover: {describeFailover(data.lastFailover)}</p> : null}
      {data.noStandby ? <Alert>{data.noStandby}</Alert> : null}
      {message ? <Alert kind={message.ok ? 'success' : 'error'}>{message.text}</Alert> : null}
      <div className="grid gap-3 md:grid-cols-2">
        {data.directors.map((d) => (
          <DirectorCard key={d.id} d={d} now={now}>
            {canOperate ? (
              <div className="mt-2">
                <Button
                  type="button"
                  variant="secondary"
                  disabled={pending || !d.reachable || active.some((a) => a.id === d.id)}
                  aria-label={`Make ${d.name} active`}
                  onClick={() =>
                    start(async () => {
                      setMessage({ ok: true, text: `Moving the floating IPs to ${d.name}…` });
                      const r = await makeActiveAction(d.id);
                      setMessage({ ok: r.ok, text: r.message ?? (r.ok ? 'Done.' : 'Refused.') });
                    })
                  }
                >
                  {active.some((a) => a.id === d.id) ? 'Active' : 'Make this director active'}
                </Button>
              </div>
            ) : null}
          </DirectorCard>
        ))}
      </div>

      <OwnSettings own={own} />

      {canEdit ? <BreakPair setMessage={setMessage} clusterId={clusterId} /> : null}
    </div>
  );
}

function OwnSettings({ own }: { own: Own[] }) {
  return (
    <section aria-labelledby="own-settings" className="rounded border border-slate-200 bg-white p-4">
      <h2 id="own-settings" className="font-semibold">
        Each director’s own settings (not replicated)
      </h2>
      <p className="text-sm text-slate-700">
        Everything else (virtual services, real servers, floating IPs, settings) is the pair’s and goes to both at every apply.
      </p>
      <table className="mt-2 w-full border-collapse text-sm">
        <caption className="sr-only">Each director’s own settings</caption>
        <TableHead columns={['Director', 'Role', 'SSH', 'VRRP interface', 'Own address', 'VRRP priority']} cell="py-1 pr-3" />
        <tbody>
          {own.map((d) => (
            <tr key={d.id} className="border-b border-slate-100">
              <td className="py-1 pr-3">{d.name}</td>
              <td className="py-1 pr-3">{d.role}</td>
              <td className="py-1 pr-3">{`${d.user}@${d.host}:${d.port}`}</td>
              <td className="py-1 pr-3">{d.vrrpInterface}</td>
              <td className="py-1 pr-3">{d.vrrpAddress ?? '—'}</td>
              <td className="py-1 pr-3">{d.vrrpPriority}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Break clustered pair; when the secondary cannot be read, the admin must say it is gone for good. */
function BreakPair({ setMessage, clusterId }: { setMessage: (m: { ok: boolean; text: string }) => void; clusterId: string }) {
  const [pending, start] = useTransition();
  const [confirmBreak, setConfirmBreak] = useState(false);
  // The secondary could not be read: breaking needs the admin to say it is gone for good.
  const [askGone, setAskGone] = useState<string | null>(null);
  const [gone, setGone] = useState(false);
  const router = useRouter();
  return (
    <section aria-labelledby="break-pair" className="rounded border border-slate-200 bg-white p-4 text-sm">
      <h2 id="break-pair" className="font-semibold">
        Break clustered pair
      </h2>
      <p className="text-slate-700">
        The secondary is no longer managed and the primary runs alone from the next apply. Refused while the secondary holds the floating
        IPs.
      </p>
      {!confirmBreak ? (
        <Button type="button" variant="secondary" className="mt-2" onClick={() => setConfirmBreak(true)}>
          Break clustered pair…
        </Button>
      ) : (
        <div className="mt-2 flex gap-2">
          <Button
            type="button"
            variant="danger"
            disabled={pending || (askGone !== null && !gone)}
            onClick={() =>
              start(async () => {
                const r = await breakPairAction(clusterId, askGone !== null && gone);
                if (r.ok && r.data) {
                  setConfirmBreak(false);
                  router.push(
                    `/cluster-configuration/high-availability?broken=${encodeURIComponent(r.data.removed)}&remaining=${encodeURIComponent(r.data.remaining)}&cluster=${encodeURIComponent(clusterId)}`,
                  );
                } else if (r.fieldErrors?.secondaryGone) {
                  setAskGone(r.message ?? 'The secondary cannot be read.');
                } else {
                  setConfirmBreak(false);
                  setMessage({ ok: false, text: r.message ?? 'Refused.' });
                }
              })
            }
          >
            {askGone !== null ? 'Break the pair anyway' : 'Yes, break the pair'}
          </Button>
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              setConfirmBreak(false);
              setAskGone(null);
              setGone(false);
            }}
          >
            Cancel
          </Button>
        </div>
      )}
      {confirmBreak && askGone !== null ? (
        <div className="mt-2 flex flex-col gap-2">
          <Alert>{askGone}</Alert>
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={gone} onChange={(e) => setGone(e.target.checked)} />
            The secondary is gone for good (switched off or decommissioned); it will never run keepalived with this configuration again.
          </label>
        </div>
      ) : null}
    </section>
  );
}
