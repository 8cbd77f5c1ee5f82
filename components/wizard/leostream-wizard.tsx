'use client';
import { useEffect, useRef, useState, useTransition } from 'react';
import Link from 'next/link';
import { leostreamWizardAction } from '@/app/(console)/cluster-configuration/leostream/actions';
import {
  DEFAULT_GATEWAY_PORT_RANGE,
  LEOSTREAM_PROTOCOLS,
  leostreamStepOf,
  type LeostreamWizard as WizardInput,
} from '@/lib/schemas/leostream';
import type { ActionData } from '@/lib/schemas/action-state';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { ServerRows, type Row } from './server-rows';
import { PlanTable } from './plan-table';
import { VerifyPanel } from './verify-panel';

type Result = ActionData<typeof leostreamWizardAction>;
type Step = 1 | 2 | 3 | 4 | 5;
const STEPS: Record<Step, string> = { 1: 'Topology', 2: 'Addresses', 3: 'Protocols', 4: 'Persistence and health checks', 5: 'Review' };

interface Answers {
  mode: 'dr' | 'nat';
  brokerCluster: boolean;
  gatewayVip: string;
  gateways: Row[];
  brokerVip: string;
  brokers: Row[];
  broker: string;
  protocols: string[];
  routing: 'specific' | 'random';
  range: string;
  persistenceTimeout: string;
  gatewayFloatingIp: string;
  gatewayFloatingIpInterface: string;
}

function fromInput(i: WizardInput): Answers {
  const cluster = i.brokerVip !== null || i.brokers.length > 1;
  return {
    mode: i.mode,
    brokerCluster: cluster,
    gatewayVip: i.gatewayVip,
    gateways: i.gateways.length
      ? i.gateways
      : [
          { label: 'GW01', ip: '' },
          { label: 'GW02', ip: '' },
        ],
    brokerVip: i.brokerVip ?? '',
    brokers:
      cluster && i.brokers.length
        ? i.brokers
        : [
            { label: 'BRK01', ip: cluster ? '' : (i.brokers[0]?.ip ?? '') },
            { label: 'BRK02', ip: '' },
          ],
    broker: cluster ? '' : (i.brokers[0]?.ip ?? ''),
    protocols: i.protocols,
    routing: i.gatewayPortRange ? 'random' : 'specific',
    range: i.gatewayPortRange ?? DEFAULT_GATEWAY_PORT_RANGE,
    persistenceTimeout: String(i.persistenceTimeout),
    gatewayFloatingIp: i.gatewayFloatingIp ?? '',
    gatewayFloatingIpInterface: i.gatewayFloatingIpInterface ?? '',
  };
}

function toInput(a: Answers) {
  return {
    mode: a.mode,
    gatewayVip: a.gatewayVip,
    gateways: a.gateways,
    brokerVip: a.brokerCluster ? a.brokerVip : null,
    brokers: a.brokerCluster ? a.brokers : a.broker.trim() ? [{ label: 'BRK01', ip: a.broker }] : [],
    protocols: a.protocols,
    gatewayPortRange: a.routing === 'random' ? a.range : null,
    persistenceTimeout: a.persistenceTimeout,
    gatewayFloatingIp: a.mode === 'nat' ? a.gatewayFloatingIp : null,
    gatewayFloatingIpInterface: a.mode === 'nat' ? a.gatewayFloatingIpInterface : null,
  };
}

/** Field errors of the wizard's input, keyed for the inputs here (a lone broker is "broker"). */
function localField(field: string, a: Answers): string {
  if (!a.brokerCluster && field.startsWith('brokers')) return 'broker';
  return field;
}

/** The wizard, with Verify above it once a deployment exists (or the wizard just saved one). */
export function LeostreamWizard(props: {
  initial: WizardInput;
  exists: boolean;
  keptPorts: string[];
  canEdit: boolean;
  canVerify: boolean;
}) {
  const [saved, setSaved] = useState<Result | null>(null);
  return (
    <>
      {props.exists || saved?.written ? <VerifyPanel canVerify={props.canVerify} /> : null}
      <WizardSteps {...props} saved={saved} onSaved={setSaved} />
    </>
  );
}

