'use client';
import { CheckTimingInputs } from '@/components/settings/check-timing-inputs';
import { HealthCheckFields } from '@/components/virtual-services/health-check-fields';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { Checkbox } from '@/components/ui/checkbox';
import { Fieldset } from '@/components/ui/fieldset';
import { Alert } from '@/components/ui/alert';
import { FormFooter } from '@/components/ui/form-footer';
import { useFormAction, type ErrorFor } from '@/components/ui/use-form-action';
import type { ActionState } from '@/lib/schemas/action-state';
import {
  FORWARDING_LABELS,
  FORWARDING_METHODS,
  PROTOCOLS,
  PROTOCOL_LABELS,
  SCHEDULERS,
  SCHEDULER_LABELS,
  type VirtualServiceSpec,
} from '@/lib/schemas/virtual-service';

const opts = <T extends string>(values: readonly T[], labels: Record<T, string>) => values.map((v) => ({ value: v, label: labels[v] }));

export function VirtualServiceForm({
  action,
  initial,
  version,
  submitLabel,
  cancelHref,
}: {
  action: (form: FormData) => Promise<ActionState>;
  initial: VirtualServiceSpec | null;
  version?: number;
  submitLabel: string;
  cancelHref: string;
}) {
  const { state, pending, onSubmit, errorFor } = useFormAction(action);
  return (
    <form onSubmit={onSubmit} aria-label="Virtual service" className="flex max-w-4xl flex-col gap-4" noValidate>
      {state.message ? <Alert>{state.message}</Alert> : null}
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <IdentityFields initial={initial} errorFor={errorFor} />
      <Fieldset legend="Protocol">
        <Select
          id="protocol"
          label="Protocol"
          defaultValue={initial?.protocol ?? 'tcp'}
          options={opts(PROTOCOLS, PROTOCOL_LABELS)}
          help="TCP/UDP balances both protocols on every port, as one service."
          error={errorFor('protocol')}
        />
      </Fieldset>
      <ForwardingFields initial={initial} errorFor={errorFor} />
      <PersistenceFields initial={initial} errorFor={errorFor} />
      <HealthCheckFields initial={initial?.healthCheck ?? null} errorFor={errorFor} />
      <FallbackFields initial={initial} errorFor={errorFor} />
      <CheckTimingFields initial={initial} errorFor={errorFor} />
      <EmailAlertFields initial={initial} errorFor={errorFor} />
      <FormFooter errors={[errorFor('_'), errorFor('version')]} pending={pending} submitLabel={submitLabel} cancelHref={cancelHref} />
    </form>
  );
}

function IdentityFields({ initial, errorFor }: { initial: VirtualServiceSpec | null; errorFor: ErrorFor }) {
  return (
    <Fieldset legend="Virtual Service">
      <Field
        id="label"
        label="Label"
        defaultValue={initial?.label}
        required
        help="A name for this service, e.g. GW_VIP_L4."
        error={errorFor('label')}
      />
      <Field
        id="ip"
        label="IP Address"
        defaultValue={initial?.ip}
        required
        help="The virtual IP (VIP) clients connect to, e.g. 192.168.98.238."
        error={errorFor('ip')}
      />
      <Field
        id="ports"
        label="Ports"
        defaultValue={initial?.ports}
        required
        help="Comma-separated ports and ranges, e.g. 80,443,3389,4172,42966,50001-50002."
        error={errorFor('ports')}
      />
    </Fieldset>
  );
}

function ForwardingFields({ initial, errorFor }: { initial: VirtualServiceSpec | null; errorFor: ErrorFor }) {
  return (
    <Fieldset legend="Forwarding">
      <Select
        id="forwarding"
        label="Forwarding Method"
        defaultValue={initial?.forwarding ?? 'dr'}
        options={opts(FORWARDING_METHODS, FORWARDING_LABELS)}
        help="Direct Routing is fastest; the real servers must accept the VIP (see each real server's page). NAT needs the real servers' default gateway on the director."
        error={errorFor('forwarding')}
      />
      <Select
        id="scheduler"
        label="Scheduler"
        defaultValue={initial?.scheduler ?? 'wlc'}
        options={opts(SCHEDULERS, SCHEDULER_LABELS)}
        help="How new connections are shared out. Weighted least connection suits most services."
        error={errorFor('scheduler')}
      />
    </Fieldset>
  );
}

