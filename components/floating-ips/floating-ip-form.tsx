'use client';
import { useRef } from 'react';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { useFormAction } from '@/components/ui/use-form-action';
import { createFloatingIpAction, deleteFloatingIpAction } from '@/app/(console)/cluster-configuration/floating-ips/actions';
import { ConfirmDelete } from '@/components/ui/confirm-delete';

/** `clusterId`: the page's cluster, where the address is added. */
export function NewFloatingIpForm({ clusterId }: { clusterId: string }) {
  const form = useRef<HTMLFormElement>(null);
  const { state, pending, onSubmit, errorFor } = useFormAction(async (f) => {
    const r = await createFloatingIpAction(f);
    if (r.ok) form.current?.reset();
    return r;
  });
  return (
    <form
      ref={form}
      onSubmit={onSubmit}
      aria-label="New Floating IP"
      className="flex max-w-3xl flex-col gap-3 rounded border border-slate-200 bg-white p-4"
    >
      <h2 className="font-semibold">New Floating IP</h2>
      <input type="hidden" name="clusterId" value={clusterId} />
      {state.message ? <Alert kind={state.ok ? 'success' : 'error'}>{state.message}</Alert> : null}
      <div className="grid gap-4 md:grid-cols-3">
        <Field id="address" label="IP Address" help="e.g. 192.168.98.100 or 192.168.98.100/24" error={errorFor('address')} />
        <Select
          id="purpose"
          label="Purpose"
          defaultValue="gateway"
          options={[
            { value: 'gateway', label: 'Gateway (NAT default gateway)' },
            { value: 'vip', label: 'Service address' },
          ]}
          error={errorFor('purpose')}
        />
        <Field id="interface" label="Interface" help="Empty: the director's VRRP interface." error={errorFor('interface')} />
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Adding…' : 'Add Floating IP'}
        </Button>
      </div>
    </form>
  );
}

export function DeleteFloatingIp({ id, address }: { id: string; address: string }) {
  return (
    <ConfirmDelete
      name={address}
      question="Directors stop bringing this address up after the next apply."
      onConfirm={() => deleteFloatingIpAction(id)}
    />
  );
}
