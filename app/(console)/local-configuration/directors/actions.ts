'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { actionArgs, authedAction } from '@/lib/server/auth/action';
import { formText as text } from '@/lib/server/platform/form';
import { createDirector, deleteDirector, pinHostKey, testDirectorConnection } from '@/lib/server/directors/directors';
import { directorDrift, fixDrift } from '@/lib/server/apply/drift';

const PAGE = '/local-configuration/directors';

export const createDirectorAction = authedAction('admin', z.tuple([actionArgs.form]), async ({ name: actor }, form) => {
  const d = await createDirector({
    input: {
      name: text(form, 'name'),
      role: text(form, 'role'),
      host: text(form, 'host'),
      port: text(form, 'port'),
      user: text(form, 'user'),
      vrrpInterface: text(form, 'vrrpInterface'),
      vrrpAddress: text(form, 'vrrpAddress'),
      hostKeyFingerprint: text(form, 'hostKeyFingerprint'),
    },
    actor,
    clusterId: text(form, 'clusterId'),
  });
  revalidatePath(PAGE);
  return { ok: true, message: `Added ${d.name}. Run Test connection to confirm its host key.` };
});

export const testDirectorAction = authedAction('operator', z.tuple([actionArgs.id]), async (_user, id) => ({
  ok: true,
  data: await testDirectorConnection(id),
}));

export const pinHostKeyAction = authedAction(
  'admin',
  z.tuple([actionArgs.id, actionArgs.text(100)]),
  async ({ name: actor }, id, fingerprint) => {
    await pinHostKey({ id, fingerprint, actor });
    revalidatePath(PAGE);
    return { ok: true, message: 'Host key confirmed and pinned.' };
  },
);

export const deleteDirectorAction = authedAction('admin', z.tuple([actionArgs.id]), async ({ name: actor }, id) => {
  await deleteDirector({ id, actor });
  revalidatePath(PAGE);
});

export const driftAction = authedAction('read-only', z.tuple([actionArgs.id]), async (_user, id) => ({
  ok: true,
  data: await directorDrift(id),
}));

export const fixDriftAction = authedAction('operator', z.tuple([actionArgs.id]), async ({ name: actor }, id) => ({
  ok: true,
  data: await fixDrift({ id, actor }),
}));
