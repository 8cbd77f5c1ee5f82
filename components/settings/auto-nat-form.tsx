'use client';
import { useState, useTransition } from 'react';
import { setAutoNatAction } from '@/app/(console)/cluster-configuration/layer4-advanced/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

interface Props {
  /** The external interface in force; empty: Auto-NAT is off. */
  current: string;
  /** The addresses of NAT-mode real servers (what Auto-NAT masquerades). */
  natRealServers: string[];
  canEdit: boolean;
}

/**
 * Auto-NAT (Layer 4 Advanced): NAT-mode real servers route through the directors; with Auto-NAT their own
 * outbound traffic (updates, licence checks) leaves the external interface with its address, so that it
 * comes back. Off by default; reaches the directors at the next apply.
 */
export function AutoNatForm({ current, natRealServers, canEdit }: Props) {
  const [enabled, setEnabled] = useState(current !== '');
  const [iface, setIface] = useState(current || 'eth0');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [pending, start] = useTransition();
  const shown = natRealServers.slice(0, 20).join(', ') + (natRealServers.length > 20 ? ` and ${natRealServers.length - 20} more` : '');
  return (
    <form
      aria-label="Auto-NAT"
      noValidate
      className="flex max-w-4xl flex-col gap-3 rounded border border-slate-200 bg-white p-4 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await setAutoNatAction(enabled, iface);
          setError(r.fieldErrors?.autoNatInterface);
          setMessage({ ok: r.ok, text: r.message ?? (r.ok ? 'Saved.' : 'Refused.') });
        });
      }}
    >
      <fieldset disabled={!canEdit || pending} className="flex flex-col gap-3">
        <legend className="font-semibold">Auto-NAT</legend>
        <p className="text-slate-700">
          Now: <strong>{current ? `on, masquerading to ${current}’s address` : 'off'}</strong>. NAT-mode real servers use the directors as
          their default gateway. With Auto-NAT their own outbound connections (updates, licence checks, the internet) leave the directors’
          external interface with that interface’s address, so the answers find their way back. Load-balanced traffic is not affected.{' '}
          {natRealServers.length
            ? `It applies to ${natRealServers.length} NAT-mode real server address${natRealServers.length === 1 ? '' : 'es'}: ${shown}.`
            : 'No NAT-mode real server yet: nothing to masquerade.'}
        </p>
        <div className="flex items-center gap-2">
          <input id="autoNatEnabled" type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} className="h-4 w-4" />
          <label htmlFor="autoNatEnabled" className="font-medium text-slate-800">
            Masquerade NAT-mode real servers’ outbound traffic (Auto-NAT)
          </label>
        </div>
        <div className="flex max-w-xs flex-col gap-1">
          <label htmlFor="autoNatInterface" className="font-medium text-slate-800">
            External interface on the directors
          </label>
          <input
            id="autoNatInterface"
            value={iface}
            disabled={!enabled}
            onChange={(e) => setIface(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={`autoNatInterface-help${error ? ' autoNatInterface-error' : ''}`}
            className={`rounded border px-2 py-1 ${error ? 'border-red-600' : 'border-slate-300'}`}
          />
          <p id="autoNatInterface-help" className="text-slate-600">
            As <code>ip link</code> shows it on both directors (e.g. eth0): the one towards the internet, not the real servers’ network.
          </p>
          {error ? (
            <p id="autoNatInterface-error" className="text-red-700">
              {error}
            </p>
          ) : null}
        </div>
      </fieldset>
      {message ? <Alert kind={message.ok ? 'success' : 'error'}>{message.text}</Alert> : null}
      {canEdit ? (
        <div>
          <Button type="submit" variant="secondary" disabled={pending}>
            Save Auto-NAT
          </Button>
        </div>
      ) : (
        <p className="text-slate-600">Only admins change this.</p>
      )}
    </form>
  );
}
