// `ipvsadm -Sn` (ipvsadm-save) output as the console's services. Pure. The rules have no health checks:
// the services are imported with "No checks" (the same behaviour), with a note to choose one.
import { excerpt, IssueList, linesWithin } from './limits';
import type { ConfIssue } from './keepalived-parse';
import { mergeCandidates, type FwmarkTraffic, type ImportedService, type ImportedConfiguration } from './keepalived-map';
import { ipFamily } from '../schemas/net';
import { SCHEDULERS } from '../schemas/virtual-service';
import { NO_CHECK } from '../schemas/health-check';

/** "[2001:db8::1]:80" or "192.168.1.10:80" as address and port. */
function endpoint(text: string): { ip: string; port: number } | null {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:]+):(\d+)$/.exec(text);
  if (!m || !ipFamily(m[1])) return null;
  return { ip: m[1], port: Number(m[2]) };
}

function options(tokens: string[]): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t.startsWith('-')) continue;
    const next = tokens[i + 1];
    if (next !== undefined && !next.startsWith('-')) {
      out.set(t, next);
      i++;
    } else out.set(t, true);
  }
  return out;
}

/** ipvsadm's long options as their short forms (a Map: a token such as "__proto__" is only a token). */
const LONG = new Map<string, string>(
  Object.entries({
    '--add-service': '-A',
    '--tcp-service': '-t',
    '--udp-service': '-u',
    '--sctp-service': '--sctp-service',
    '--fwmark-service': '-f',
    '--scheduler': '-s',
    '--persistent': '-p',
    '--netmask': '-M',
    '--add-server': '-a',
    '--real-server': '-r',
    '--gatewaying': '-g',
    '--masquerading': '-m',
    '--ipip': '-i',
    '--weight': '-w',
    '--u-threshold': '-x',
    '--l-threshold': '-y',
  }),
);

export function mapIpvsadmSave(text: string, file: string, opts: { fwmarks?: Record<number, FwmarkTraffic> } = {}): ImportedConfiguration {
  const refusals = new IssueList<ConfIssue>();
  const notes = new IssueList<ConfIssue>();
  const services: (ImportedService & { key: string })[] = [];
  const byKey = new Map<string, ImportedService & { key: string }>();
  const within = linesWithin(text);
  if ('refused' in within) return { services: [], floatingIps: [], refusals: [{ file, ...within.refused }], notes: [], merges: [] };
  within.lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const at = { file, line: i + 1 };
    const refuse = (why: string) => refusals.push({ ...at, message: `${excerpt(line)}: ${why}` });
    const tokens = line.split(/\s+/).map((t) => LONG.get(t) ?? t);
    const o = options(tokens);
    const kind = o.has('-t') ? '-t' : o.has('-u') ? '-u' : o.has('-f') ? '-f' : null;
    if (!kind)
      return refuse(
        o.has('--sctp-service')
          ? 'SCTP: the console writes TCP and UDP services.'
          : 'not a service or real server rule (-A or -a with -t, -u or -f).',
      );
    const key = `${kind} ${o.get(kind)}`;
    if (o.has('-A')) {
      let ip: string;
      let ports: string;
      let port: number | null;
      let protocol: ImportedService['protocol'];
      if (kind === '-f') {
        const mark = Number(o.get('-f'));
        const t = opts.fwmarks?.[mark];
        if (!t)
          return refuse(
            `the console needs to know which address, ports and protocol carry mark ${mark}. Supply it (--fwmark ${mark}=IP:PORTS[/tcp|udp|tcpudp]).`,
          );
        ({ ip, ports, protocol } = t);
        port = null;
      } else {
        const e = endpoint(String(o.get(kind)));
        if (!e) return refuse('not a numeric address:port: save the table with `ipvsadm -Sn` (-n prints numbers, not names).');
        if (e.port === 0) return refuse('a service without a port (every port, persistent): the console writes services with their ports.');
        ip = e.ip;
        port = e.port;
        ports = String(e.port);
        protocol = kind === '-u' ? 'udp' : 'tcp';
      }
      const scheduler = typeof o.get('-s') === 'string' ? String(o.get('-s')) : 'wlc';
      if (!(SCHEDULERS as readonly string[]).includes(scheduler)) refuse(`scheduler ${scheduler}: use one of ${SCHEDULERS.join(', ')}.`);
      for (const flag of ['-b', '--sched-flags', '--pe', '-O', '--ops'])
        if (o.has(flag)) refuse(`${flag}: the console does not write scheduler flags, persistence engines or one-packet scheduling.`);
      const p = o.get('-p');
      const persistence = {
        enabled: p !== undefined,
        timeout: typeof p === 'string' ? Number(p) : 300,
        granularity: typeof o.get('-M') === 'string' ? String(o.get('-M')) : null,
      };
      if (persistence.granularity === '255.255.255.255' || persistence.granularity === '128') persistence.granularity = null;
      notes.push({
        ...at,
        message: `${key}: ipvsadm rules have no health checks; imported with "No checks" (as it runs now). Choose a check under Cluster Configuration.`,
      });
      const label = `${ip.replace(/:/g, '-')}_${kind === '-f' ? `fwm${o.get('-f')}` : port}${kind === '-u' ? '_udp' : ''}`;
      if (byKey.has(key)) return refuse('a service added twice.');
      const service: ImportedService & { key: string } = {
        key,
        label,
        ip,
        ports,
        protocol,
        forwarding: 'dr',
        scheduler,
        persistence,
        healthCheck: { ...NO_CHECK, moreUrls: [] },
        fallback: null,
        emailAlert: [],
        checkTiming: { interval: null, timeout: null, retries: null, retryDelay: null },
        realServers: [],
        fwmark: kind === '-f' ? Number(o.get('-f')) : null,
        source: at,
      };
      services.push(service);
      byKey.set(key, service);
      return;
    }
    if (o.has('-a')) {
      const s = byKey.get(key);
      if (!s) return refuse('a real server of a service not added before it (-A).');
      const e = endpoint(String(o.get('-r') ?? ''));
      if (!e) return refuse('a real server without address:port (-r).');
      if (o.has('-i')) return refuse('tunnelling (-i): the console forwards with Direct Routing or NAT.');
      const method = o.has('-m') ? 'nat' : 'dr';
      if (s.realServers.length && method !== s.forwarding)
        return refuse('a real server forwarded differently from the others: the console forwards a whole service one way.');
      s.forwarding = method;
      const single = kind !== '-f';
      const svcPort = single ? Number(s.ports) : null;
      if (method === 'dr' && single && e.port !== svcPort && e.port !== 0)
        return refuse(`Direct Routing cannot change the port (${svcPort} to ${e.port}).`);
      let label = `${e.ip.replace(/:/g, '-')}${single ? `_${e.port}` : ''}`;
      for (let n = 2; s.realServers.some((r) => r.label === label); n++) label = `${e.ip.replace(/:/g, '-')}_${e.port}-${n}`;
      s.realServers.push({
        label,
        ip: e.ip,
        port: method === 'nat' && single && e.port !== svcPort ? e.port : null,
        weight: typeof o.get('-w') === 'string' ? Number(o.get('-w')) : 1,
        maxConnections: typeof o.get('-x') === 'string' ? Number(o.get('-x')) : 0,
        minConnections: typeof o.get('-y') === 'string' ? Number(o.get('-y')) : 0,
      });
      return;
    }
    refuse('not a service or real server rule (-A or -a).');
  });
  const out = services.map(({ key: _k, ...s }) => s);
  return { services: out, floatingIps: [], refusals: refusals.list(), notes: notes.list(), merges: mergeCandidates(out) };
}
