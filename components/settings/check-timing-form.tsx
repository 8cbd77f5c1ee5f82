'use client';
import { useState, useTransition } from 'react';
import { setCheckTimingAction } from '@/app/(console)/cluster-configuration/actions';
import { CHECK_TIMING_FIELDS, type CheckTiming } from '@/lib/schemas/settings';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CheckTimingInputs } from './check-timing-inputs';

/**
 * Layer 4 Advanced Configuration: the health-check timing of every service without its own. A real
 * server counts as down about interval + (retries + 1) x timeout + retries x delay after it fails.
 */
export function CheckTimingForm({ current, quiescent, canEdit }: { current: CheckTiming; quiescent: boolean; canEdit: boolean }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, start] = useTransition();
  return (
    <form
      aria-label="Health check timing"
      noValidate
      className="flex max-w-4xl flex-col gap-3 rounded border border-slate-200 bg-white p-4 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        start(async () => {
          const r = await setCheckTimingAction(
            Object.fromEntries(CHECK_TIMING_FIELDS.map(({ key }) => [key, f.get(`timing.${key}`)])),
            f.get('quiescent') === 'on',
          );
          setErrors(Object.fromEntries(Object.entries(r.fieldErrors ?? {}).map(([k, v]) => [k.replace(/^checkTiming\./, ''), v])));
          setMessage({ ok: r.ok, text: r.message ?? (r.ok ? 'Saved.' : 'Refused.') });
        });
      }}
    >
      <fieldset disabled={!canEdit || pending} className="flex flex-col gap-3">
        <legend className="font-semibold">Health check timing (Layer 4 Advanced)</legend>
        <p className="text-slate-700">
          For every virtual service without its own timing (set on the service). A real server that stops answering counts as down after
          about interval + (retries + 1) × timeout + retries × delay.
        </p>
        <div className="grid gap-4 md:grid-cols-4">
          <CheckTimingInputs prefix="timing" values={current} error={(k) => errors[k]} />
        </div>
        <div className="flex flex-col gap-1">
          <div className="flex items-center gap-2">
            <input
              id="quiescent"
              name="quiescent"
              type="checkbox"
              defaultChecked={quiescent}
              aria-describedby="quiescent-help"
              className="h-4 w-4"
            />
            <label htmlFor="quiescent" className="font-medium text-slate-800">
              Quiescent: a failed real server stays in the table at weight 0
            </label>
          </div>
          <p id="quiescent-help" className="text-slate-600">
            keepalived’s inhibit_on_failure, for every service without its own setting: open connections to a failed server are not cut.
            Halt then also sets weight 0 instead of taking the server out.
          </p>
        </div>
      </fieldset>
      {message ? <Alert kind={message.ok ? 'success' : 'error'}>{message.text}</Alert> : null}
      {canEdit ? (
        <div>
          <Button type="submit" variant="secondary" disabled={pending}>
            Save timing
          </Button>
        </div>
      ) : (
        <p className="text-slate-600">Only admins change this.</p>
      )}
    </form>
  );
}
