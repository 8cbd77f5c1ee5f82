// Console-wide settings that are part of the configuration (exported, restored, rendered).
import { z } from 'zod';
import { INTERFACE_NAME_RE } from './common';

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

/** VRRP versions the directors can speak: 2 (whole-second adverts, the default) or 3 (down to centiseconds). */
export const VRRP_VERSIONS = [2, 3] as const;
/** The shortest advert interval the console renders with VRRPv3 (keepalived takes 0.01 s; below 0.1 s a busy director misses adverts). */
export const MIN_ADVERT_INTERVAL = 0.1;

/**
 * VRRPv2 sends whole seconds only (keepalived rounds 0.5 s to 1 s); VRRPv3 takes 0.01 to 40.95 s in
 * hundredths. The message says what to change.
 */
function checkAdvert(s: { vrrpVersion: number; vrrpAdvertInterval: number }, ctx: z.RefinementCtx) {
  const a = s.vrrpAdvertInterval;
  if (s.vrrpVersion === 2 && (!Number.isInteger(a) || a > 255))
    ctx.addIssue({
      code: 'custom',
      path: ['vrrpAdvertInterval'],
      message:
        a < 1
          ? `An advert interval of ${a} s needs VRRP version 3 (VRRPv2 sends whole seconds only): set the VRRP version to 3, or use 1 s or more.`
          : 'With VRRP version 2 use a whole number of seconds from 1 to 255, or set the VRRP version to 3.',
    });
  if (s.vrrpVersion === 3 && (a > 40.95 || Math.abs(a * 100 - Math.round(a * 100)) > 1e-6))
    ctx.addIssue({
      code: 'custom',
      path: ['vrrpAdvertInterval'],
      message: 'With VRRP version 3 use 0.1 to 40.95 seconds, in hundredths (e.g. 0.2).',
    });
}

/**
 * How long the backup director takes to become active (seconds), for an advert interval and the
 * backup's priority: after a crash of the active one 3 x interval + skew (RFC 5798's master-down
 * interval, skew = (256 - priority) / 256 x interval); after a clean stop (a priority-0 advert) the
 * skew only. Plus the gratuitous ARP's trip and the client's next try, which the lab measures.
 */
export function expectedTakeover(interval: number, backupPriority: number): { crash: number; cleanStop: number } {
  const skew = ((256 - backupPriority) / 256) * interval;
  return { crash: 3 * interval + skew, cleanStop: skew };
}

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
    /** VRRP version of the pair's adverts: 2 (default) or 3, which sub-second intervals need. */
    vrrpVersion: z.coerce
      .number({ error: 'Send the VRRP version: 2 or 3.' })
      .refine((v) => v === 2 || v === 3, { error: 'Use VRRP version 2 or 3.' })
      .default(2),
    /** Seconds between the active director's adverts (keepalived's advert_int): 1 by default; 0.1 to 0.9 need version 3. */
    vrrpAdvertInterval: z.coerce
      .number({ error: 'Give the advert interval in seconds, e.g. 1 or 0.2.' })
      .min(MIN_ADVERT_INTERVAL, { error: `Use an advert interval of at least ${MIN_ADVERT_INTERVAL} s.` })
      .default(1),
    /**
     * Auto-NAT (the appliance's Layer 4 Advanced Configuration): the directors' external interface; the
     * outbound traffic of NAT-mode real servers leaves it with its address. Empty: off (the default).
     */
    autoNatInterface: z
      .string({ error: 'Give the external interface’s name (e.g. eth0), or leave it empty to switch Auto-NAT off.' })
      .trim()
      .refine((v) => v === '' || INTERFACE_NAME_RE.test(v), {
        error:
          'Give an interface name as ip link shows it, e.g. eth0 or ens18 (at most 15 letters, digits, ".", "_", ":" or "-"), or leave it empty to switch Auto-NAT off.',
      })
      .default(''),
  })
  .strict()
  .superRefine(checkAdvert);

export type ConsoleSettings = z.output<typeof consoleSettingsSchema>;
export const DEFAULT_SETTINGS: ConsoleSettings = {
  drainPersistentClients: 'follow',
  checkTiming: DEFAULT_CHECK_TIMING,
  quiescent: false,
  vrrpVersion: 2,
  vrrpAdvertInterval: 1,
  autoNatInterface: '',
};
