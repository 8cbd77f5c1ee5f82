'use server';
import { z } from 'zod';
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { actionArgs, authedAction } from '@/lib/server/auth/action';
import { createRealServer, deleteRealServer, updateRealServer } from '@/lib/server/config/real-servers';
import { formText as text } from '@/lib/server/platform/form';
import { getVirtualService } from '@/lib/server/config/virtual-services';
import { clusterHref } from '@/lib/schemas/cluster';
import { clusterParam } from '@/lib/server/clusters/page-cluster';

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
/** Back to the list of the service's own cluster, at the service. */
async function backTo(virtualServiceId: string, saved: string): Promise<never> {
  const { clusterId } = await getVirtualService(virtualServiceId);
  redirect(`${clusterHref(`${LIST}?saved=${encodeURIComponent(saved)}`, await clusterParam(clusterId))}#vs-${virtualServiceId}`);
}

export const createRealServerAction = authedAction(
  'admin',
  z.tuple([actionArgs.id, actionArgs.form]),
  async (user, virtualServiceId, form) => {
    const rs = await createRealServer({ virtualServiceId, input: realServerInput(form), actor: user.name });
    revalidatePath(LIST);
    await backTo(virtualServiceId, rs.label);
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
    await backTo(virtualServiceId, rs.label);
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
