// Sending one message on one channel: email over SMTP (nodemailer) or a webhook (a JSON POST, signed
// with HMAC-SHA256 when the webhook has a secret). Each says what the server answered, or throws with it.
import 'server-only';
import crypto from 'node:crypto';
import nodemailer from 'nodemailer';
import type { AlertChannels } from './settings';

const TIMEOUT_MS = 15_000;

export interface OutgoingMessage {
  subject: string;
  body: string;
  payload: unknown;
  recipients: string[];
}

export async function sendEmail(email: NonNullable<AlertChannels['email']>, password: string | null, m: OutgoingMessage): Promise<string> {
  const transport = nodemailer.createTransport({
    host: email.host,
    port: email.port,
    secure: email.security === 'tls',
    requireTLS: email.security === 'starttls',
    ignoreTLS: email.security === 'none',
    auth: email.username ? { user: email.username, pass: password ?? '' } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    const info = await transport.sendMail({ from: email.from, to: m.recipients, subject: m.subject, text: m.body });
    return `${email.host}:${email.port} answered: ${String(info.response).slice(0, 300)}`;
  } catch (err) {
    const e = err as Error & { response?: string; code?: string };
    throw new Error(`${email.host}:${email.port}: ${e.response ?? e.message}${e.code ? ` (${e.code})` : ''}`.slice(0, 500), { cause: err });
  } finally {
    transport.close();
  }
}

/** The signature header of a body: sha256=<hex HMAC-SHA256 with the webhook's secret>. */
export const signature = (secret: string, body: string) => `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;

export async function sendWebhook(url: string, secret: string | undefined, payload: unknown): Promise<string> {
  const body = JSON.stringify(payload);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'lvs-console',
        ...(secret ? { 'x-lvs-signature': signature(secret, body) } : {}),
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`${url}: ${cause?.code ?? cause?.message ?? (err as Error).message}`, { cause: err });
  }
  const text = (await res.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ');
  const answer = `HTTP ${res.status} ${res.statusText}${text ? `: ${text}` : ''}`;
  if (!res.ok) throw new Error(`${url} answered ${answer}`);
  return `${url} answered ${answer}`;
}
