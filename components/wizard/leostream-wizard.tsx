'use client';
import { useState } from 'react';
import type { leostreamWizardAction } from '@/app/(console)/cluster-configuration/leostream/actions';
import type { LeostreamWizard as WizardInput } from '@/lib/schemas/leostream';
import type { ActionData } from '@/lib/schemas/action-state';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { STEPS, type Step } from './answers';
import { useWizard } from './use-wizard';
import { AddressesStep, PersistenceStep, ProtocolsStep, ReviewStep, StepNav, TopologyStep, WizardDone } from './wizard-steps';
import { VerifyPanel } from './verify-panel';

type Result = ActionData<typeof leostreamWizardAction>;
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
  const w = useWizard(initial, saved, setSaved);
  const { a, step, errors, message, plan, pending, heading, errorBox } = w;
  const props = { a, set: w.set, errors };

  if (saved) return <WizardDone saved={saved} heading={heading} />;

  return (
    <form
      aria-labelledby="wizard-step"
      className="flex flex-col gap-4 rounded border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (step < 5) w.next((step + 1) as Step);
        else w.create();
      }}
    >
      <StepNav step={step} />
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
        {step === 1 ? <TopologyStep {...props} /> : null}

        {step === 2 ? <AddressesStep {...props} /> : null}

        {step === 3 ? <ProtocolsStep {...props} keptPorts={keptPorts} /> : null}

        {step === 4 ? <PersistenceStep {...props} /> : null}

        {step === 5 ? <ReviewStep plan={plan} /> : null}
      </fieldset>

      <div className="flex gap-2">
        {step > 1 ? (
          <Button type="button" variant="secondary" disabled={pending} onClick={w.back}>
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
