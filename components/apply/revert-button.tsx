'use client';
import { Alert } from '@/components/ui/alert';
import { ApplyProgress } from './apply-progress';
import { useApplyRun } from './use-apply-run';
import { revertAction } from '@/app/(console)/maintenance/apply/actions';

export function RevertButton({ revisionId, when }: { revisionId: string; when: string }) {
  const { runId, message, pending, onDone, launch } = useApplyRun();
  return (
    <div className="flex flex-col gap-2">
      <button
        type="button"
        disabled={pending || !!runId}
        className="self-start text-sm underline"
        onClick={() => {
          if (!window.confirm(`Bring the configuration back to the revision of ${when} and apply it to the directors?`)) return;
          launch(() => revertAction(revisionId));
        }}
      >
        Revert to this revision
      </button>
      {message ? <Alert>{message}</Alert> : null}
      {runId ? <ApplyProgress id={runId} onDone={onDone} /> : null}
    </div>
  );
}
