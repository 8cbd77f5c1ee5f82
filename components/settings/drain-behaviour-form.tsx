'use client';
import { useState, useTransition } from 'react';
import { setDrainBehaviourAction } from '@/app/(console)/cluster-configuration/actions';
import { DRAIN_PERSISTENT_CLIENTS, DRAIN_PERSISTENT_CLIENTS_LABELS } from '@/lib/schemas/settings';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

type Choice = (typeof DRAIN_PERSISTENT_CLIENTS)[number];

/** What persistent clients of a drained real server do (net.ipv4.vs.expire_quiescent_template). */
export function DrainBehaviourForm({ current, canEdit }: { current: Choice; canEdit: boolean }) {
  const [choice, setChoice] = useState<Choice>(current);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  return (
    <form
      aria-label="Drain behaviour"
      className="flex max-w-4xl flex-col gap-2 rounded border border-slate-200 bg-white p-4 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await setDrainBehaviourAction(choice);
          setMessage({ ok: r.ok, text: r.message ?? (r.ok ? 'Saved.' : 'Refused.') });
        });
      }}
    >
      <fieldset disabled={!canEdit || pending} className="flex flex-col gap-1">
        <legend className="font-semibold">Persistent clients of a drained real server</legend>
        {DRAIN_PERSISTENT_CLIENTS.map((c) => (
          <label key={c} className="flex items-start gap-2">
            <input
              type="radio"
              name="drainPersistentClients"
              value={c}
              checked={choice === c}
              onChange={() => setChoice(c)}
              className="mt-1"
            />
            <span>{DRAIN_PERSISTENT_CLIENTS_LABELS[c]}</span>
          </label>
        ))}
      </fieldset>
      {message ? <Alert kind={message.ok ? 'success' : 'error'}>{message.text}</Alert> : null}
      {canEdit ? (
        <div>
          <Button type="submit" variant="secondary" disabled={pending}>
            Save
          </Button>
        </div>
      ) : (
        <p className="text-slate-600">Only admins change this.</p>
      )}
    </form>
  );
}
