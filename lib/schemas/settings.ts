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

/** A whole number of seconds (or retries) within a range, with a message that says the range. */
const whole = (what: string, min: number, max: number) =>
  z.coerce
    .number({ error: `Give ${what} as a number.` })
    .int({ error: `Give ${what} as a whole number.` })
    .min(min, { error: `Use ${min} to ${max} for ${what}.` })
    .max(max, { error: `Use ${min} to ${max} for ${what}.` });

/**
 * Health-check timing (the appliance's Layer 4 Advanced Configuration): how often each real server is
 * checked, how long a check may take, how many more tries before it counts as down, and the wait
 * between tries. keepalived's delay_loop, connect_timeout, retry and delay_before_retry.
 */
export const CHECK_TIMING_LIMITS = {
  interval: ['the check interval', 1, 3600],
  timeout: ['the check timeout', 1, 600],
  retries: ['the retries', 0, 20],
  retryDelay: ['the delay between retries', 1, 600],
} as const;

export const checkTimingSchema = z
  .object({
    interval: whole(...CHECK_TIMING_LIMITS.interval).default(10),
    timeout: whole(...CHECK_TIMING_LIMITS.timeout).default(5),
    retries: whole(...CHECK_TIMING_LIMITS.retries).default(2),
    retryDelay: whole(...CHECK_TIMING_LIMITS.retryDelay).default(3),
  })
  .strict();

export type CheckTiming = z.output<typeof checkTimingSchema>;

/** The timing fields as the forms show them (the global one and a service's own). */
export const CHECK_TIMING_FIELDS: readonly { key: keyof CheckTiming; label: string; help: string }[] = [
  { key: 'interval', label: 'Check interval (s)', help: 'How often each real server is checked (keepalived’s delay_loop).' },
  { key: 'timeout', label: 'Check timeout (s)', help: 'How long one check may take to connect and answer.' },
  { key: 'retries', label: 'Retries', help: 'More tries after a failed check before the real server counts as down.' },
  { key: 'retryDelay', label: 'Delay between retries (s)', help: 'The wait before each retry.' },
];

export const DEFAULT_CHECK_TIMING: CheckTiming = { interval: 10, timeout: 5, retries: 2, retryDelay: 3 };

export const consoleSettingsSchema = z
  .object({
    drainPersistentClients: z.enum(DRAIN_PERSISTENT_CLIENTS, { error: 'Choose "follow" or "stay".' }).default('follow'),
    checkTiming: checkTimingSchema.default(DEFAULT_CHECK_TIMING),
    /**
     * Quiescent (keepalived's inhibit_on_failure): a real server that fails its check stays in the table
     * at weight 0 instead of being removed, so that its open connections (and persistent clients) are not
     * cut. For every service without its own setting. Off by default.
     */
    quiescent: z.boolean({ error: 'Send true or false.' }).default(false),
  })
  .strict();

export type ConsoleSettings = z.output<typeof consoleSettingsSchema>;
export const DEFAULT_SETTINGS: ConsoleSettings = { drainPersistentClients: 'follow', checkTiming: DEFAULT_CHECK_TIMING, quiescent: false };
