'use client';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Alert } from '@/components/ui/alert';
import { ApplyProgress } from './apply-progress';
import { useApplyRun } from './use-apply-run';
import { startApplyAction } from '@/app/(console)/maintenance/apply/actions';

/** `clusterId`: the cluster whose directors the apply goes to (the page's), and no other's. */
export function ApplyPanel({ disabled, clusterId }: { disabled?: string; clusterId: string }) {
  const [comment, setComment] = useState('');
  const { runId, message, pending, onDone, launch } = useApplyRun();
  return (
    <div className="flex max-w-5xl flex-col gap-4">
      {disabled ? <Alert kind="info">{disabled}</Alert> : null}
      <form
        aria-label="Apply the configuration"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          launch(() => startApplyAction(clusterId, comment));
        }}
      >
        <Field
          id="comment"
          label="Comment"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          help="Why: kept with the revision."
          className="min-w-80 flex-1"
        />
        <Button type="submit" disabled={pending || !!disabled}>
          {pending ? 'Starting…' : 'Apply configuration'}
        </Button>
      </form>
      {message ? <Alert>{message}</Alert> : null}
      {runId ? <ApplyProgress key={runId} id={runId} onDone={onDone} /> : null}
    </div>
  );
}
