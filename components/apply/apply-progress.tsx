'use client';
import { useEffect, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { TableHead } from '@/components/ui/table-head';

export const APPLY_POLL_MS = 700;

interface Step {
  director: string | null;
  seq: number;
  name: string;
  status: string;
  output: string | null;
  startedAt: string;
  finishedAt: string | null;
}
interface Run {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  error: string | null;
  warning: string | null;
  steps: Step[];
  startedAt: string;
  finishedAt: string | null;
}

const seconds = (a: string, b: string | null) => (b ? `${((Date.parse(b) - Date.parse(a)) / 1000).toFixed(1)} s` : '…');

/** Follows one apply live (polling its API resource), step by step, with times and the directors' own error text. */
export function ApplyProgress({ id, onDone }: { id: string; onDone?: (run: Run) => void }) {
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stop = false;
    const tick = async () => {
      try {
        const res = await fetch(`/api/v1/apply/${id}`, { cache: 'no-store' });
        if (!res.ok) throw new Error(((await res.json()) as { error?: { message?: string } }).error?.message ?? `HTTP ${res.status}`);
        const r = (await res.json()) as Run;
        if (stop) return;
        setRun(r);
        setError(null);
        if (r.status !== 'running') {
          onDone?.(r);
          return;
        }
      } catch (e) {
        setError(`Cannot read the apply's progress: ${(e as Error).message}. Retrying…`);
      }
      if (!stop) setTimeout(() => void tick(), APPLY_POLL_MS);
    };
    void tick();
    return () => {
      stop = true;
    };
  }, [id, onDone]);

  return (
    <section aria-label="Apply progress" className="flex flex-col gap-3">
      <p role="status" aria-live="polite" className="text-sm font-medium">
        {!run
          ? 'Starting…'
          : run.status === 'running'
            ? `Applying… (${run.steps.filter((s) => s.status === 'succeeded').length} steps done)`
            : run.status === 'succeeded'
              ? `Applied successfully in ${seconds(run.startedAt, run.finishedAt)}.`
              : 'The apply failed.'}
      </p>
      {error ? <Alert kind="info">{error}</Alert> : null}
      {run?.status === 'failed' && run.error ? <Alert>{run.error}</Alert> : null}
      {run?.status === 'succeeded' && run.warning ? (
        <div role="alert" className="rounded border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <strong>Applied, but not everywhere:</strong> {run.warning}
        </div>
      ) : null}
      {run ? (
        <table className="w-full border-collapse bg-white text-sm">
          <caption className="sr-only">Steps of the apply</caption>
          <TableHead columns={['Director', 'Step', 'Result', 'Time', 'Details']} />
          <tbody>
            {run.steps.map((s) => (
              <tr key={s.seq} className="border-b border-slate-200 align-top">
                <td className="px-3 py-2">{s.director ?? 'pair'}</td>
                <td className="px-3 py-2">{s.name}</td>
                <td
                  className={`px-3 py-2 font-medium ${s.status === 'failed' ? 'text-red-700' : s.status === 'succeeded' ? 'text-green-800' : s.status === 'skipped' ? 'text-amber-800' : 'text-slate-700'}`}
                >
                  {s.status}
                </td>
                <td className="px-3 py-2 whitespace-nowrap">{seconds(s.startedAt, s.finishedAt)}</td>
                <td className="px-3 py-2 break-all">{s.output}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
