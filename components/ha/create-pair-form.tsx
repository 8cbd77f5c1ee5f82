'use client';
import { useState, useTransition } from 'react';
import { createPairAction } from '@/app/(console)/cluster-configuration/high-availability/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';

/** Create a clustered pair: the peer of the one director there is (host key confirmed afterwards, as for any director). */
export function CreatePairForm({
  local,
  canEdit,
  clusterId,
}: {
  local: { name: string; vrrpInterface: string; vrrpAddress: string | null };
  canEdit: boolean;
  /** The cluster whose one director is paired (the page's). */
  clusterId: string;
}) {
  const [state, setState] = useState<{ ok: boolean; message?: string; fieldErrors?: Record<string, string> } | null>(null);
  const [pending, start] = useTransition();
  const err = (f: string) => state?.fieldErrors?.[f] ?? state?.fieldErrors?.[`peer.${f}`];
  return (
    <form
      aria-labelledby="create-pair"
      className="flex flex-col gap-4 rounded border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        form.set('clusterId', clusterId);
        start(async () => setState(await createPairAction(form)));
      }}
    >
      <h2 id="create-pair" className="text-lg font-semibold">
        Create a clustered pair
      </h2>
      <p className="text-sm text-slate-700">
        This director, <strong>{local.name}</strong>, becomes the primary; the peer below the secondary. After creating the pair, confirm
        the peer’s host key (Local Configuration &gt; Directors &gt; Test connection) and apply: both directors then get the same services
        and share the floating IPs.
      </p>
      {state ? <Alert kind={state.ok ? 'success' : 'error'}>{state.message}</Alert> : null}
      <fieldset disabled={!canEdit || pending} className="grid gap-4 md:grid-cols-2">
        {local.vrrpAddress ? null : (
          <Field
            id="localVrrpAddress"
            label={`${local.name}'s own address on ${local.vrrpInterface}`}
            help="VRRP adverts go between the two directors' own addresses."
            error={err('localVrrpAddress')}
          />
        )}
        <Field id="name" label="Peer name" defaultValue="director2" error={err('name')} />
        <Field id="host" label="Peer SSH address" help="The address the console connects to." error={err('host')} />
        <Field id="port" label="SSH port" defaultValue="22" inputMode="numeric" error={err('port')} />
        <Field id="user" label="SSH user" defaultValue="root" error={err('user')} />
        <Field id="vrrpInterface" label="Peer VRRP interface" defaultValue={local.vrrpInterface} error={err('vrrpInterface')} />
        <Field id="vrrpAddress" label="Peer's own address on that interface" error={err('vrrpAddress')} />
      </fieldset>
      {canEdit ? (
        <div>
          <Button type="submit" disabled={pending}>
            Create clustered pair
          </Button>
        </div>
      ) : (
        <p className="text-sm text-slate-600">Only admins pair directors.</p>
      )}
    </form>
  );
}
