'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { actionArgs, authedAction } from '@/lib/server/auth/action';
import { createFloatingIp, deleteFloatingIp } from '@/lib/server/config/floating-ips';
import { formText as text } from '@/lib/server/platform/form';

export const createFloatingIpAction = authedAction('admin', z.tuple([actionArgs.form]), async (user, form) => {
  const f = await createFloatingIp({
    input: { address: text(form, 'address'), purpose: text(form, 'purpose'), interface: text(form, 'interface') },
    actor: user.name,
    clusterId: text(form, 'clusterId'),
  });
  revalidatePath('/cluster-configuration/floating-ips');
  return { ok: true, message: `Added ${f.address}/${f.prefix}.` };
});

export const deleteFloatingIpAction = authedAction('admin', z.tuple([actionArgs.id]), async (user, id) => {
  await deleteFloatingIp({ id, actor: user.name });
  revalidatePath('/cluster-configuration/floating-ips');
});
