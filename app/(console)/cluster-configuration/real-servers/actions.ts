'use server';
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { authedAction } from '@/lib/server/action';
import { createRealServer, deleteRealServer, updateRealServer } from '@/lib/server/real-servers';

const text = (f: FormData, k: string) => {
  const v = f.get(k);
  return typeof v === 'string' ? v : undefined;
};

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

export const createRealServerAction = authedAction(async (actor, virtualServiceId: string, form: FormData) => {
  const rs = await createRealServer({ virtualServiceId, input: realServerInput(form), actor });
  revalidatePath(LIST);
  redirect(`${LIST}?saved=${encodeURIComponent(rs.label)}#vs-${virtualServiceId}`);
});

export const updateRealServerAction = authedAction(async (actor, virtualServiceId: string, id: string, form: FormData) => {
  const rs = await updateRealServer({ virtualServiceId, id, patch: { ...realServerInput(form), version: text(form, 'version') }, actor });
  revalidatePath(LIST);
  redirect(`${LIST}?saved=${encodeURIComponent(rs.label)}#vs-${virtualServiceId}`);
});

export const deleteRealServerAction = authedAction(async (actor, virtualServiceId: string, id: string, version: number) => {
  await deleteRealServer({ virtualServiceId, id, version, actor });
  revalidatePath(LIST);
});
