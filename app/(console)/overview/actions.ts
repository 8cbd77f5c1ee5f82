'use server';
import { z } from 'zod';
import { actionArgs, authedAction } from '@/lib/server/auth/action';
import { setRealServerState } from '@/lib/server/live/real-server-state';
import { ADMIN_STATES } from '@/lib/schemas/real-server';
import { findClient } from '@/lib/server/live/clients';

// Drain / Halt / Online from the System Overview: live on every director, no reload.
export const setRealServerStateAction = authedAction(
  'operator',
  z.tuple([actionArgs.id, actionArgs.id, z.enum(ADMIN_STATES), z.boolean(), z.number().int().nullable()]),
  async ({ name: actor }, virtualServiceId, id, state, allServices, haltWhenIdleSeconds) => {
    const r = await setRealServerState({
      virtualServiceId,
      id,
      input: { state, allServices, ...(haltWhenIdleSeconds ? { haltWhenIdle: { deadlineSeconds: haltWhenIdleSeconds } } : {}) },
      actor,
    });
    const pending = r.directors.filter((d) => !d.done);
    const names = r.realServers.map((x) => `${x.label} (${x.service})`);
    const list = names.length > 6 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
    const scope =
      r.scope === 'address' && !allServices
        ? 'One state file per real-server address (this table has more than 2,000 real servers), so in every service it serves: '
        : '';
    const what = `${scope}${list}: ${state}${r.haltWhenIdleDeadline ? `, halted when idle (at the latest ${r.haltWhenIdleDeadline.toISOString().replace('T', ' ').slice(0, 16)} UTC)` : ''}`;
    return {
      ok: true,
      message: pending.length
        ? `${what}. ${pending.map((d) => d.message).join(' ')}`
        : `${what} on ${r.directors.map((d) => d.director).join(' and ') || 'no director yet'}.`,
      data: r,
    };
  },
);

// "Where does client X land?" (reads the directors, changes nothing).
export const findClientAction = authedAction('read-only', z.tuple([z.string().max(64)]), async (_user, ip) => ({
  ok: true,
  data: await findClient(ip),
}));