function PersistenceFields({ initial, errorFor }: { initial: VirtualServiceSpec | null; errorFor: ErrorFor }) {
  return (
    <Fieldset legend="Persistence">
      <Checkbox
        id="persistence.enabled"
        label="Enable"
        defaultChecked={initial?.persistence.enabled ?? true}
        help="A client keeps reaching the same real server on every port. Leostream needs this."
      />
      <Field
        id="persistence.timeout"
        label="Timeout (seconds)"
        type="number"
        min={1}
        defaultValue={initial?.persistence.timeout ?? 300}
        help="How long a client stays with its real server after its last connection."
        error={errorFor('persistence.timeout')}
      />
      <Field
        id="persistence.granularity"
        label="Granularity"
        defaultValue={initial?.persistence.granularity ?? ''}
        help="Netmask grouping clients, e.g. 255.255.255.0; empty for one client address."
        error={errorFor('persistence.granularity')}
      />
    </Fieldset>
  );
}

function FallbackFields({ initial, errorFor }: { initial: VirtualServiceSpec | null; errorFor: ErrorFor }) {
  return (
    <Fieldset legend="Fallback Server">
      <Field
        id="fallback.ip"
        label="Fallback IP Address"
        defaultValue={initial?.fallback?.ip ?? ''}
        help="Takes the connections while every real server is down; empty for none."
        error={errorFor('fallback.ip')}
      />
      <Field
        id="fallback.port"
        label="Fallback Port"
        type="number"
        defaultValue={initial?.fallback?.port ?? ''}
        help="Empty keeps each connection's port."
        error={errorFor('fallback.port')}
      />
      <Field
        id="quorum"
        label="Quorum"
        type="number"
        defaultValue={initial?.quorum ?? ''}
        help="The least total weight of healthy real servers that keeps the service on them; below it the fallback server takes new connections. Empty: 1 (only when every real server is down)."
        error={errorFor('quorum')}
      />
      <Field
        id="hysteresis"
        label="Hysteresis"
        type="number"
        defaultValue={initial?.hysteresis ?? ''}
        help="How far the healthy weight must pass the quorum before the service changes side, so that one flapping server does not move it back and forth. Empty: 0."
        error={errorFor('hysteresis')}
      />
      <Select
        id="quiescent"
        label="Quiescent"
        defaultValue={initial?.quiescent === true ? 'true' : initial?.quiescent === false ? 'false' : ''}
        options={[
          { value: '', label: 'As the global setting (Cluster Configuration)' },
          { value: 'true', label: 'On: a failed real server stays at weight 0' },
          { value: 'false', label: 'Off: a failed real server leaves the table' },
        ]}
        help="On keeps a failed real server in the table at weight 0, so its open connections are not cut; Halt then also sets weight 0 instead of taking it out (persistent clients keep reaching it until their persistence times out)."
        error={errorFor('quiescent')}
      />
    </Fieldset>
  );
}

/** The service's own check timing; each empty field takes the global one (Cluster Configuration). */
function CheckTimingFields({ initial, errorFor }: { initial: VirtualServiceSpec | null; errorFor: ErrorFor }) {
  return (
    <Fieldset legend="Health Check Timing">
      <CheckTimingInputs prefix="checkTiming" values={initial?.checkTiming} error={(k) => errorFor(`checkTiming.${k}`)} optional />
    </Fieldset>
  );
}

function EmailAlertFields({ initial, errorFor }: { initial: VirtualServiceSpec | null; errorFor: ErrorFor }) {
  return (
    <Fieldset legend="Email Alert">
      <Field
        id="emailAlert"
        label="Email Alert"
        defaultValue={initial?.emailAlert.join(', ') ?? ''}
        help="Addresses told of this service's alerts besides the global recipients (Local Configuration > Alerts), separated by commas; empty for none."
        error={errorFor('emailAlert')}
      />
    </Fieldset>
  );
}
