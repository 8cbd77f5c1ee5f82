// A virtual service's health check: which of keepalived's checkers tests each real server, and with what.
// The kinds and their fields, as the form, the REST API, the CLI, backups and the importers send them.
// Each field is used by one kind (or two) only; a field set for another kind is an error that says so.
import { z } from 'zod';
import { emptyToNull, portSchema } from './common';

export const CHECK_TYPES = ['negotiate', 'connect', 'smtp', 'dns', 'udp', 'ping', 'external', 'none'] as const;
export const CHECK_PROTOCOLS = ['http', 'https'] as const;
/** The record types keepalived's DNS_CHECK can ask for. */
export const DNS_TYPES = ['A', 'AAAA', 'NS', 'CNAME', 'SOA', 'MX', 'TXT'] as const;
export type CheckType = (typeof CHECK_TYPES)[number];

export const CHECK_TYPE_LABELS: Record<CheckType, string> = {
  negotiate: 'Negotiate',
  connect: 'Connect to port',
  smtp: 'SMTP',
  dns: 'DNS',
  udp: 'UDP',
  ping: 'Ping server',
  external: 'External script',
  none: 'No checks',
};

/** What each kind does, for the form's help and the API reference. */
export const CHECK_TYPE_HELP: Record<CheckType, string> = {
  negotiate:
    'HTTP or HTTPS: asks for one or more URLs and expects the status (any 2xx unless set), and optionally a text in the page or its MD5 digest. With a virtual host, HTTPS sends it as SNI. keepalived 2.2 does not verify certificates: use an external script for that.',
  connect: 'Opens a TCP connection to the port: the server is up while it accepts.',
  smtp: 'Connects to the SMTP port, expects the 220 greeting, says HELO (with the HELO name) and QUIT.',
  dns: 'Asks the server (UDP) for a name and record type and expects an answer without error.',
  udp: 'Sends a datagram (the payload) and, if set, expects a reply that starts with the given bytes; without a required reply only an ICMP "port unreachable" marks the server down.',
  ping: 'Sends ICMP echo requests to the real server.',
  external:
    'Runs a script from the checks directory with the real server’s address and port (and the arguments): exit 0 means up. Use it for what keepalived cannot check itself (MySQL, LDAP, IMAP, POP3, SIP, a certificate).',
  none: 'No check: a failed real server keeps receiving connections.',
};

// A URL path and query as an HTTP check sends it: printable ASCII without spaces, quotes, backslashes
// or a fragment. (keepalived's parser cannot carry '"' or '\' in a path; '#' is never sent.)
export const requestPathSchema = z
  .string()
  .trim()
  .max(255, 'Use at most 255 characters.')
  .regex(
    /^\/[A-Za-z0-9\-._~:/?[\]@!$&'()*+,;=%]*$/,
    'Enter a path that starts with "/", such as /app/system/ping; no spaces, quotes, "\\" or "#".',
  );

// What the body must contain: any text on one line (it is matched literally, not as a regex).
export const responseSchema = z
  .string()
  .max(255, 'Use at most 255 characters.')
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'Use text on one line, without control characters.');

export const hostSchema = z
  .string()
  .trim()
  .max(253)
  .regex(
    /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/,
    'Enter a host name such as gateway.example.com.',
  );

/** The only directory external health-check scripts may come from: keepalived runs them as root. */
export const EXTERNAL_CHECKS_DIR = '/usr/local/lib/lvs-console/checks';
export const CHECK_SCRIPT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const WHERE_SCRIPTS_GO = `External checks run only scripts from ${EXTERNAL_CHECKS_DIR}/ on the directors (keepalived runs them as root): put the script there on both directors (chmod 755) and enter its file name, e.g. leostream-check.sh.`;

/** An external check's script: its file name in EXTERNAL_CHECKS_DIR (the full path there is accepted too). */
export const commandSchema = z
  .string()
  .trim()
  .max(255)
  .transform((v, ctx) => {
    const name = v.startsWith(`${EXTERNAL_CHECKS_DIR}/`) ? v.slice(EXTERNAL_CHECKS_DIR.length + 1) : v;
    if (!CHECK_SCRIPT_NAME.test(name)) {
      ctx.addIssue({
        code: 'custom',
        message: v.includes('/')
          ? `${v} is outside ${EXTERNAL_CHECKS_DIR}/. ${WHERE_SCRIPTS_GO}`
          : `"${v}" is not a script file name (letters, digits, ".", "_", "-"). ${WHERE_SCRIPTS_GO}`,
      });
      return z.NEVER;
    }
    return name;
  });

const nullable = <T extends z.ZodType>(s: T) => z.preprocess(emptyToNull, s.nullable()).default(null);

