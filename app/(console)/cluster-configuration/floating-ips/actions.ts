'use server';
import { revalidatePath } from 'next/cache';
import { authedAction } from '@/lib/server/action';
import { createFloatingIp, deleteFloatingIp } from '@/lib/server/floating-ips';

const text = (f: FormData, k: string) => {
  const v = f.get(k);
  return typeof v === 'string' ? v : undefined;
};

export const createFloatingIpAction = authedAction(async (actor, form: FormData) => {
  const f = await createFloatingIp({ input: { address: text(form, 'address'), purpose: text(form, 'purpose'), interface: text(form, 'interface') }, actor });
  revalidatePath('/cluster-configuration/floating-ips');
  return { ok: true, message: `Added ${f.address}/${f.prefix}.` };
});

export const deleteFloatingIpAction = authedAction(async (actor, id: string) => {
  await deleteFloatingIp({ id, actor });
  revalidatePath('/cluster-configuration/floating-ips');
});
