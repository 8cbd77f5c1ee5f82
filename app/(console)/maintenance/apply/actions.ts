'use server';
import { z } from 'zod';
import { actionArgs, authedAction } from '@/lib/server/auth/action';
import { revertToRevision } from '@/lib/server/apply/revisions';
import { startApply } from '@/lib/server/apply/start';

// Starts an apply and answers at once with its id; the page follows its progress.
export const startApplyAction = authedAction(
  'operator',
  z.tuple([actionArgs.id, actionArgs.text(500)]),
  async ({ name: actor }, clusterId, comment) => {
    const { id } = await startApply({ comment, actor, clusterId });
    return { ok: true, data: { id } };
  },
);

export const revertAction = authedAction('operator', z.tuple([actionArgs.id]), async ({ name: actor }, revisionId) => {
  const { id } = await revertToRevision({ id: revisionId, actor });
  return { ok: true, data: { id } };
});
