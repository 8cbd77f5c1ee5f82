// Alerts: the channels (email over SMTP, webhooks), how long a state must hold before it is sent, and
// the window in which many changes become one digest. Shared by the API, the page and the tests.
import { z } from 'zod';
import { emailAddressSchema as address } from './common';
import { ipFamily } from './net';

export const SMTP_SECURITY = ['none', 'starttls', 'tls'] as const;

export const emailChannelSchema = z
  .object({
    host: z
      .string()
      .trim()
      .min(1, { error: 'Enter the SMTP server (a host name or address).' })
      .max(253)
      .regex(/^[A-Za-z0-9.:-]+$/, { error: 'Use a host name or an IP address, without a scheme or a port.' }),
    port: z.coerce.number().int().min(1, { error: 'Use a port from 1 to 65535.' }).max(65535, { error: 'Use a port from 1 to 65535.' }),
    security: z.enum(SMTP_SECURITY, { error: 'Choose none, starttls or tls.' }),
    username: z.string().trim().max(254).optional(),
    /** Write-only: left out (or null) keeps the stored one; "" removes it. */
    password: z.string().max(1024).nullable().optional(),
    from: address,
    to: z.array(address).min(1, { error: 'Give at least one recipient.' }).max(50),
  })
  .strict();

export const webhookSchema = z
  .object({
    url: z
      .string()
      .trim()
      .url({ error: 'Enter the webhook URL, e.g. https://chat.example.com/hooks/abc.' })
      .max(2000)
      .refine((u) => /^https?:\/\//.test(u), { error: 'Use an http:// or https:// URL.' }),
    /** Signs each body: header X-LVS-Signature: sha256=<HMAC-SHA256 of the body, hex>. Write-only: left out keeps it, "" removes it. */
    secret: z.string().max(256).optional(),
  })
  .strict();

export const alertSettingsSchema = z
  .object({
    email: emailChannelSchema.nullable().default(null),
    webhooks: z.array(webhookSchema).max(10).default([]),
    /** A state must hold this long before it is sent, and its recovery likewise. */
    holdDownSeconds: z.coerce.number().int().min(0).max(3600).default(30),
    /** Changes reported within this window of the first one go out as one digest. */
    digestWindowSeconds: z.coerce.number().int().min(0).max(600).default(10),
    /** The console's address as admins reach it, for the links in messages (e.g. https://lb-console:9443). */
    consoleUrl: z
      .string()
      .trim()
      .url({ error: 'Enter the console’s address, e.g. https://lb-console.example.com:9443.' })
      .max(500)
      .optional(),
  })
  .strict();

export type AlertSettingsInput = z.input<typeof alertSettingsSchema>;
export type AlertSettings = z.output<typeof alertSettingsSchema>;

/** What GET /api/v1/alerts answers: the settings, the password replaced by whether one is stored. */
export type AlertSettingsView = Omit<AlertSettings, 'email' | 'webhooks'> & {
  email: (Omit<z.output<typeof emailChannelSchema>, 'password'> & { passwordSet: boolean }) | null;
  /** The secrets are write-only too: a webhook given again without `secret` keeps its own. */
  webhooks: { url: string; secretSet: boolean }[];
};

export const DEFAULT_ALERT_SETTINGS: AlertSettings = { email: null, webhooks: [], holdDownSeconds: 30, digestWindowSeconds: 10 };

/** One watched thing's change, as the engine reports it. */
export interface AlertEvent {
  /** e.g. "rs:<serviceId>:<realServerId>", "service:<id>", "director:<id>", "pair:active". */
  key: string;
  kind:
    'real-server' | 'service' | 'director' | 'failover' | 'standby' | 'split-brain' | 'flapping' | 'apply' | 'catch-up' | 'halt-when-idle';
  from: string | null;
  to: string;
  /** Seconds. */
  at: number;
  /** When the change was first seen (seconds): `at` less the hold-down. */
  since?: number;
  /** One line a person reads, e.g. "Real server GW02 (192.168.98.232) of GW_VIP_L4 is down". */
  text: string;
  /** Facts for the webhook body: service, realServer, address, director. */
  facts: Record<string, string>;
  /** The console page that shows it. */
  path: string;
}

export interface AlertDeliveryView {
  id: string;
  at: string;
  channel: string;
  subject: string;
  ok: boolean;
  detail: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
}

/** What a test message got from one channel's server. */
export interface TestAlertResult {
  channel: string;
  ok: boolean;
  detail: string;
}

/** The longest maintenance window a silence may cover (a week). */
export const MAX_SILENCE_MINUTES = 7 * 24 * 60;

/**
 * A silence: no alerts about a virtual service (and its real servers), or about one of its real servers,
 * for a maintenance window: `minutes` from now, or `until` a time. Things are named by label.
 */
export const silenceSchema = z
  .object({
    service: z
      .string({ error: 'Name the virtual service by its label, e.g. GW_VIP_L4.' })
      .trim()
      .min(1, { error: 'Name the virtual service by its label, e.g. GW_VIP_L4.' })
      .max(64),
    /** A real server of that service, by label; left out or empty for the whole service. */
    realServer: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
      z.string().trim().max(64).nullable().default(null),
    ),
    minutes: z.coerce
      .number({ error: 'Give the window in minutes, e.g. 60.' })
      .int({ error: 'Give whole minutes.' })
      .min(1, { error: 'Give at least 1 minute.' })
      .max(MAX_SILENCE_MINUTES, { error: `A silence lasts at most a week (${MAX_SILENCE_MINUTES} minutes); add another when it ends.` })
      .optional(),
    until: z.iso.datetime({ offset: true, error: 'Give the end as a time such as 2026-12-03T06:00:00Z.' }).optional(),
    reason: z
      .string({ error: 'Say why, e.g. "patching GW02 (change 4711)".' })
      .trim()
      .min(1, { error: 'Say why, e.g. "patching GW02 (change 4711)".' })
      .max(500),
  })
  .strict()
  .refine((s) => (s.minutes === undefined) !== (s.until === undefined), {
    path: ['minutes'],
    error: 'Give either minutes (how long from now) or until (when it ends), not both.',
  });

