'use client';
import { useCallback, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import type { ActionState } from '@/lib/schemas/action-state';

/** Starts an apply through a server action and keeps its id for ApplyProgress; refreshes the page when it ends. */
export function useApplyRun() {
  const [runId, setRunId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  const onDone = useCallback(() => router.refresh(), [router]);
  const launch = (action: () => Promise<ActionState>) =>
    start(async () => {
      setMessage(null);
      const r = await action();
      if (r.ok) setRunId((r.data as { id: string }).id);
      else setMessage(r.message ?? 'The apply was refused.');
    });
  return { runId, message, pending, onDone, launch };
}