function WizardSteps({
  initial,
  exists,
  keptPorts,
  canEdit,
  saved,
  onSaved: setSaved,
}: {
  initial: WizardInput;
  exists: boolean;
  keptPorts: string[];
  canEdit: boolean;
  saved: Result | null;
  onSaved: (r: Result) => void;
}) {
  const [a, setA] = useState<Answers>(() => fromInput(initial));
  const [step, setStep] = useState<Step>(1);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [plan, setPlan] = useState<Result | null>(null);
  const [pending, start] = useTransition();
  const heading = useRef<HTMLHeadingElement>(null);
  const errorBox = useRef<HTMLDivElement>(null);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step, saved]);

  const set = <K extends keyof Answers>(k: K, v: Answers[K]) => setA((x) => ({ ...x, [k]: v }));
  const err = (f: string) => errors[f];

  /** Checks the answers on the server (the same schema and conflict checks as Create), then moves on. */
  function next(to: Step) {
    setMessage(null);
    start(async () => {
      const r = await leostreamWizardAction(toInput(a), true);
      if (r.ok && r.data) {
        setErrors({});
        setPlan(r.data);
        setStep(to);
        return;
      }
      const fields = Object.entries(r.fieldErrors ?? {}).filter(([f]) => f !== '_' && leostreamStepOf(f) <= step);
      if (r.code === 'VALIDATION_FAILED' && fields.length === 0) {
        // Only later steps have problems (they are checked there).
        setErrors({});
        setPlan(null);
        setStep(to);
        return;
      }
      const mapped = Object.fromEntries(fields.map(([f, m]) => [localField(f, a), m]));
      setErrors(mapped);
      const earliest = Math.min(...fields.map(([f]) => leostreamStepOf(f)), step) as Step;
      if (earliest < step) setStep(earliest);
      setMessage(
        fields.length
          ? `Correct ${fields.length === 1 ? 'the field' : `the ${fields.length} fields`} marked below; nothing was saved.`
          : (r.message ?? 'The answers were refused.'),
      );
      requestAnimationFrame(() => errorBox.current?.focus());
    });
  }

  function create() {
    setMessage(null);
    start(async () => {
      const r = await leostreamWizardAction(toInput(a), false);
      if (r.ok && r.data) {
        setSaved(r.data);
        return;
      }
      const fields = Object.entries(r.fieldErrors ?? {}).filter(([f]) => f !== '_');
      setErrors(Object.fromEntries(fields.map(([f, m]) => [localField(f, a), m])));
      if (fields.length) setStep(Math.min(...fields.map(([f]) => leostreamStepOf(f))) as Step);
      setMessage(r.message ?? 'Nothing was saved.');
      requestAnimationFrame(() => errorBox.current?.focus());
    });
  }

  if (saved) {
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
          After the apply, verify the deployment: the gateways’ and brokers’ health pages, both kernels and (Direct Routing) the ARP
          problem.
        </p>
      </section>
    );
  }

  const stepNav = (
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

  return (
    <form
      aria-labelledby="wizard-step"
      className="flex flex-col gap-4 rounded border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (step < 5) next((step + 1) as Step);
        else create();
      }}
    >
      {stepNav}
      <h2 id="wizard-step" ref={heading} tabIndex={-1} className="text-lg font-semibold">
        Step {step} of 5: {STEPS[step]}
      </h2>
      {message ? (
        <div ref={errorBox} tabIndex={-1}>
          <Alert>{message}</Alert>
        </div>
      ) : null}
      {!canEdit ? <Alert kind="info">Only admins can run the wizard; you can read its steps and verify the deployment.</Alert> : null}

      <fieldset disabled={!canEdit || pending} className="flex flex-col gap-4">
        {step === 1 ? (
          <>
            <fieldset className="flex flex-col gap-1">
              <legend className="text-sm font-semibold">Forwarding method</legend>
              <label className="flex items-start gap-2 text-sm">
                <input type="radio" name="mode" value="dr" checked={a.mode === 'dr'} onChange={() => set('mode', 'dr')} className="mt-1" />
                <span>
                  <strong>Direct Routing</strong> (recommended): the best performance, replies go straight from the gateways to the clients;
                  each gateway and broker must not answer ARP for the VIPs.
                </span>
              </label>
              <label className="flex items-start gap-2 text-sm">
                <input
                  type="radio"
                  name="mode"
                  value="nat"
                  checked={a.mode === 'nat'}
                  onChange={() => set('mode', 'nat')}
                  className="mt-1"
                />
                <span>
                  <strong>NAT</strong>: when the gateways are in another (routed) network; their default gateway must be a floating IP on
                  the directors.
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
        ) : null}

        {step === 2 ? (
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
        ) : null}

        {step === 3 ? (
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
                  From random gateway port to protocol-specific desktop port — clients then connect to the gateway VIP on a port of the
                  gateways’ range, so the range is added to the VIP
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
            {keptPorts.length ? (
              <p className="text-sm text-slate-700">Kept on GW_VIP_L4 as added by hand: {keptPorts.join(', ')}.</p>
            ) : null}
          </>
        ) : null}

        {step === 4 ? (
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
        ) : null}

        {step === 5 ? (
          plan ? (
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
          )
        ) : null}
      </fieldset>

      <div className="flex gap-2">
        {step > 1 ? (
          <Button
            type="button"
            variant="secondary"
            disabled={pending}
            onClick={() => {
              setMessage(null);
              setStep((step - 1) as Step);
            }}
          >
            Back
          </Button>
        ) : null}
        {canEdit ? (
          <Button type="submit" disabled={pending || (step === 5 && !plan)}>
            {pending ? 'Checking…' : step < 5 ? 'Next' : exists ? 'Save changes' : 'Create'}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
