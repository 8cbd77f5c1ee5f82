'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { PlanChanges, RefusalAlert } from '@/components/maintenance/plan-changes';
import { previewRestoreAction, restoreAction } from '@/app/(console)/maintenance/backup/actions';
import type { ActionData } from '@/lib/schemas/action-state';

type Plan = ActionData<typeof previewRestoreAction>;

/** `clusterId`: the cluster the backup replaces (the page's). */
export function RestoreForm({ clusterId }: { clusterId: string }) {
  const [text, setText] = useState<string | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<string[] | null>(null);
  const [done, setDone] = useState<Plan | null>(null);
  const [pending, startTransition] = useTransition();

  async function onFile(file: File | undefined) {
    setPlan(null);
    setError(null);
    setDone(null);
    if (!file) return;
    const content = await file.text();
    setText(content);
    startTransition(async () => {
      const r = await previewRestoreAction(content, clusterId);
      if (r.ok) setPlan(r.data ?? null);
      else setError([r.message ?? 'The file was refused.', ...Object.entries(r.fieldErrors ?? {}).map(([f, m]) => `${f}: ${m}`)]);
    });
  }

  const changes = plan ? plan.create.length + plan.update.length + plan.delete.length : 0;
  return (
    <div className="flex max-w-3xl flex-col gap-4 rounded border border-slate-200 bg-white p-4">
      <h2 className="font-semibold">Restore</h2>
      <div className="flex flex-col gap-1">
        <label htmlFor="restore-file" className="text-sm font-medium">
          Configuration file
        </label>
        <input
          id="restore-file"
          type="file"
          accept="application/json,.json"
          onChange={(e) => {
            void onFile(e.target.files?.[0]);
            e.target.value = ''; // the same file can be chosen again
          }}
          className="text-sm"
        />
        <p className="text-xs text-slate-600">Nothing changes until you confirm. The file replaces the whole configuration.</p>
      </div>
      {pending && !plan ? <p role="status">Checking the file…</p> : null}
      {error ? <RefusalAlert lines={error} /> : null}
      {plan && !done ? (
        <section aria-label="What the restore changes" className="flex flex-col gap-2 text-sm">
          {changes === 0 ? <p>The configuration already matches this file; restoring changes nothing.</p> : null}
          <PlanChanges plan={plan} />
          <p className="text-slate-600">{plan.unchanged} objects stay as they are.</p>
          <div>
            <Button
              type="button"
              variant={plan.delete.length ? 'danger' : 'primary'}
              disabled={pending || changes === 0}
              onClick={() =>
                startTransition(async () => {
                  const r = await restoreAction(text!, clusterId);
                  if (r.ok) setDone(r.data ?? null);
                  else setError([r.message ?? 'The restore was refused; nothing was changed.']);
                })
              }
            >
              {pending ? 'Restoring…' : 'Restore this configuration'}
            </Button>
          </div>
        </section>
      ) : null}
      {done ? (
        <Alert kind="success">
          Restored: {done.create.length} added, {done.update.length} changed, {done.delete.length} removed. Apply the configuration to put
          it on the directors.
        </Alert>
      ) : null}
    </div>
  );
}
