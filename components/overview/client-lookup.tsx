'use client';
import { fieldText } from '@/components/ui/field-text';
import { useState, useTransition, type FormEvent } from 'react';
import { findClientAction } from '@/app/(console)/overview/actions';
import type { ActionData } from '@/lib/schemas/action-state';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

type Lookup = ActionData<typeof findClientAction>;

/** "Where does client X land?": per director, the client's persistence template and connections. */
export function ClientLookup() {
  const [result, setResult] = useState<Lookup | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const ip = fieldText(new FormData(e.currentTarget), 'client');
    start(async () => {
      setError(null);
      const r = await findClientAction(ip);
      if (r.ok) setResult(r.data ?? null);
      else {
        setResult(null);
        setError(r.fieldErrors?._ ?? r.message ?? 'The lookup failed.');
      }
    });
  };
  return (
    <section aria-labelledby="client-lookup" className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-3 text-sm">
      <h2 id="client-lookup" className="font-semibold">
        Where does a client land?
      </h2>
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1">
          <span className="font-medium">Client address</span>
          <input name="client" required placeholder="192.168.98.10" className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? 'Looking…' : 'Look up'}
        </Button>
      </form>
      {error ? <Alert>{error}</Alert> : null}
      {result ? (
        <div role="status" aria-label={`Where ${result.client} lands`} className="flex flex-col gap-2">
          {result.directors.map((d) => (
            <div key={d.director}>
              <h3 className="font-medium">{d.director}</h3>
              {!d.reachable ? <p className="text-red-800">Unreachable: {d.error}</p> : null}
              {d.reachable && !d.templates.length && !d.connections.length ? (
                <p>No template and no connection for {result.client}.</p>
              ) : null}
              <ul className="list-disc pl-5">
                {d.templates.map((t, i) => (
                  <li key={`t${i}`}>
                    Persistent to <strong>{t.realServerLabel ?? t.realServer}</strong> ({t.realServer}) in {t.service ?? t.virtualAddress};
                    the template expires in {t.expiresInSeconds} s unless the client connects again.
                  </li>
                ))}
                {d.connections.map((c, i) => (
                  <li key={`c${i}`}>
                    {c.protocol} from port {c.clientPort} to {c.virtualAddress}:{c.virtualPort} ({c.service ?? 'unknown service'}) on{' '}
                    <strong>{c.realServerLabel ?? c.realServer}</strong>: {c.state}, expires in {c.expiresInSeconds} s
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <p className="text-slate-600">{result.note}</p>
        </div>
      ) : null}
    </section>
  );
}
