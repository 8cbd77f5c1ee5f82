'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { driftAction, fixDriftAction } from '@/app/(console)/local-configuration/directors/actions';
import type { ActionData } from '@/lib/schemas/action-state';

type Drift = ActionData<typeof driftAction> | ActionData<typeof fixDriftAction>;

/** Compares a director with the last applied revision, and puts it back on request. */
export function DriftPanel({ id, name }: { id: string; name: string }) {
  const [drift, setDrift] = useState<Drift | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const run = (fix: boolean) =>
    start(async () => {
      setMessage(null);
      const r = await (fix ? fixDriftAction(id) : driftAction(id));
      if (r.ok) setDrift(r.data ?? null);
      else setMessage(r.message ?? 'The check failed.');
    });
  return (
    <div className="flex flex-col gap-2">
      <div className="flex gap-2">
        <Button type="button" variant="secondary" disabled={pending} onClick={() => run(false)}>
          Check drift on {name}
        </Button>
        {drift?.drifted ? (
          <Button type="button" variant="danger" disabled={pending} onClick={() => run(true)}>
            Fix drift on {name}
          </Button>
        ) : null}
      </div>
      {message ? <Alert>{message}</Alert> : null}
      {drift ? (
        <section aria-label={`Drift of ${name}`} className="rounded border border-slate-200 bg-slate-50 p-3 text-sm">
          <p role="status" className="font-medium">
            {drift.drifted ? `${name} differs from the last applied revision.` : `${name} runs the last applied revision.`}
          </p>
          {'commands' in drift && drift.commands.length ? (
            <p className="mt-1">
              Fixed with: <code>{drift.commands.join('; ')}</code>
            </p>
          ) : null}
          {drift.files
            .filter((f) => f.status !== 'same')
            .map((f) => (
              <p key={f.path}>
                File {f.path}: {f.status}
              </p>
            ))}
          {drift.table.unexpected.map((l) => (
            <p key={`u${l}`}>
              In the kernel but not in the configuration: <code>{l}</code>
            </p>
          ))}
          {drift.table.missing.map((l) => (
            <p key={`m${l}`}>
              In the configuration but not in the kernel: <code>{l}</code>
            </p>
          ))}
        </section>
      ) : null}
    </div>
  );
}
