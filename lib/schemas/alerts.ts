// Alerts: the channels (email over SMTP, webhooks), how long a state must hold before it is sent, and
// the window in which many changes become one digest. Shared by the API, the page and the tests.
import { z } from 'zod';

const address = z.string().trim().email({ error: 'Enter an email address such as noc@example.com.' }).max(254);

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