/** Expected HTTP status: codes and ranges ("200", "200-399", "200-299,301"), written back as "200-299,301". */
export const statusSchema = z
  .string()
  .trim()
  .max(100, 'Use at most 100 characters.')
  .transform((v, ctx) => {
    const parts = v.split(/[\s,]+/).filter(Boolean);
    const ok = parts.every((p) => {
      const m = /^(\d{3})(?:-(\d{3}))?$/.exec(p);
      if (!m) return false;
      const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
      return from >= 100 && to <= 599 && from <= to;
    });
    if (!parts.length || !ok) {
      ctx.addIssue({ code: 'custom', message: 'Enter HTTP status codes or ranges from 100 to 599, e.g. 200, 200-399 or 200-299,301.' });
      return z.NEVER;
    }
    return parts.join(',');
  });

/** The MD5 digest of the page, as keepalived's genhash prints it. */
export const digestSchema = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F]{32}$/, 'Enter the page’s MD5 digest: 32 hexadecimal digits (genhash prints it).')
  .transform((v) => v.toLowerCase());

/** Bytes as hexadecimal digits (spaces and colons between bytes are allowed and dropped). */
const hexSchema = (what: string) =>
  z
    .string()
    .transform((v) => v.replace(/[\s:]/g, '').toLowerCase())
    .refine((v) => /^([0-9a-f]{2}){1,256}$/.test(v), `Enter ${what} as hexadecimal bytes, e.g. 0a1b2c (at most 256 bytes).`);

/** What a DNS check asks for: a host name, or "." for the root. */
export const dnsNameSchema = z
  .string()
  .trim()
  .max(253, 'Use at most 253 characters.')
  .regex(
    /^(\.|[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?)$/,
    'Enter the name to ask for, such as gateway.example.com, or "." for the root.',
  )
  // keepalived 2.2's DNS_CHECK reads "x.example.com" as having an empty label (its check starts one byte late).
  .refine(
    (v) => !/^[^.]\./.test(v),
    'keepalived cannot ask for a name whose first label is one character (such as a.example.com): ask for another name.',
  );

/** An external check's arguments, after the real server's address and port: plain words. */
export const scriptArgsSchema = z
  .string()
  .trim()
  .max(255, 'Use at most 255 characters.')
  .regex(
    /^[A-Za-z0-9._:/=,@+%-]+(\s+[A-Za-z0-9._:/=,@+%-]+)*$/,
    'Use words of letters, digits and . _ : / = , @ + % - separated by spaces.',
  )
  .transform((v) => v.split(/\s+/).join(' '));

/** One URL an HTTP(S) check asks for, and what its answer must be. */
export const urlCheckSchema = z
  .object({
    path: requestPathSchema,
    status: nullable(statusSchema),
    response: z.preprocess((v) => (v === '' ? null : v), responseSchema.nullable()).default(null),
    digest: nullable(digestSchema),
  })
  .strict();

export const healthCheckSchema = z.object({
  type: z.enum(CHECK_TYPES, { error: `Choose one of: ${CHECK_TYPES.join(', ')}.` }).default('connect'),
  port: nullable(portSchema),
  protocol: nullable(z.enum(CHECK_PROTOCOLS, { error: 'Choose http or https.' })),
  request: nullable(requestPathSchema),
  response: z.preprocess((v) => (v === '' ? null : v), responseSchema.nullable()).default(null),
  virtualHost: nullable(hostSchema),
  command: nullable(commandSchema),
  /** Negotiate: the first URL's expected status (null: any 2xx) and page digest. */
  status: nullable(statusSchema),
  digest: nullable(digestSchema),
  /** Negotiate: URLs checked besides the first (request); every one must pass. */
  moreUrls: z.preprocess((v) => v ?? [], z.array(urlCheckSchema).max(9, 'Check at most 10 URLs in all.')).default([]),
  /** SMTP: the name said in HELO (null: keepalived's own). */
  heloName: nullable(hostSchema),
  /** DNS: the name and record type asked for. */
  dnsName: nullable(dnsNameSchema),
  dnsType: nullable(
    z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
      z.enum(DNS_TYPES, { error: `Choose one of: ${DNS_TYPES.join(', ')}.` }),
    ),
  ),
  /** UDP: the datagram sent, and the reply required: null none, "any", or the bytes it starts with. */
  udpPayload: nullable(hexSchema('the payload')),
  udpReply: nullable(z.union([z.literal('any'), hexSchema('the reply')])),
  /** External: arguments after the real server's address and port. */
  args: nullable(scriptArgsSchema),
});

export type HealthCheck = z.output<typeof healthCheckSchema>;

/** A check of kind `type` with every other field empty. */
export const NO_CHECK = {
  type: 'none',
  port: null,
  protocol: null,
  request: null,
  response: null,
  virtualHost: null,
  command: null,
  status: null,
  digest: null,
  moreUrls: [],
  heloName: null,
  dnsName: null,
  dnsType: null,
  udpPayload: null,
  udpReply: null,
  args: null,
} as const satisfies HealthCheck;

