'use client';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { Fieldset } from '@/components/ui/fieldset';
import { Alert } from '@/components/ui/alert';
import { FormFooter } from '@/components/ui/form-footer';
import { useFormAction, type ErrorFor } from '@/components/ui/use-form-action';
import type { ActionState } from '@/lib/schemas/action-state';
import { ADMIN_STATES, ADMIN_STATE_LABELS, type RealServerSpec } from '@/lib/schemas/real-server';

export function RealServerForm({
  action,
  initial,
  version,
  portAllowed,
  cancelHref,
}: {
  action: (form: FormData) => Promise<ActionState>;
  initial: RealServerSpec | null;
  version?: number;
  portAllowed: boolean;
  cancelHref: string;
}) {
  const { state, pending, onSubmit, errorFor } = useFormAction(action);
  return (
    <form onSubmit={onSubmit} aria-label="Real server" className="flex max-w-3xl flex-col gap-4" noValidate>
      {state.message ? <Alert>{state.message}</Alert> : null}
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <RealServerFields initial={initial} portAllowed={portAllowed} errorFor={errorFor} />
      <FormFooter errors={[errorFor('version')]} pending={pending} submitLabel="Update" cancelHref={cancelHref} />
    </form>
  );
}

function RealServerFields({
  initial,
  portAllowed,
  errorFor,
}: {
  initial: RealServerSpec | null;
  portAllowed: boolean;
  errorFor: ErrorFor;
}) {
  return (
    <Fieldset legend="Real Server">
      <Field
        id="label"
        label="Label"
        defaultValue={initial?.label}
        required
        help="A name for this server, e.g. GW01."
        error={errorFor('label')}
      />
      <Field
        id="ip"
        label="Real Server IP Address"
        defaultValue={initial?.ip}
        required
        help="The server's own address, e.g. 192.168.98.231."
        error={errorFor('ip')}
      />
      {portAllowed ? (
        <Field
          id="port"
          label="Real Server Port"
          type="number"
          defaultValue={initial?.port ?? ''}
          help="NAT and Layer 4 SNAT only: the port on the server, if it differs from the service's. Empty keeps the service's port."
          error={errorFor('port')}
        />
      ) : null}
      <Field
        id="weight"
        label="Weight"
        type="number"
        min={0}
        max={65535}
        defaultValue={initial?.weight ?? 100}
        help="Share of new connections, relative to the other real servers (0-65535)."
        error={errorFor('weight')}
      />
      <Field
        id="minConnections"
        label="Minimum Connections"
        type="number"
        min={0}
        defaultValue={initial?.minConnections ?? 0}
        help="After reaching the maximum, new connections resume below this number. 0 = three quarters of the maximum."
        error={errorFor('minConnections')}
      />
      <Field
        id="maxConnections"
        label="Maximum Connections"
        type="number"
        min={0}
        defaultValue={initial?.maxConnections ?? 0}
        help="No new connections above this number of active ones. 0 = unlimited."
        error={errorFor('maxConnections')}
      />
      <Select
        id="adminState"
        label="State"
        defaultValue={initial?.adminState ?? 'online'}
        options={ADMIN_STATES.map((s) => ({ value: s, label: ADMIN_STATE_LABELS[s] }))}
        help="Drain: no new connections, existing ones finish. Halt: taken out of the table."
        error={errorFor('adminState')}
      />
    </Fieldset>
  );
}
