// ldirectord.cf as the console's services. Pure. Global directives first, then `virtual=` blocks whose
// directives are indented; what the console cannot represent (checks of other protocols, host names,
// tunnels) is refused by line, what it does itself (check timing, alerts) is noted.
import { excerpt, IssueList, linesWithin } from './limits';
import type { ConfIssue } from './keepalived-parse';
import {
  mergeCandidates,
  type FwmarkTraffic,
  type ImportedRealServer,
  type ImportedService,
  type ImportedConfiguration,
} from './keepalived-map';
import type { TableEntry } from './ipvs-table';
import { ipFamily } from '../schemas/net';
import { EXTERNAL_CHECKS_DIR, SCHEDULERS } from '../schemas/virtual-service';
import { dnsNameSchema, NO_CHECK, type HealthCheck } from '../schemas/health-check';
import type { CHECK_TIMING_LIMITS } from '../schemas/settings';
import { emailAlertOf, timingValue } from './service-fields';

interface Directive {
  key: string;
  value: string;
  line: number;
  indented: boolean;
}

interface Block {
  virtual: Directive;
  directives: Directive[];
}

function unquote(v: string): string {
  const t = v.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/** A comment after a value starts at a "#" that follows white space (found in one pass: a regex like /\s+#.*$/ is quadratic on long runs of spaces). */
function withoutComment(raw: string): string {
  const at = raw.search(/\s#/);
  return at < 0 ? raw : raw.slice(0, at).trimEnd();
}

/** The file's directives: `key = value`, comments and blank lines dropped, indentation kept. */
function directives(lines: string[]): Directive[] {
  const out: Directive[] = [];
  lines.forEach((raw, i) => {
    const line = withoutComment(raw);
    if (!line.trim() || line.trim().startsWith('#')) return;
    const m = /^(\s*)([A-Za-z0-9_]+)\s*=\s*(.*)$/.exec(line);
    if (!m) {
      out.push({ key: '', value: line.trim(), line: i + 1, indented: /^\s/.test(line) });
      return;
    }
    out.push({ key: m[2].toLowerCase(), value: m[3].trim(), line: i + 1, indented: m[1].length > 0 });
  });
  return out;
}

function blocks(all: Directive[]): { globals: Directive[]; blocks: Block[] } {
  const globals: Directive[] = [];
  const out: Block[] = [];
  for (const d of all) {
    if (d.key === 'virtual' || d.key === 'virtual6') out.push({ virtual: d, directives: [] });
    else if (d.indented && out.length) out[out.length - 1].directives.push(d);
    else globals.push(d);
  }
  return { globals, blocks: out };
}

/** "[2001:db8::1]:80", "192.168.1.1:80" or "192.168.1.1" as address and port. */
function hostPort(text: string): { host: string; port: number | null } | null {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ?? /^([^:\s]+)(?::(\d+))?$/.exec(text);
  return m ? { host: m[1], port: m[2] !== undefined ? Number(m[2]) : null } : null;
}

/** An IPv4 range a.b.c.d->a.b.c.e (the last octet moves), as its addresses. */
function expandRange(from: string, to: string): string[] | null {
  if (ipFamily(from) !== 4 || ipFamily(to) !== 4) return null;
  const a = from.split('.').map(Number);
  const b = to.split('.').map(Number);
  if (a.slice(0, 3).join('.') !== b.slice(0, 3).join('.') || b[3] < a[3] || b[3] - a[3] > 255) return null;
  return Array.from({ length: b[3] - a[3] + 1 }, (_, i) => `${a.slice(0, 3).join('.')}.${a[3] + i}`);
}

const PORT_SERVICE: Record<number, string> = {
  80: 'http',
  443: 'https',
  21: 'ftp',
  25: 'smtp',
  110: 'pop',
  143: 'imap',
  389: 'ldap',
  119: 'nntp',
  53: 'dns',
  3306: 'mysql',
  5432: 'pgsql',
  1812: 'radius',
  5060: 'sip',
};
/** ldirectord's check timing, imported as the service's own (global values apply to every virtual). */
const TIMING = ['checktimeout', 'connecttimeout', 'negotiatetimeout', 'checkinterval', 'failurecount'];
const CONSOLE_TIMING = ['emailalertfreq', 'emailalertstatus', 'cleanstop', 'comment', 'servicename', 'monitorfile'];

export function mapLdirectord(text: string, file: string, opts: { fwmarks?: Record<number, FwmarkTraffic> } = {}): ImportedConfiguration {
  const refusals = new IssueList<ConfIssue>();
  const notes = new IssueList<ConfIssue>();
  const within = linesWithin(text);
  if ('refused' in within) return { services: [], floatingIps: [], refusals: [{ file, ...within.refused }], notes: [], merges: [] };
  const { globals, blocks: list } = blocks(directives(within.lines));
  const refuse = (d: Directive, why: string) =>
    refusals.push({ file, line: d.line, message: `${excerpt(d.key ? `${d.key}=${d.value}` : d.value)}: ${why}` });
  const note = (d: Directive, what: string) => notes.push({ file, line: d.line, message: what });
  const global = (k: string) => globals.find((g) => g.key === k);
  for (const g of globals) {
    if (!g.key) refuse(g, 'not a directive (key=value).');
    else if (
      [
        'autoreload',
        'logfile',
        'emailalertfreq',
        'emailalertstatus',
        'callback',
        'execute',
        'fork',
        'supervised',
        'cleanstop',
        'maintenancedir',
        'smtp',
        'readdquiescent',
      ].includes(g.key)
    ) {
      note(g, `${g.key}=${g.value}: not imported; the console has its own check timing, alerts and reloads.`);
    } else if (
      ![
        'fallback',
        'fallback6',
        'quiescent',
        'checktype',
        'scheduler',
        'protocol',
        'service',
        'persistent',
        'netmask',
        'checkport',
        'request',
        'receive',
        'virtualhost',
        'httpmethod',
        'emailalert',
        ...TIMING,
      ].includes(g.key)
    )
      refuse(g, 'not something the console can import.');
  }

  const services: ImportedService[] = [];
  for (const b of list) {
    const get = (k: string) => [...b.directives].reverse().find((d) => d.key === k) ?? global(k);
    const value = (k: string) => (get(k) ? unquote(get(k)!.value) : undefined);
    const before = refusals.length;
    // The service: address and port, or a firewall mark.
    const v = b.virtual.value.trim();
    let ip: string;
    let ports: string;
    let port: number | null;
    let protocol: ImportedService['protocol'];
    let fwmark: number | null = null;
    const proto = (value('protocol') ?? (/^\d+$/.test(v) ? 'fwm' : 'tcp')).toLowerCase();
    if (proto === 'fwm' || /^\d+$/.test(v)) {
      fwmark = Number(v);
      const t = opts.fwmarks?.[fwmark];
      if (!t) {
        refuse(
          b.virtual,
          `the console needs to know which address, ports and protocol carry mark ${v}. Supply it (--fwmark ${v}=IP:PORTS[/tcp|udp|tcpudp]).`,
        );
        continue;
      }
      ({ ip, ports, protocol } = t);
      port = null;
    } else {
      const hp = hostPort(v);
      if (!hp || !ipFamily(hp.host)) {
        refuse(b.virtual, 'not an IP address and port (host names are not resolved at import).');
        continue;
      }
      if (!hp.port) {
        refuse(b.virtual, 'a virtual service without a port: the console writes services with their ports.');
        continue;
      }
      ip = hp.host;
      port = hp.port;
      ports = String(hp.port);
      if (proto !== 'tcp' && proto !== 'udp') {
        refuse(get('protocol')!, 'the console writes TCP and UDP services.');
        continue;
      }
      protocol = proto;
    }

    const scheduler = value('scheduler') ?? 'wrr';
    if (!value('scheduler')) note(b.virtual, 'no scheduler: ldirectord then uses wrr, and so does the imported service.');
    if (!(SCHEDULERS as readonly string[]).includes(scheduler)) refuse(get('scheduler')!, `use one of ${SCHEDULERS.join(', ')}.`);
    const persistentValue = value('persistent');
    const netmask = value('netmask');
    const persistence = {
      enabled: persistentValue !== undefined,
      timeout: persistentValue !== undefined ? Number(persistentValue) : 300,
      granularity: netmask && netmask !== '255.255.255.255' && netmask !== '128' ? netmask : null,
    };

    // Real servers: address (or an IPv4 range), port, method and weight.
    const realServers: ImportedRealServer[] = [];
    let forwarding: 'dr' | 'nat' | null = null;
    for (const r of b.directives.filter((d) => d.key === 'real' || d.key === 'real6')) {
      const [addr, method = 'gate', weight = '1', ...rest] = r.value.split(/\s+/);
      if (rest.length)
        refuse(
          r,
          'a real server with its own request and receive strings: the console checks every real server of a service the same way.',
        );
      const m = /^(.+?)->([^:\]]+|\[[^\]]+\])(:\d+)?$/.exec(addr);
      const first = hostPort(m ? `${m[1]}${m[3] ?? ''}` : addr);
      const addrs = m
        ? expandRange(m[1].replace(/^\[|\]$/g, ''), m[2].replace(/^\[|\]$/g, ''))
        : first && ipFamily(first.host)
          ? [first.host]
          : null;
      if (!first || !addrs) {
        refuse(
          r,
          m
            ? 'a range the console cannot expand (IPv4 ranges in the last octet only, no host names).'
            : 'not an IP address (host names are not resolved at import).',
        );
        continue;
      }
      const rsMethod = method === 'gate' ? 'dr' : method === 'masq' ? 'nat' : null;
      if (!rsMethod) {
        refuse(
          r,
          method === 'ipip' ? 'tunnelling: the console forwards with Direct Routing or NAT.' : `"${method}" is not gate, masq or ipip.`,
        );
        continue;
      }
      if (forwarding && forwarding !== rsMethod)
        refuse(r, 'a real server forwarded differently from the others: the console forwards a whole service one way.');
      forwarding ??= rsMethod;
      if (rsMethod === 'dr' && port !== null && first.port !== null && first.port !== port)
        refuse(r, `Direct Routing cannot change the port (${port} to ${first.port}).`);
      for (const a of addrs) {
        const rsPort = rsMethod === 'nat' && port !== null && first.port !== null && first.port !== port ? first.port : null;
        realServers.push({
          label: `${a.replace(/:/g, '-')}${first.port ? `_${first.port}` : ''}`,
          ip: a,
          port: rsPort,
          weight: Number(weight),
          maxConnections: 0,
          minConnections: 0,
        });
      }
    }

    // The check.
    const none: HealthCheck = { ...NO_CHECK, moreUrls: [] };
    let healthCheck: ImportedService['healthCheck'] = none;
    const checktype = (value('checktype') ?? 'negotiate').toLowerCase();
    const checkport = value('checkport') ? Number(value('checkport')) : null;
    const checkPort = checkport !== null && checkport !== port ? checkport : null;
    const service = (value('service') ?? (port !== null ? PORT_SERVICE[port] : undefined) ?? 'none').toLowerCase();
    if (checktype === 'connect') healthCheck = { ...none, type: 'connect', port: checkPort };
    else if (checktype === 'ping') healthCheck = { ...none, type: 'ping' };
    else if (checktype === 'off' || checktype === 'on') {
      healthCheck = none;
      note(get('checktype')!, `checktype=${checktype}: imported with "No checks" (the real servers are always in the table).`);
    } else if (checktype === 'external' || checktype === 'external-perl') {
      const command = value('checkcommand') ?? '';
      if (!command.startsWith(`${EXTERNAL_CHECKS_DIR}/`))
        refuse(
          get('checkcommand') ?? get('checktype')!,
          `the console runs check scripts from ${EXTERNAL_CHECKS_DIR}/ (with the real server's address and port). Copy the script there, then import.`,
        );
      else healthCheck = { ...none, type: 'external', command: command.slice(EXTERNAL_CHECKS_DIR.length + 1) };
    } else if (checktype === 'negotiate') {
      if (service === 'http' || service === 'https') {
        const request = value('request') ?? '/';
        healthCheck = {
          ...none,
          type: 'negotiate',
          port: checkPort,
          protocol: service,
          request: request.startsWith('/') ? request : `/${request}`,
          response: value('receive') ?? null,
          virtualHost: value('virtualhost') ?? null,
        };
        if (value('httpmethod') && value('httpmethod')!.toUpperCase() !== 'GET') refuse(get('httpmethod')!, 'the console checks with GET.');
      } else if (service === 'smtp') {
        healthCheck = { ...none, type: 'smtp', port: checkPort };
      } else if (service === 'dns') {
        const name = dnsNameSchema.safeParse(value('request') ?? '.');
        if (!name.success) refuse(get('request')!, `request=${excerpt(value('request') ?? '', 80)}: ${name.error.issues[0].message}`);
        else healthCheck = { ...none, type: 'dns', port: checkPort, dnsName: name.data, dnsType: 'A' };
        if (get('receive'))
          note(
            get('receive')!,
            'receive: the console’s DNS check expects an answer without error for the name (type A), not a given address.',
          );
      } else if (service === 'none' || service === 'simpletcp') {
        healthCheck = { ...none, type: 'connect', port: checkPort };
        note(get('service') ?? b.virtual, `service=${service} with negotiate: imported as a TCP connect check.`);
      } else
        refuse(
          get('service') ?? b.virtual,
          `the console has no ${service} check (it checks HTTP/HTTPS, SMTP, DNS, TCP connect, ping and scripts). Use checktype=connect (or an external script) for this service.`,
        );
    } else refuse(get('checktype')!, `checktype=${checktype}: use connect, negotiate, ping, external, on or off.`);
    for (const k of ['login', 'passwd', 'database', 'secret'])
      if (get(k) && b.directives.includes(get(k)!)) refuse(get(k)!, `${k}: the console's checks take no credentials.`);
    const quiescentNode = get('quiescent');
    const quiescent = quiescentNode ? /^y/i.test(quiescentNode.value) : null;
    for (const d of b.directives) {
      if (!d.key) refuse(d, 'not a directive (key=value).');
      else if (CONSOLE_TIMING.includes(d.key))
        note(d, `${d.key}=${d.value}: not imported; the console has its own check timing and alerts.`);
      else if (
        ![
          'real',
          'real6',
          'service',
          'scheduler',
          'persistent',
          'netmask',
          'protocol',
          'checktype',
          'checkport',
          'request',
          'receive',
          'virtualhost',
          'fallback',
          'fallback6',
          'quiescent',
          'checkcommand',
          'httpmethod',
          'emailalert',
          ...TIMING,
          'login',
          'passwd',
          'database',
          'secret',
        ].includes(d.key)
      )
        refuse(d, 'has no equivalent in the console.');
    }

    const fb = value(ipFamily(ip) === 6 ? 'fallback6' : 'fallback');
    let fallback: ImportedService['fallback'] = null;
    if (fb) {
      const [addr] = fb.split(/\s+/);
      const hp = hostPort(addr);
      if (hp && ipFamily(hp.host)) fallback = { ip: hp.host, port: hp.port !== null && hp.port !== port ? hp.port : null };
      else refuse(get('fallback')!, 'not an IP address.');
    }
    // emailalert: the service's "Email alert" (ldirectord mails these addresses when a real server changes).
    // A local mailbox ("root") has no meaning for the console's SMTP server: left out with a note.
    const { emailAlert, leftOut } = emailAlertOf((value('emailalert') ?? '').split(/[\s,;]+/).filter(Boolean));
    if (leftOut) note(get('emailalert')!, `emailalert: left out ${leftOut}.`);
    // Check timing: checkinterval; the timeout of the check's kind (else checktimeout); failurecount
    // failures take a real server out, i.e. failurecount - 1 retries. ldirectord has no delay between retries.
    const seconds = (k: string, field: keyof typeof CHECK_TIMING_LIMITS, minus = 0): number | null => {
      const d = get(k);
      if (!d) return null;
      const v = timingValue(field, unquote(d.value), minus);
      if (typeof v === 'number') return v;
      note(d, `${k}=${d.value}: not imported; ${v}.`);
      return null;
    };
    const kindTimeout = ['negotiate', 'smtp', 'dns'].includes(healthCheck.type)
      ? 'negotiatetimeout'
      : healthCheck.type === 'connect'
        ? 'connecttimeout'
        : null;
    const checkTiming = {
      interval: seconds('checkinterval', 'interval'),
      timeout: (kindTimeout ? seconds(kindTimeout, 'timeout') : null) ?? seconds('checktimeout', 'timeout'),
      retries: seconds('failurecount', 'retries', 1),
      retryDelay: null,
    };
    if (refusals.length > before) continue;
    let label = `${ip.replace(/:/g, '-')}_${fwmark !== null ? `fwm${fwmark}` : port}${protocol === 'udp' ? '_udp' : ''}`;
    for (let i = 2; services.some((s) => s.label === label); i++) label = `${label}-${i}`;
    services.push({
      label,
      ip,
      ports,
      protocol,
      forwarding: forwarding ?? 'dr',
      scheduler,
      persistence,
      healthCheck,
      fallback,
      quiescent,
      emailAlert,
      checkTiming,
      realServers,
      fwmark,
      source: { file, line: b.virtual.line },
    });
  }
  return { services, floatingIps: [], refusals: refusals.list(), notes: notes.list(), merges: mergeCandidates(services) };
}

