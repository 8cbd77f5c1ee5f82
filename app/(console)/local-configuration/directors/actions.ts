'use server';
import { revalidatePath } from 'next/cache';
import { authedAction } from '@/lib/server/action';
import { createDirector, deleteDirector, pinHostKey, testDirectorConnection } from '@/lib/server/directors';
import { directorDrift, fixDrift } from '@/lib/server/apply';

const text = (f: FormData, k: string) => {
  const v = f.get(k);
  return typeof v === 'string' ? v : undefined;
};
const PAGE = '/local-configuration/directors';

export const createDirectorAction = authedAction(async (actor, form: FormData) => {
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
  });
  revalidatePath(PAGE);
  return { ok: true, message: `Added ${d.name}. Run Test connection to confirm its host key.` };
});

export const testDirectorAction = authedAction(async (_actor, id: string) => ({ ok: true, data: await testDirectorConnection(id) }));

export const pinHostKeyAction = authedAction(async (actor, id: string, fingerprint: string) => {
  await pinHostKey({ id, fingerprint, actor });
  revalidatePath(PAGE);
  return { ok: true, message: 'Host key confirmed and pinned.' };
});

export const deleteDirectorAction = authedAction(async (actor, id: string) => {
  await deleteDirector({ id, actor });
  revalidatePath(PAGE);
});

export const driftAction = authedAction(async (_actor, id: string) => ({ ok: true, data: await directorDrift(id) }));

export const fixDriftAction = authedAction(async (actor, id: string) => ({ ok: true, data: await fixDrift({ id, actor }) }));
