'use client';
import Link from 'next/link';
import { LEOSTREAM_PROTOCOLS } from '@/lib/schemas/leostream';
import type { ActionData } from '@/lib/schemas/action-state';
import type { leostreamWizardAction } from '@/app/(console)/cluster-configuration/leostream/actions';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { ServerRows } from './server-rows';
import { PlanTable } from './plan-table';
import { STEPS, type Answers, type Step } from './answers';

type Result = ActionData<typeof leostreamWizardAction>;

/** What every step gets: the answers, a setter, and the field errors keyed for its inputs. */
export interface StepProps {
  a: Answers;
  set: <K extends keyof Answers>(k: K, v: Answers[K]) => void;
  errors: Record<string, string>;
}

/** The five steps, the current one marked for screen readers as well as in bold. */
export function StepNav({ step }: { step: Step }) {
  return (
    <ol aria-label="Wizard steps" className="flex flex-wrap gap-2 text-sm">
      {(Object.keys(STEPS) as unknown as Step[]).map((s) => (
        <li
          key={s}
          aria-current={Number(s) === step ? 'step' : undefined}
          className={`rounded border px-2 py-1 ${Number(s) === step ? 'border-brand-700 font-semibold text-brand-800' : 'border-slate-200 text-slate-600'}`}
        >
          {s}. {STEPS[s]}
          {Number(s) < step ? ' (done)' : ''}
        </li>
      ))}
    </ol>
  );
}

/** Step 1: forwarding method and whether the brokers are a cluster. */
export function TopologyStep({ a, set }: StepProps) {
  return (
    <>
      <fieldset className="flex flex-col gap-1">
        <legend className="text-sm font-semibold">Forwarding method</legend>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" name="mode" value="dr" checked={a.mode === 'dr'} onChange={() => set('mode', 'dr')} className="mt-1" />
          <span>
            <strong>Direct Routing</strong> (recommended): the best performance, replies go straight from the gateways to the clients; each
            gateway and broker must not answer ARP for the VIPs.
          </span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" name="mode" value="nat" checked={a.mode === 'nat'} onChange={() => set('mode', 'nat')} className="mt-1" />
          <span>
            <strong>NAT</strong>: when the gateways are in another (routed) network; their default gateway must be a floating IP on the
            directors.
          </span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" name="mode" value="snat" checked={a.mode === 'snat'} onChange={() => set('mode', 'snat')} className="mt-1" />
          <span>
            <strong>Layer 4 SNAT</strong>: when neither is possible (no ARP change and no route change on the gateways); the gateways then
            see the director’s address instead of each client’s.
          </span>
        </label>
      </fieldset>
      <fieldset className="flex flex-col gap-1">
        <legend className="text-sm font-semibold">Connection brokers</legend>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="brokerCluster"
            value="single"
            checked={!a.brokerCluster}
            onChange={() => set('brokerCluster', false)}
            className="mt-1"
          />
          <span>One connection broker (no broker virtual service)</span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="brokerCluster"
            value="cluster"
            checked={a.brokerCluster}
            onChange={() => set('brokerCluster', true)}
            className="mt-1"
          />
          <span>A cluster of connection brokers (optionally load balanced on a broker VIP)</span>
        </label>
      </fieldset>
    </>
  );
}