export type SilenceInput = z.input<typeof silenceSchema>;

export interface SilenceView {
  id: string;
  serviceId: string;
  realServerId: string | null;
  /** "GW_VIP_L4" or "GW_VIP_L4 / GW02", as named when it was silenced. */
  target: string;
  from: string;
  until: string;
  reason: string;
  createdBy: string;
  /** Ended by hand before its time (who ended it). */
  endedBy: string | null;
  active: boolean;
}

/** Where the directors' keepalived mails its own VRRP changes (a failover with the console stopped). */
export interface DirectorMail {
  server: string;
  port: number;
  from: string;
  to: string[];
}

/**
 * Whether the directors can mail their own VRRP changes with the email channel (keepalived's smtp_alert):
 * keepalived speaks plain SMTP only, without login, to a server each director reaches. `why` says what
 * the directors do, for the Alerts page.
 */
export function directorMailOf(
  email: (Pick<z.output<typeof emailChannelSchema>, 'host' | 'port' | 'security' | 'from' | 'to'> & { username?: string }) | null,
): {
  mail: DirectorMail | null;
  why: string;
} {
  if (!email) return { mail: null, why: 'Without an email channel the directors send nothing themselves.' };
  if (email.security !== 'none')
    return {
      mail: null,
      why: 'The directors send nothing themselves: keepalived speaks plain SMTP only (no STARTTLS or TLS). To have them report a failover while the console is stopped, use a relay that takes plain SMTP from the directors.',
    };
  if (email.username)
    return {
      mail: null,
      why: 'The directors send nothing themselves: keepalived cannot log in to an SMTP server. To have them report a failover while the console is stopped, use a relay that takes mail from the directors without a login.',
    };
  if (/^(127\.|localhost$|::1$|0\.0\.0\.0$)/i.test(email.host))
    return {
      mail: null,
      why: `The directors send nothing themselves: ${email.host} is each machine's own address. Give an SMTP server the directors reach too.`,
    };
  if (!ipFamily(email.host))
    return {
      mail: null,
      why: `The directors send nothing themselves: they are given the SMTP server only as an IP address (keepalived refuses its whole configuration when it cannot resolve a name). Enter ${email.host}'s address to have them report a failover while the console is stopped.`,
    };
  return {
    mail: { server: email.host, port: email.port, from: email.from, to: email.to },
    why: `The directors also mail their own failovers (keepalived's smtp_alert) to ${email.host}:${email.port} in plain SMTP, so a failover is reported while the console is stopped too (then twice while it runs: once by each). Applied with the next apply.`,
  };
}
