'use server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { actionArgs, authedAction } from '@/lib/server/auth/action';
import { formLast as last, formText as text } from '@/lib/server/platform/form';
import { createVirtualService, deleteVirtualService, updateVirtualService } from '@/lib/server/config/virtual-services';
import { clusterHref } from '@/lib/schemas/cluster';
import { clusterParam } from '@/lib/server/clusters/page-cluster';

/** The check's fields of the type chosen (the form shows only those). */
function healthCheckInput(f: FormData) {
  const type = text(f, 'healthCheck.type');
  const of = (t: string[], name: string) => (type !== undefined && t.includes(type) ? text(f, `healthCheck.${name}`) : null);
  const urls = Number(text(f, 'healthCheck.moreUrls.count') ?? 0);
  const mode = text(f, 'healthCheck.udpReplyMode');
  return {
    type,
    port: text(f, 'healthCheck.port') ?? null,
    protocol: of(['negotiate'], 'protocol'),
    request: of(['negotiate'], 'request'),
    response: of(['negotiate'], 'response'),
    virtualHost: of(['negotiate'], 'virtualHost'),
    command: of(['external'], 'command'),
    status: of(['negotiate'], 'status'),
    digest: of(['negotiate'], 'digest'),
    moreUrls:
      type === 'negotiate'
        ? Array.from({ length: Math.min(urls, 20) }, (_, i) => ({
            path: text(f, `healthCheck.moreUrls.${i}.path`) ?? '',
            status: text(f, `healthCheck.moreUrls.${i}.status`),
            response: text(f, `healthCheck.moreUrls.${i}.response`),
            digest: text(f, `healthCheck.moreUrls.${i}.digest`),
          }))
        : [],
    heloName: of(['smtp'], 'heloName'),
    dnsName: of(['dns'], 'dnsName'),
    dnsType: of(['dns'], 'dnsType'),
    udpPayload: of(['udp'], 'udpPayload'),
    udpReply: type !== 'udp' || mode === 'none' ? null : mode === 'any' ? 'any' : (text(f, 'healthCheck.udpReply') ?? 'any'),
    args: of(['external'], 'args'),
  };
}

/** The form's fields as the API's input object (one schema validates both). */
function serviceInput(f: FormData) {
  return {
    label: text(f, 'label'),
    ip: text(f, 'ip'),
    ports: text(f, 'ports'),
    protocol: text(f, 'protocol'),
    forwarding: text(f, 'forwarding'),
    scheduler: text(f, 'scheduler'),
    persistence: {
      enabled: last(f, 'persistence.enabled') === 'true',
      timeout: text(f, 'persistence.timeout'),
      granularity: text(f, 'persistence.granularity'),
    },
    healthCheck: healthCheckInput(f),
    fallback: { ip: text(f, 'fallback.ip'), port: text(f, 'fallback.port') },
    quorum: text(f, 'quorum'),
    hysteresis: text(f, 'hysteresis'),
    quiescent: text(f, 'quiescent') ?? '',
    emailAlert: text(f, 'emailAlert') ?? '',
    checkTiming: {
      interval: text(f, 'checkTiming.interval'),
      timeout: text(f, 'checkTiming.timeout'),
      retries: text(f, 'checkTiming.retries'),
      retryDelay: text(f, 'checkTiming.retryDelay'),
    },
  };
}

const LIST = '/cluster-configuration/virtual-services';
/** The list of the service's own cluster (default's keeps today's address). */
const listOf = async (clusterId: string, saved: string) =>
  clusterHref(`${LIST}?saved=${encodeURIComponent(saved)}`, await clusterParam(clusterId));

// Create (also "clone": the form arrives prefilled, and the bound service id says whose real servers to copy)
export const createVirtualServiceAction = authedAction(
  'admin',
  z.tuple([actionArgs.id.nullable(), actionArgs.id, actionArgs.form]),
  async ({ name: actor }, cloneRealServersFrom, clusterId, form) => {
    const { value } = await createVirtualService({
      input: serviceInput(form),
      actor,
      cloneRealServersFrom: cloneRealServersFrom ?? undefined,
      clusterId,
    });
    revalidatePath(LIST);
    redirect(await listOf(value.clusterId, value.label));
  },
);

export const updateVirtualServiceAction = authedAction(
  'admin',
  z.tuple([actionArgs.id, actionArgs.form]),
  async ({ name: actor }, id, form) => {
    const { value } = await updateVirtualService({ id, patch: { ...serviceInput(form), version: text(form, 'version') }, actor });
    revalidatePath(LIST);
    redirect(await listOf(value.clusterId, value.label));
  },
);

export const deleteVirtualServiceAction = authedAction(
  'admin',
  z.tuple([actionArgs.id, actionArgs.version]),
  async ({ name: actor }, id, version) => {
    await deleteVirtualService({ id, version, actor });
    revalidatePath(LIST);
  },
);
