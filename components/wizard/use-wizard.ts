'use client';
import { useEffect, useRef, useState, useTransition } from 'react';
import { leostreamWizardAction } from '@/app/(console)/cluster-configuration/leostream/actions';
import { leostreamStepOf, type LeostreamWizard as WizardInput } from '@/lib/schemas/leostream';
import type { ActionData } from '@/lib/schemas/action-state';
import { fromInput, localField, toInput, type Answers, type Step } from './answers';

type Result = ActionData<typeof leostreamWizardAction>;

/**
 * The wizard's state: its answers, step and errors; Next checks the answers so far on the server
 * (the same schema and conflict checks as Create) and goes back to the earliest step in error.
 * Focus moves to the new step's heading, or to the error box.
 */
export function useWizard(initial: WizardInput, saved: Result | null, setSaved: (r: Result) => void) {
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

  const back = () => {
    setMessage(null);
    setStep((s) => (s > 1 ? ((s - 1) as Step) : s));
  };

  return { a, set, step, errors, message, plan, pending, heading, errorBox, next, create, back };
}
