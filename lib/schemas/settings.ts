// Console-wide settings that are part of the configuration (exported, restored, rendered).
import { z } from 'zod';

/**
 * What persistent clients of a drained real server do: "follow" (they go to other servers at their
 * next connection: net.ipv4.vs.expire_quiescent_template=1) or "stay" (they keep going to the drained
 * server until their persistence times out: the kernel's default, the appliance's "soft" drain).
 */
export const DRAIN_PERSISTENT_CLIENTS = ['follow', 'stay'] as const;
export const DRAIN_PERSISTENT_CLIENTS_LABELS: Record<(typeof DRAIN_PERSISTENT_CLIENTS)[number], string> = {
  follow: 'Follow to other real servers at their next connection (no new connection reaches a drained server)',
  stay: 'Stay on the drained server until their persistence times out',
};

export const consoleSettingsSchema = z
  .object({
    drainPersistentClients: z.enum(DRAIN_PERSISTENT_CLIENTS, { error: 'Choose "follow" or "stay".' }).default('follow'),
  })
  .strict();

export type ConsoleSettings = z.output<typeof consoleSettingsSchema>;
export const DEFAULT_SETTINGS: ConsoleSettings = { drainPersistentClients: 'follow' };
