'use server';
import { z } from 'zod';
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { actionArgs, authedAction } from '@/lib/server/auth/action';
import { createRealServer, deleteRealServer, updateRealServer } from '@/lib/server/config/real-servers';
import { formText as text } from '@/lib/server/platform/form';

function realServerInput(f: FormData) {
  return {
    label: text(f, 'label'),
    ip: text(f, 'ip'),
    port: text(f, 'port') ?? null,
    weight: text(f, 'weight'),
    minConnections: text(f, 'minConnections'),
    maxConnections: text(f, 'maxConnections'),
    adminState: text(f, 'adminState'),
  };
}

const LIST = '/cluster-configuration/real-servers';

export const createRealServerAction = authedAction(
  'admin',
  z.tuple([actionArgs.id, actionArgs.form]),
  async (user, virtualServiceId, form) => {
    const rs = await createRealServer({ virtualServiceId, input: realServerInput(form), actor: user.name });
    revalidatePath(LIST);
    redirect(`${LIST}?saved=${encodeURIComponent(rs.label)}#vs-${virtualServiceId}`);
  },
);

export const updateRealServerAction = authedAction(
  'admin',
  z.tuple([actionArgs.id, actionArgs.id, actionArgs.form]),
  async (user, virtualServiceId, id, form) => {
    const rs = await updateRealServer({
      virtualServiceId,
      id,
      patch: { ...realServerInput(form), version: text(form, 'version') },
      actor: user.name,
    });
    revalidatePath(LIST);
    redirect(`${LIST}?saved=${encodeURIComponent(rs.label)}#vs-${virtualServiceId}`);
  },
);

export const deleteRealServerAction = authedAction(
  'admin',
  z.tuple([actionArgs.id, actionArgs.id, actionArgs.version]),
  async (user, virtualServiceId, id, version) => {
    await deleteRealServer({ virtualServiceId, id, version, actor: user.name });
    revalidatePath(LIST);
  },
);
