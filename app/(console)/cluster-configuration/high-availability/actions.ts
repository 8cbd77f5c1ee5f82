'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { actionArgs, authedAction } from '@/lib/server/auth/action';
import { breakClusteredPair, createClusteredPair } from '@/lib/server/ha/clustered-pair';
import { makeDirectorActive } from '@/lib/server/ha/make-active';
import { formText } from '@/lib/server/platform/form';
import { updateConsoleSettings } from '@/lib/server/config/settings';

// "Make this director active": the floating IPs move to it (manual failover).
export const makeActiveAction = authedAction('operator', z.tuple([actionArgs.id]), async ({ name: actor }, id) => {
  const r = await makeDirectorActive({ id, actor });
  return {
    ok: true,
    message: r.changed
      ? `${r.active} is active: it took the floating IPs in ${(r.ms / 1000).toFixed(1)} s.`
      : `${r.active} was already active.`,
    data: r,
  };
});

// Create a clustered pair from the one director there is.
export const createPairAction = authedAction('admin', z.tuple([actionArgs.form]), async ({ name: actor }, form) => {
  const t = (k: string) => formText(form, k);
  const peer = await createClusteredPair({
    input: {
      localVrrpAddress: t('localVrrpAddress'),
      peer: {
        name: t('name'),
        host: t('host'),
        port: t('port'),
        user: t('user'),
        vrrpInterface: t('vrrpInterface'),
        vrrpAddress: t('vrrpAddress'),
      },
    },
    actor,
    clusterId: t('clusterId'),
  });
  revalidatePath('/', 'layout');
  return {
    ok: true,
    message: `Paired with ${peer.name}. Confirm its host key (Local Configuration > Directors > Test connection), then apply.`,
  };
});

// Break the pair: the secondary is no longer managed. `secondaryGone`: the admin confirms that a
// secondary the console cannot read is gone for good.
export const breakPairAction = authedAction(
  'admin',
  z.tuple([actionArgs.id, z.boolean().optional()]),
  async ({ name: actor }, clusterId, secondaryGone) => {
    const r = await breakClusteredPair({ actor, secondaryGone, clusterId });
    revalidatePath('/', 'layout');
    return { ok: true, message: `${r.removed} is no longer part of the pair.`, data: r };
  },
);

// Failover speed: the VRRP version and advert interval of the pair; reaches the directors at the next apply.
export const setFailoverAction = authedAction(
  'admin',
  z.tuple([z.string().max(10), z.string().max(20)]),
  async ({ name: actor }, vrrpVersion, vrrpAdvertInterval) => {
    await updateConsoleSettings({ input: { vrrpVersion, vrrpAdvertInterval: vrrpAdvertInterval.trim() }, actor });
    revalidatePath('/', 'layout');
    return { ok: true, message: 'Saved. Apply the configuration to put it on both directors.' };
  },
);
