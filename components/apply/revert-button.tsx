'use client';
import { useCallback, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { ApplyProgress } from './apply-progress';
import { revertAction } from '@/app/(console)/maintenance/apply/actions';

export function RevertButton({ revisionId, when }: { revisionId: string; when: string }) {
  const [runId, setRunId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  const onDone = useCallback(() => router.refresh(), [router]);
  return (
    <div className="flex flex-col gap-2">
      <button
        type="button"
        disabled={pending || !!runId}
        className="self-start text-sm underline"
        onClick={() => {
          if (!window.confirm(`Bring the configuration back to the revision of ${when} and apply it to the directors?`)) return;
          start(async () => {
            const r = await revertAction(revisionId);
            if (r.ok) setRunId((r.data as { id: string }).id);
            else setMessage(r.message ?? 'Refused.');
          });
        }}
      >
        Revert to this revision
      </button>
      {message ? <Alert>{message}</Alert> : null}
      {runId ? <ApplyProgress id={runId} onDone={onDone} /> : null}
    </div>
  );
}
