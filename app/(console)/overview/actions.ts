'use server';
import { z } from 'zod';
import { actionArgs, authedAction } from '@/lib/server/action';
import { setRealServerState } from '@/lib/server/real-server-state';
import { ADMIN_STATES } from '@/lib/schemas/real-server';

// Drain / Halt / Online from the System Overview: live on every director, no reload.
export const setRealServerStateAction = authedAction(
  'operator',
  z.tuple([actionArgs.id, actionArgs.id, z.enum(ADMIN_STATES), z.boolean()]),
  async ({ name: actor }, virtualServiceId, id, state, allServices) => {
    const r = await setRealServerState({ virtualServiceId, id, input: { state, allServices }, actor });
    const pending = r.directors.filter((d) => !d.done);
    const what = `${r.realServers.map((x) => `${x.label} (${x.service})`).join(', ')}: ${state}`;
    return { ok: true, message: pending.length ? `${what}. ${pending.map((d) => d.message).join(' ')}` : `${what} on ${r.directors.map((d) => d.director).join(' and ') || 'no director yet'}.`, data: r };
  },
);