/** Step 2: the VIPs, the gateways and brokers, and (NAT) the real servers' default gateway. */
export function AddressesStep({ a, set, errors }: StepProps) {
  const err = (f: string) => errors[f];
  return (
    <>
      <Field
        id="gatewayVip"
        label="Gateway VIP"
        help="The address clients connect to for logon and display traffic, e.g. 192.168.98.238."
        value={a.gatewayVip}
        onChange={(e) => set('gatewayVip', e.target.value)}
        error={err('gatewayVip')}
        className="max-w-sm"
      />
      <ServerRows
        legend="Leostream gateways"
        what="gateway"
        prefix="GW"
        name="gateways"
        rows={a.gateways}
        onChange={(r) => set('gateways', r)}
        errors={errors}
      />
      {a.brokerCluster ? (
        <>
          <Field
            id="brokerVip"
            label="Broker VIP (optional)"
            help="Leave empty to reach the brokers on their own addresses; with a VIP they are load balanced (ports 80 and 443)."
            value={a.brokerVip}
            onChange={(e) => set('brokerVip', e.target.value)}
            error={err('brokerVip')}
            className="max-w-sm"
          />
          <ServerRows
            legend="Connection brokers"
            what="broker"
            prefix="BRK"
            name="brokers"
            rows={a.brokers}
            onChange={(r) => set('brokers', r)}
            errors={errors}
          />
        </>
      ) : (
        <Field
          id="broker"
          label="Connection broker address"
          help="The gateways and agents are pointed at it (the checklist fills it in)."
          value={a.broker}
          onChange={(e) => set('broker', e.target.value)}
          error={err('broker') ?? err('brokers')}
          className="max-w-sm"
        />
      )}
      {a.mode === 'nat' ? (
        <div className="grid gap-4 md:grid-cols-2">
          <Field
            id="gatewayFloatingIp"
            label="Real servers’ default gateway (floating IP)"
            help="On the real servers’ network, e.g. 192.168.98.100; it moves with the active director."
            value={a.gatewayFloatingIp}
            onChange={(e) => set('gatewayFloatingIp', e.target.value)}
            error={err('gatewayFloatingIp')}
          />
          <Field
            id="gatewayFloatingIpInterface"
            label="Its interface on the directors"
            help="The interface on the real servers’ network, e.g. eth1; the VIPs stay on each director’s VRRP interface."
            value={a.gatewayFloatingIpInterface}
            onChange={(e) => set('gatewayFloatingIpInterface', e.target.value)}
            error={err('gatewayFloatingIpInterface')}
          />
        </div>
      ) : null}
    </>
  );
}

/** Step 3: display protocols and how the broker routes them through the gateways. */
export function ProtocolsStep({ a, set, errors, keptPorts }: StepProps & { keptPorts: string[] }) {
  const err = (f: string) => errors[f];
  return (
    <>
      <p className="text-sm text-slate-700">
        HTTP 80 and HTTPS 443 (logon and the HTML5 viewer) are always on the gateway VIP. Choose the display protocols in use:
      </p>
      <fieldset className="flex flex-col gap-1">
        <legend className="text-sm font-semibold">Display protocols</legend>
        {LEOSTREAM_PROTOCOLS.map((p) => (
          <label key={p.id} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={a.protocols.includes(p.id)}
              onChange={(e) => set('protocols', e.target.checked ? [...a.protocols, p.id] : a.protocols.filter((x) => x !== p.id))}
            />
            <span>
              {p.name} — {[p.tcp ? `TCP ${p.tcp}` : null, p.udp ? `UDP ${p.udp}` : null].filter(Boolean).join(', ')}
            </span>
          </label>
        ))}
        {err('protocols') ? <p className="text-sm text-red-700">{err('protocols')}</p> : null}
      </fieldset>
      <fieldset className="flex flex-col gap-1">
        <legend className="text-sm font-semibold">How the broker routes display traffic through the gateways</legend>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="routing"
            value="specific"
            checked={a.routing === 'specific'}
            onChange={() => set('routing', 'specific')}
            className="mt-1"
          />
          <span>Protocol-specific ports on both gateway and desktop</span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="routing"
            value="random"
            checked={a.routing === 'random'}
            onChange={() => set('routing', 'random')}
            className="mt-1"
          />
          <span>
            From random gateway port to protocol-specific desktop port — clients then connect to the gateway VIP on a port of the gateways’
            range, so the range is added to the VIP
          </span>
        </label>
      </fieldset>
      {a.routing === 'random' ? (
        <Field
          id="gatewayPortRange"
          label="Gateway port range"
          help="As `leostream-gateway --info` prints it on the gateways (Leostream’s default is 20001-23000); TCP and UDP when a chosen protocol uses UDP."
          value={a.range}
          onChange={(e) => set('range', e.target.value)}
          error={err('gatewayPortRange')}
          className="max-w-sm"
        />
      ) : null}
      {keptPorts.length ? <p className="text-sm text-slate-700">Kept on GW_VIP_L4 as added by hand: {keptPorts.join(', ')}.</p> : null}
    </>
  );
}

