'use server';
import { authedAction } from '@/lib/server/action';
import { revertToRevision, startApply } from '@/lib/server/apply';

// Starts an apply and answers at once with its id; the page follows its progress.
export const startApplyAction = authedAction(async (actor, comment: string) => {
  const { id } = await startApply({ comment, actor });
  return { ok: true, data: { id } };
});

export const revertAction = authedAction(async (actor, revisionId: string) => {
  const { id } = await revertToRevision({ id: revisionId, actor });
  return { ok: true, data: { id } };
});