const issue = (ctx: z.RefinementCtx, path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

/** The fields each kind uses (besides type and port). */
const FIELDS_OF: Record<CheckType, (keyof HealthCheck)[]> = {
  negotiate: ['protocol', 'request', 'response', 'virtualHost', 'status', 'digest', 'moreUrls'],
  connect: [],
  smtp: ['heloName'],
  dns: ['dnsName', 'dnsType'],
  udp: ['udpPayload', 'udpReply'],
  ping: [],
  external: ['command', 'args'],
  none: [],
};
const OPTIONAL_FIELDS = Object.keys(NO_CHECK).filter((k) => k !== 'type' && k !== 'port') as (keyof HealthCheck)[];
const isEmpty = (v: unknown) => v === null || (Array.isArray(v) && v.length === 0);

/** Each check type with the fields it uses, and only those (defaults filled in); `hc` is changed in place. */
export function checkHealthCheck(hc: HealthCheck, protocol: 'tcp' | 'udp' | 'tcpudp', firstPort: number, ctx: z.RefinementCtx): void {
  if ((hc.type === 'negotiate' || hc.type === 'connect' || hc.type === 'smtp') && protocol === 'udp') {
    issue(
      ctx,
      ['healthCheck', 'type'],
      `${CHECK_TYPE_LABELS[hc.type]} checks use TCP; for a UDP-only service choose UDP, DNS, Ping server, External script or No checks.`,
    );
  }
  for (const f of OPTIONAL_FIELDS) {
    if (FIELDS_OF[hc.type].includes(f) || isEmpty(hc[f])) continue;
    const users = CHECK_TYPES.filter((t) => FIELDS_OF[t].includes(f)).map((t) => CHECK_TYPE_LABELS[t]);
    issue(ctx, ['healthCheck', f], `Only ${users.join(' and ')} checks use this field; clear it or choose that check type.`);
  }
  if (hc.type === 'negotiate') {
    hc.protocol ??= (hc.port ?? firstPort) === 443 ? 'https' : 'http';
    hc.request ??= '/';
  }
  if (hc.type === 'dns') {
    hc.dnsName ??= '.';
    hc.dnsType ??= 'SOA';
  }
  if (hc.type === 'external' && hc.command === null)
    issue(ctx, ['healthCheck', 'command'], 'Enter the script that External script checks run.');
  if ((hc.type === 'ping' || hc.type === 'none') && hc.port !== null)
    issue(ctx, ['healthCheck', 'port'], `${CHECK_TYPE_LABELS[hc.type]} uses no port; clear Check Port.`);
}

const STORED_OPTIONS = ['status', 'digest', 'moreUrls', 'heloName', 'dnsName', 'dnsType', 'udpPayload', 'udpReply', 'args'] as const;
type StoredOptions = Pick<HealthCheck, (typeof STORED_OPTIONS)[number]>;

/** The kind-specific fields as stored in one column (JSON of the non-empty ones; null when none is set). */
export function checkOptionsToText(hc: HealthCheck): string | null {
  const set = Object.fromEntries(STORED_OPTIONS.filter((k) => !isEmpty(hc[k])).map((k) => [k, hc[k]]));
  return Object.keys(set).length ? JSON.stringify(set) : null;
}

/** The stored column back as fields (every one present, in the schema's order). */
export function checkOptionsFromText(text: string | null): StoredOptions {
  const stored = text ? (JSON.parse(text) as Partial<StoredOptions>) : {};
  return Object.fromEntries(STORED_OPTIONS.map((k) => [k, stored[k] ?? NO_CHECK[k]])) as unknown as StoredOptions;
}

/** The check in a few words, as lists, the System Overview, the CLI and the Leostream checklist show it. */
export function describeCheck(hc: HealthCheck): string {
  const parts: (string | null)[] = [];
  switch (hc.type) {
    case 'negotiate': {
      const expect = [hc.status ? `status ${hc.status}` : null, hc.response ? `"${hc.response}"` : null, hc.digest ? 'digest' : null];
      const n = hc.moreUrls.length;
      parts.push(
        `Negotiate ${(hc.protocol ?? 'http').toUpperCase()} ${hc.request ?? '/'}${expect.some(Boolean) ? ` -> ${expect.filter(Boolean).join(', ')}` : ''}`,
        n ? `+ ${n} more URL${n > 1 ? 's' : ''}` : null,
      );
      break;
    }
    case 'smtp':
      parts.push('SMTP', hc.heloName ? `HELO ${hc.heloName}` : null);
      break;
    case 'dns':
      parts.push(`DNS ${hc.dnsType ?? 'SOA'} ${hc.dnsName ?? '.'}`);
      break;
    case 'udp':
      parts.push('UDP', hc.udpReply === null ? null : hc.udpReply === 'any' ? 'reply required' : `reply starting ${hc.udpReply}`);
      break;
    case 'external':
      parts.push(`Script ${hc.command ?? ''}${hc.args ? ` ${hc.args}` : ''}`);
      break;
    default:
      parts.push(CHECK_TYPE_LABELS[hc.type]);
  }
  if (hc.port !== null) parts.push(`port ${hc.port}`);
  return parts.filter(Boolean).join(', ');
}