/** The IPVS table ldirectord builds from a file (every real server up), to compare an import with. */
export function ldirectordTable(text: string): Map<string, TableEntry> {
  const table = new Map<string, TableEntry>();
  const { globals, blocks: list } = blocks(directives(text.split(/\r?\n/)));
  for (const b of list) {
    const get = (k: string) =>
      unquote(([...b.directives].reverse().find((d) => d.key === k) ?? globals.find((g) => g.key === k))?.value ?? '') || undefined;
    const hp = hostPort(b.virtual.value.trim());
    if (!hp || hp.port === null) continue;
    const protocol = (get('protocol') ?? 'tcp').toUpperCase();
    const realServers: string[] = [];
    let method: TableEntry['method'] = 'DR';
    for (const r of b.directives.filter((d) => d.key === 'real' || d.key === 'real6')) {
      const [addr, how = 'gate', weight = '1'] = r.value.split(/\s+/);
      method = how === 'masq' ? 'NAT' : how === 'ipip' ? 'TUN' : 'DR';
      const m = /^(.+?)->([^:\]]+)(:\d+)?$/.exec(addr);
      const first = hostPort(m ? `${m[1]}${m[3] ?? ''}` : addr)!;
      for (const a of (m ? expandRange(m[1], m[2]) : [first.host]) ?? []) realServers.push(`${a}:${first.port ?? hp.port} ${weight}`);
    }
    const netmask = get('netmask');
    table.set(`${protocol} ${hp.host}:${hp.port}`, {
      scheduler: get('scheduler') ?? 'wrr',
      method,
      persistence: get('persistent') ? Number(get('persistent')) : null,
      granularity: get('persistent') && netmask && netmask !== '255.255.255.255' ? netmask : null,
      realServers: realServers.sort(),
    });
  }
  return table;
}