/** Step 4: persistence timeout, and the guide's health checks. */
export function PersistenceStep({ a, set, errors }: StepProps) {
  const err = (f: string) => errors[f];
  return (
    <>
      <Field
        id="persistenceTimeout"
        label="Persistence timeout (seconds)"
        inputMode="numeric"
        help="Source-IP persistence is on for both services (Leostream needs it): a client stays on one gateway for all its ports while it keeps connecting within this time. The guide uses 300 s; longer covers idle clients better."
        value={a.persistenceTimeout}
        onChange={(e) => set('persistenceTimeout', e.target.value)}
        error={err('persistenceTimeout')}
        className="max-w-sm"
      />
      <div className="text-sm text-slate-700">
        <p className="font-semibold">Health checks (the guide’s)</p>
        <ul className="ml-5 list-disc">
          <li>
            Gateways: HTTPS 443 <code>/app/system/ping</code>, expecting <code>OK</code>
          </li>
          {a.brokerCluster && a.brokerVip.trim() ? (
            <li>
              Brokers: HTTPS 443 <code>/index.pl?action=cb_status</code>, expecting <code>CB_IS_OK</code>
            </li>
          ) : null}
        </ul>
      </div>
    </>
  );
}

/** Step 5: every change the wizard would save, checked on the server. */
export function ReviewStep({ plan }: { plan: Result | null }) {
  return plan ? (
    <>
      <p className="text-sm text-slate-700">
        {plan.plan.changes
          ? `${plan.plan.changes} change${plan.plan.changes === 1 ? '' : 's'} will be saved together (or none of them):`
          : 'The configuration already matches these answers; there is nothing to save.'}
      </p>
      <PlanTable items={plan.plan.items} />
      {plan.plan.notes.length ? (
        <ul className="ml-5 list-disc text-sm text-slate-700">
          {plan.plan.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </>
  ) : (
    <p className="text-sm text-slate-700">Checking…</p>
  );
}

/** After Create: what was saved, and the way on (apply, checklist, verify). */
export function WizardDone({ saved, heading }: { saved: Result; heading: React.RefObject<HTMLHeadingElement | null> }) {
  return (
    <section aria-labelledby="wizard-done" className="flex flex-col gap-4 rounded border border-slate-200 bg-white p-4">
      <h2 id="wizard-done" ref={heading} tabIndex={-1} className="text-lg font-semibold">
        {saved.written ? 'Saved' : 'Nothing to change'}
      </h2>
      <Alert kind="success">
        {saved.written
          ? `Saved ${saved.plan.changes} change${saved.plan.changes === 1 ? '' : 's'} in one step (audited). They reach the directors when you apply.`
          : 'The configuration already matches these answers.'}
      </Alert>
      <div className="flex flex-wrap gap-2">
        <Link
          href="/maintenance/apply"
          className="inline-flex items-center rounded bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800"
        >
          Apply now
        </Link>
        <Link
          href="/cluster-configuration/leostream/checklist"
          className="inline-flex items-center rounded border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100"
        >
          Leostream checklist
        </Link>
      </div>
      <p className="text-sm text-slate-700">
        After the apply, verify the deployment: the gateways’ and brokers’ health pages, both kernels and (Direct Routing) the ARP problem.
      </p>
    </section>
  );
}
