'use client';
import { useState, useTransition } from 'react';
import { createSilenceAction, endSilenceAction } from '@/app/(console)/local-configuration/alerts/actions';
import type { SilenceView } from '@/lib/schemas/alerts';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { TableHead } from '@/components/ui/table-head';

const fmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** How a silence stands, in words (never colour alone). */
function standing(s: SilenceView): string {
  if (s.active) return 'Active';
  return s.endedBy ? `Ended early by ${s.endedBy}` : 'Ended';
}

const value = (f: FormData, k: string) => {
  const v = f.get(k);
  return typeof v === 'string' ? v : '';
};

type Say = (m: { ok: boolean; text: string }) => void;

/** Silence a service, or one of its real servers, for some minutes, saying why. */
function SilenceForm({ say, pending, start }: { say: Say; pending: boolean; start: (f: () => Promise<void>) => void }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <form
      aria-label="New silence"
      className="flex flex-wrap items-start gap-4 rounded border border-slate-200 bg-white p-4 text-sm"
      onSubmit={(ev) => {
        ev.preventDefault();
        const form = ev.currentTarget;
        const f = new FormData(form);
        start(async () => {
          const r = await createSilenceAction({
            service: value(f, 'silence.service'),
            realServer: value(f, 'silence.realServer'),
            minutes: value(f, 'silence.minutes'),
            reason: value(f, 'silence.reason'),
          });
          setErrors(Object.fromEntries(Object.entries(r.fieldErrors ?? {}).map(([k, v]) => [`silence.${k}`, v])));
          say({ ok: r.ok, text: r.message ?? (r.ok ? 'Silenced.' : 'Refused.') });
          if (r.ok) form.reset();
        });
      }}
    >
      <Field id="silence.service" label="Virtual service" placeholder="GW_VIP_L4" required error={errors['silence.service']} />
      <Field
        id="silence.realServer"
        label="Real server (optional)"
        placeholder="GW02"
        help="Empty for the whole service."
        error={errors['silence.realServer']}
      />
      <Field
        id="silence.minutes"
        label="For (minutes)"
        type="number"
        min={1}
        max={10080}
        defaultValue={60}
        help="At most a week (10080)."
        error={errors['silence.minutes']}
      />
      <Field
        id="silence.reason"
        label="Reason"
        placeholder="patching GW02 (change 4711)"
        required
        className="min-w-72 flex-1"
        error={errors['silence.reason']}
      />
      <Button type="submit" disabled={pending} className="mt-6">
        {pending ? 'Silencing…' : 'Silence'}
      </Button>
    </form>
  );
}

/** Local Configuration > Alerts > Silences: the maintenance windows, a form to add one (operators and admins), End now. */
export function Silences({ silences, canChange }: { silences: SilenceView[]; canChange: boolean }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="flex flex-col gap-4">
      {canChange ? <SilenceForm say={setMessage} pending={pending} start={start} /> : null}
      {message ? <Alert kind={message.ok ? 'success' : 'error'}>{message.text}</Alert> : null}
      {silences.length ? (
        <table className="w-full border-collapse bg-white text-left text-sm">
          <caption className="sr-only">Silences</caption>
          <TableHead columns={['What', 'From (UTC)', 'Until (UTC)', 'Reason', 'By', 'State', '']} />
          <tbody>
            {silences.map((s) => (
              <tr key={s.id} className="border-b border-slate-200 align-top">
                <td className="px-3 py-2 font-medium">{s.target}</td>
                <td className="px-3 py-2 whitespace-nowrap">{fmt.format(new Date(s.from))}</td>
                <td className="px-3 py-2 whitespace-nowrap">{fmt.format(new Date(s.until))}</td>
                <td className="px-3 py-2">{s.reason}</td>
                <td className="px-3 py-2">{s.createdBy}</td>
                <td className={`px-3 py-2 ${s.active ? 'font-semibold' : 'text-slate-600'}`}>{standing(s)}</td>
                <td className="px-3 py-2">
                  {canChange && s.active ? (
                    <Button
                      variant="secondary"
                      disabled={pending}
                      aria-label={`End the silence of ${s.target} now`}
                      onClick={() =>
                        start(async () => {
                          const r = await endSilenceAction(s.id);
                          setMessage({ ok: r.ok, text: r.message ?? '' });
                        })
                      }
                    >
                      End now
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-sm text-slate-600">No silences.</p>
      )}
    </div>
  );
}
