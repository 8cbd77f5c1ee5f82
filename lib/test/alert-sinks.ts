// Where tests send alerts: an SMTP server and a webhook receiver on 127.0.0.1 that keep what they get.
// Used by the unit, browser and lab tests; nothing leaves the machine.
import http from 'node:http';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../runtime/free-port';

/** A message as a person reads it: folded headers unfolded, quoted-printable soft breaks and escapes undone. */
export const readable = (raw: string) =>
  raw
    .replace(/\r\n[ \t]+/g, ' ')
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

export interface SmtpSink {
  port: number;
  /** Each message received, readable, with its recipients. */
  mails: { to: string[]; text: string }[];
  /** Listening again on the same port (after stop). */
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

/** An SMTP server on 127.0.0.1 (no TLS, no login); `listen: false` only picks its port. */
export async function startSmtpSink(opts: { listen?: boolean } = {}): Promise<SmtpSink> {
  const port = await freePort();
  let server: SMTPServer | null = null;
  const sink: SmtpSink = {
    port,
    mails: [],
    start: async () => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, session, done) {
          let text = '';
          stream.on('data', (c: Buffer) => (text += c.toString()));
          stream.on('end', () => {
            sink.mails.push({ to: session.envelope.rcptTo.map((r) => r.address), text: readable(text) });
            done();
          });
        },
      });
      const s = server;
      await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
    },
    stop: async () => {
      const s = server;
      server = null;
      if (s) await new Promise((resolve) => s.close(() => resolve(undefined)));
    },
  };
  if (opts.listen !== false) await sink.start();
  return sink;
}

export interface WebhookReceiver {
  url: string;
  posts: { body: string; signature: string | undefined }[];
  stop: () => Promise<void>;
}

/** An HTTP server on 127.0.0.1 that answers 200 "received" to every POST and keeps its body. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const posts: WebhookReceiver['posts'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      posts.push({ body, signature: req.headers['x-lvs-signature'] as string | undefined });
      res.end('received');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/hook`, posts, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
