// A parsed keepalived.conf as the console's configuration: virtual services with their real servers and
// health checks, and the VRRP addresses as floating IPs. Pure. Everything the console cannot represent
// is refused with its file and line and why (the import then writes nothing); what the console manages
// itself (check timing, global_defs, VRRP details) is listed as a note with what the console does instead.
import type { ConfIssue, ConfNode } from './keepalived-parse';
import { excerpt, IssueList } from './limits';
import { ipFamily } from '../schemas/net';
import { EXTERNAL_CHECKS_DIR, SCHEDULERS, type Forwarding } from '../schemas/virtual-service';
import {
  digestSchema,
  dnsNameSchema,
  DNS_TYPES,
  hostSchema,
  NO_CHECK,
  scriptArgsSchema,
  statusSchema,
  type HealthCheck,
} from '../schemas/health-check';
import { emailAlertOf, timingValue } from './service-fields';

export interface ImportedRealServer {
  label: string;
  ip: string;
  port: number | null;
  weight: number;
  maxConnections: number;
  minConnections: number;
}

export interface ImportedService {
  label: string;
  ip: string;
  ports: string;
  protocol: 'tcp' | 'udp' | 'tcpudp';
  forwarding: Forwarding;
  scheduler: string;
  persistence: { enabled: boolean; timeout: number; granularity: string | null };
  healthCheck: HealthCheck;
  fallback: { ip: string; port: number | null } | null;
  /** Quiescent (inhibit_on_failure); null: the console's global setting. */
  quiescent?: boolean | null;
  /** keepalived's quorum and hysteresis (null: 1 and 0). */
  quorum?: number | null;
  hysteresis?: number | null;
  /** Addresses told of this service's alerts (ldirectord's emailalert, keepalived's notification_email). */
  emailAlert: string[];
  /** Its own check timing (null: the console's global setting). */
  checkTiming: { interval: number | null; timeout: number | null; retries: number | null; retryDelay: number | null };
  realServers: ImportedRealServer[];
  /** The firewall mark a fwmark service had (kept: the director's mark rules use it); null otherwise. */
  fwmark: number | null;
  /** Where it was written (the virtual_server line). */
  source: { file: string; line: number };
}

/** Services on one address that could be one multi-port service (the admin chooses). */
export interface MergeCandidate {
  ip: string;
  labels: string[];
  ports: string;
  protocol: 'tcp' | 'udp' | 'tcpudp';
}

/** A firewall mark's traffic, as the mark rules (or the admin) say: what a `virtual_server fwmark N` serves. */
export interface FwmarkTraffic {
  ip: string;
  ports: string;
  protocol: 'tcp' | 'udp' | 'tcpudp';
}

export interface ImportedConfiguration {
  services: ImportedService[];
  floatingIps: { address: string; prefix: number; purpose: 'vip' | 'gateway'; interface: string | null }[];
  /** Cannot be represented: the import is refused while there are any. */
  refusals: ConfIssue[];
  /** Imported with a difference the admin should know of, or left to the console. */
  notes: ConfIssue[];
  merges: MergeCandidate[];
}

const CONSOLE_TIMING = [
  'delay_loop',
  'connect_timeout',
  'retry',
  'nb_get_retry',
  'delay_before_retry',
  'warmup',
  'misc_timeout',
  'fall',
  'rise',
];
/** Timing keywords the console has no setting for: noted. */
const OTHER_TIMING = ['warmup', 'misc_timeout', 'fall', 'rise'];
const at = (n: ConfNode) => ({ file: n.file, line: n.line });

function portOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : null;
}

const safeLabel = (ip: string, port: number | null | string) =>
  `${ip.replace(/:/g, '-')}${port !== null && port !== '' ? `_${port}` : ''}`.slice(0, 64);

interface CheckSpec {
  key: string;
  check: ImportedService['healthCheck'];
  /** The checker's own timing (connect_timeout, retry, delay_before_retry), where it gives one. */
  timing: Partial<TimingOverride>;
}

type TimingOverride = { interval: number; timeout: number; retries: number; retryDelay: number };

/** keepalived's timing keywords, as the console's check timing (whole seconds within the console's limits). */
const TIMING_KEYWORDS: Record<string, keyof TimingOverride> = {
  delay_loop: 'interval',
  connect_timeout: 'timeout',
  retry: 'retries',
  nb_get_retry: 'retries',
  delay_before_retry: 'retryDelay',
};

/** The timing that `nodes` give (later ones win); a value the console cannot take is noted and left to the global setting. */
function timingOf(nodes: ConfNode[], note: (n: ConfNode, what: string) => void): Partial<TimingOverride> {
  const out: Partial<TimingOverride> = {};
  for (const k of nodes) {
    const field = TIMING_KEYWORDS[k.keyword];
    if (!field) continue;
    const v = timingValue(field, k.args[0]);
    if (typeof v === 'number') out[field] = v;
    else note(k, `${k.keyword} ${k.args.join(' ')}: not imported; ${v}.`);
  }
  return out;
}

type Refuse = (n: ConfNode, why: string) => void;
type Note = (n: ConfNode, what: string) => void;
const none: HealthCheck = { ...NO_CHECK, moreUrls: [] };
/** Keywords every checker may carry that the console handles itself (the port, timing, source address). */
const COMMON = ['connect_port', 'bindto', 'bind_port', 'connect_ip', ...CONSOLE_TIMING];

/** A value through one of the console's schemas, or refused with the schema's own words. */
function valid<T>(
  schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } },
  n: ConfNode,
  text: string,
  refuse: Refuse,
): T | null {
  const r = schema.safeParse(text);
  if (r.success) return r.data;
  refuse(n, `${n.keyword} ${excerpt(text, 80)}: ${r.error.issues[0]?.message ?? 'not valid'}`);
  return null;
}

/** HTTP_GET / SSL_GET: each url block with its path, expected status, text (a plain regex) and digest. */
function mapHttpCheck(c: ConfNode, checkPort: number | null, refuse: Refuse): HealthCheck | null {
  const kids = c.children ?? [];
  const urls = kids.filter((k) => k.keyword === 'url');
  if (!urls.length) {
    refuse(c, `${c.keyword} without a url block: keepalived checks nothing with it; add url { path / }.`);
    return null;
  }
  if (urls.length > 10) refuse(urls[10], `${c.keyword} with ${urls.length} url blocks: the console checks at most 10 URLs.`);
  const hosts = new Set<string>();
  const mapped = urls.map((url) => {
    const u = url.children ?? [];
    const out = {
      path: u.find((k) => k.keyword === 'path')?.args[0] ?? '/',
      status: null as string | null,
      response: null as string | null,
      digest: null as string | null,
    };
    for (const k of u) {
      if (k.keyword === 'path') continue;
      if (k.keyword === 'status_code') out.status = valid(statusSchema, k, k.args.join(' '), refuse);
      else if (k.keyword === 'digest') out.digest = valid(digestSchema, k, k.args[0] ?? '', refuse);
      else if (k.keyword === 'regex') {
        if (/[\\^$.|?*+()[\]{}]/.test(k.args[0] ?? ''))
          refuse(k, `regex ${k.args[0]}: the console matches plain text; use a regex without special characters.`);
        else out.response = k.args[0] ?? null;
      } else if (k.keyword === 'virtualhost') hosts.add(k.args[0] ?? '');
      else refuse(k, `${k.keyword} in a url block has no equivalent in the console.`);
    }
    return out;
  });
  if (hosts.size > 1)
    refuse(urls[1], `url blocks with different virtual hosts (${[...hosts].join(', ')}): the console sends one virtual host per check.`);
  const vhost = [...hosts][0] ?? kids.find((k) => k.keyword === 'virtualhost')?.args[0] ?? null;
  for (const k of kids)
    if (!['url', 'virtualhost', 'enable_sni', ...COMMON].includes(k.keyword))
      refuse(k, `${k.keyword} in ${c.keyword} has no equivalent in the console.`);
  const [first, ...more] = mapped;
  return {
    ...none,
    type: 'negotiate',
    port: checkPort,
    protocol: c.keyword === 'SSL_GET' ? 'https' : 'http',
    request: first.path,
    response: first.response,
    virtualHost: vhost,
    status: first.status,
    digest: first.digest,
    moreUrls: more,
  };
}

/** SMTP_CHECK: its HELO name; host blocks other than the real server itself are noted, not imported. */
function mapSmtpCheck(c: ConfNode, rs: ConfNode, checkPort: number | null, refuse: Refuse, note: Note): HealthCheck {
  const kids = c.children ?? [];
  const helo = kids.find((k) => k.keyword === 'helo_name');
  const others = kids
    .filter((k) => k.keyword === 'host')
    .map((h) => (h.children ?? []).find((k) => k.keyword === 'connect_ip')?.args[0])
    .filter((ip) => ip !== undefined && ip !== rs.args[0]);
  if (others.length)
    note(
      c,
      `SMTP_CHECK host blocks for ${others.join(', ')}: not imported; the console checks each real server's own address (a script in ${EXTERNAL_CHECKS_DIR}/ can check more).`,
    );
  for (const k of kids)
    if (!['helo_name', 'host', ...COMMON].includes(k.keyword)) refuse(k, `${k.keyword} in SMTP_CHECK has no equivalent in the console.`);
  return { ...none, type: 'smtp', port: checkPort, heloName: helo ? valid(hostSchema, helo, helo.args[0] ?? '', refuse) : null };
}

function mapDnsCheck(c: ConfNode, checkPort: number | null, refuse: Refuse): HealthCheck {
  const kids = c.children ?? [];
  const name = kids.find((k) => k.keyword === 'name');
  const type = kids.find((k) => k.keyword === 'type');
  const dnsType = (type?.args[0] ?? 'SOA').toUpperCase();
  if (type && !(DNS_TYPES as readonly string[]).includes(dnsType))
    refuse(type, `type ${type.args[0]}: the console asks for ${DNS_TYPES.join(', ')}.`);
  for (const k of kids)
    if (!['name', 'type', ...COMMON].includes(k.keyword)) refuse(k, `${k.keyword} in DNS_CHECK has no equivalent in the console.`);
  return {
    ...none,
    type: 'dns',
    port: checkPort,
    dnsName: name ? valid(dnsNameSchema, name, name.args[0] ?? '', refuse) : '.',
    dnsType: dnsType as HealthCheck['dnsType'],
  };
}

function mapUdpCheck(c: ConfNode, checkPort: number | null, refuse: Refuse): HealthCheck {
  const kids = c.children ?? [];
  const hex = (n: ConfNode | undefined) => (n && n.args.length ? n.args.join('').toLowerCase() : null);
  const payload = hex(kids.find((k) => k.keyword === 'payload'));
  const reply = kids.find((k) => k.keyword === 'require_reply');
  for (const k of kids) {
    if (['payload', 'require_reply', ...COMMON].includes(k.keyword)) continue;
    refuse(k, `${k.keyword} in UDP_CHECK has no equivalent in the console (it can require a reply that starts with given bytes).`);
  }
  for (const [n, v] of [
    [kids.find((k) => k.keyword === 'payload'), payload],
    [reply, hex(reply)],
  ] as const)
    if (n && v !== null && !/^([0-9a-f]{2}){1,256}$/.test(v))
      refuse(n, `${n.keyword} ${excerpt(v, 40)}: the console takes whole hexadecimal bytes (at most 256).`);
  return { ...none, type: 'udp', port: checkPort, udpPayload: payload, udpReply: reply ? (hex(reply) ?? 'any') : null };
}

function mapMiscCheck(c: ConfNode, refuse: Refuse, note: Note): HealthCheck | null {
  const kids = c.children ?? [];
  const misc = kids.find((x) => x.keyword === 'misc_path')?.args[0] ?? '';
  const script = misc.split(/\s+/)[0];
  if (!script.startsWith(`${EXTERNAL_CHECKS_DIR}/`)) {
    refuse(
      c,
      `MISC_CHECK runs ${script || 'nothing'}: the console runs check scripts from ${EXTERNAL_CHECKS_DIR}/ (with the real server's address and port). Copy the script there, then import.`,
    );
    return null;
  }
  const rest = misc.slice(script.length).trim();
  const args = rest ? scriptArgsSchema.safeParse(rest) : null;
  if (rest)
    note(
      c,
      args?.success
        ? `misc_path arguments "${excerpt(rest, 80)}": the console passes the real server's address and port first, then these arguments.`
        : `misc_path arguments "${excerpt(rest, 80)}": not imported (the console takes plain words); it passes the real server's address and port.`,
    );
  const dynamic = kids.find((k) => k.keyword === 'misc_dynamic');
  if (dynamic) refuse(dynamic, 'misc_dynamic (the script sets the weight): the console keeps the weights it is given.');
  return { ...none, type: 'external', command: script.slice(EXTERNAL_CHECKS_DIR.length + 1), args: args?.success ? args.data : null };
}

/** One real server's checker as the console's check, or why not. */
function mapChecks(rs: ConfNode, vsPort: number | null, refuse: Refuse, note: Note): CheckSpec | null {
  const checks = (rs.children ?? []).filter((c) => /_CHECK$|^HTTP_GET$|^SSL_GET$/.test(c.keyword) && c.keyword !== 'FILE_CHECK');
  if (checks.length > 1) {
    refuse(
      checks[1],
      `a second checker on one real server (${checks.map((c) => c.keyword).join(', ')}): the console runs one check per service.`,
    );
    return null;
  }
  if (!checks.length) return { key: 'none', check: none, timing: {} };
  const c = checks[0];
  const kids = c.children ?? [];
  const port = portOf(kids.find((x) => x.keyword === 'connect_port')?.args[0]);
  for (const k of kids) {
    if (OTHER_TIMING.includes(k.keyword))
      note(
        k,
        `${k.keyword} ${k.args.join(' ')}: not imported; the console's check timing is its interval, timeout, retries and delay between retries.`,
      );
  }
  const timing = timingOf(kids, note);
  const checkPort = port !== null && port !== vsPort ? port : null;
  let check: HealthCheck | null;
  switch (c.keyword) {
    case 'TCP_CHECK':
      for (const k of kids) if (!COMMON.includes(k.keyword)) refuse(k, `${k.keyword} in TCP_CHECK has no equivalent in the console.`);
      check = { ...none, type: 'connect', port: checkPort };
      break;
    case 'HTTP_GET':
    case 'SSL_GET':
      check = mapHttpCheck(c, checkPort, refuse);
      break;
    case 'SMTP_CHECK':
      check = mapSmtpCheck(c, rs, checkPort, refuse, note);
      break;
    case 'DNS_CHECK':
      check = mapDnsCheck(c, checkPort, refuse);
      break;
    case 'UDP_CHECK':
      check = mapUdpCheck(c, checkPort, refuse);
      break;
    case 'PING_CHECK':
      check = { ...none, type: 'ping' };
      break;
    case 'MISC_CHECK':
      check = mapMiscCheck(c, refuse, note);
      break;
    default:
      refuse(c, `${c.keyword}: the console has no such check (it has HTTP/HTTPS, TCP connect, SMTP, DNS, UDP, ping and scripts).`);
      check = null;
  }
  return check && { key: JSON.stringify(check), check, timing };
}

export interface MapOptions {
  /** What each `virtual_server fwmark N` serves, when the file alone cannot say. */
  fwmarks?: Record<number, FwmarkTraffic>;
}

export function mapKeepalived(nodes: ConfNode[], opts: MapOptions = {}): ImportedConfiguration {
  const refusals = new IssueList<ConfIssue>();
  const notes = new IssueList<ConfIssue>();
  const refuse = (n: ConfNode, why: string) =>
    refusals.push({ ...at(n), message: `${excerpt(`${n.keyword}${n.args.length ? ` ${n.args.join(' ')}` : ''}`)}: ${why}` });
  const note = (n: ConfNode, what: string) => notes.push({ ...at(n), message: what });
  const groups = new Map(nodes.filter((n) => n.keyword === 'virtual_server_group').map((n) => [n.args[0], n]));
  const services: ImportedService[] = [];
  // global_defs' notification_email: keepalived mails them its checkers' and VRRP's changes; here each
  // imported service's "Email alert" (the console's own channels are set under Local Configuration > Alerts).
  const mailNode = nodes.find((n) => n.keyword === 'global_defs')?.children?.find((c) => c.keyword === 'notification_email');
  const listed = (mailNode?.children ?? []).map((c) => c.keyword);
  const { emailAlert, leftOut } = emailAlertOf(listed);
  if (mailNode && listed.length)
    note(
      mailNode,
      `notification_email: ${emailAlert.length ? `imported as each service's Email alert (${emailAlert.join(', ')})` : 'not imported'}${
        leftOut ? `; left out: ${leftOut}` : ''
      }.`,
    );
  const vrrpAddresses: { node: ConfNode; address: string; prefix: number; dev: string | null }[] = [];

  for (const n of nodes) {
    switch (n.keyword) {
      case 'virtual_server':
        mapVirtualServer(n);
        break;
      case 'virtual_server_group':
        break; // read with the virtual_server that names it
      case 'vrrp_instance':
        mapVrrp(n);
        break;
      case 'global_defs':
      case 'vrrp_script':
      case 'vrrp_sync_group':
      case 'vrrp_track_process':
      case 'track_file':
      case 'linkbeat_interfaces':
        note(
          n,
          `${n.keyword}${n.args.length ? ` ${n.args[0]}` : ''}: not imported; the console writes its own (global_defs, VRRP tracking and sync are part of every apply).`,
        );
        break;
      default:
        refuse(n, 'not something the console can import.');
    }
  }

  function mapVrrp(n: ConfNode) {
    const kids = n.children ?? [];
    const dev = kids.find((k) => k.keyword === 'interface')?.args[0] ?? null;
    for (const k of kids) {
      if (k.keyword === 'virtual_ipaddress' || k.keyword === 'virtual_ipaddress_excluded') {
        for (const a of k.children ?? []) {
          const [addr, prefix] = a.keyword.split('/');
          const fam = ipFamily(addr);
          if (!fam) {
            refuse(a, 'not an IP address.');
            continue;
          }
          const devIdx = a.args.indexOf('dev');
          vrrpAddresses.push({
            node: a,
            address: addr,
            prefix: prefix ? Number(prefix) : fam === 4 ? 32 : 128,
            dev: devIdx >= 0 ? a.args[devIdx + 1] : dev,
          });
        }
      } else if (k.keyword === 'unicast_peer') {
        for (const p of k.children ?? [])
          note(
            p,
            `unicast peer ${p.keyword}: a director of the pair. Add it under Local Configuration > Directors (the console writes unicast_peer from its directors).`,
          );
      } else if ((k.keyword === 'advert_int' && k.args[0] !== '1') || (k.keyword === 'version' && k.args[0] === '3')) {
        note(
          k,
          `${k.keyword} ${k.args[0] ?? ''}: not imported; set it under High-Availability Configuration > Failover speed (the console renders VRRP version 2 at 1 s adverts until then).`,
        );
      } else if (
        [
          'state',
          'interface',
          'virtual_router_id',
          'priority',
          'advert_int',
          'version',
          'authentication',
          'nopreempt',
          'preempt_delay',
          'unicast_src_ip',
          'garp_master_delay',
          'track_script',
          'track_interface',
          'notify',
          'notify_master',
          'notify_backup',
          'notify_fault',
          'smtp_alert',
          'lvs_sync_daemon_interface',
          'dont_track_primary',
          'mcast_src_ip',
        ].includes(k.keyword)
      ) {
        // The console's directors and HA settings decide these.
      } else
        note(
          k,
          `${k.keyword} in vrrp_instance ${n.args[0] ?? ''}: not imported (the console writes the VRRP instance from its directors and HA settings).`,
        );
    }
    note(
      n,
      `vrrp_instance ${n.args[0] ?? ''}: its addresses are imported as floating IPs; state, priority, router id and peers come from the console's directors and HA settings.`,
    );
  }

  /** The (ip, ports, protocol) a virtual_server line serves, or null after a refusal. */
  function target(n: ConfNode): { ip: string; ports: string; port: number | null; protocol: ImportedService['protocol'] | null } | null {
    const [a0, a1] = n.args;
    if (a0 === 'fwmark') {
      const mark = Number(a1);
      const t = opts.fwmarks?.[mark];
      if (!t) {
        refuse(
          n,
          `the console needs to know which address, ports and protocol carry mark ${a1}. Supply it (import --fwmark ${a1}=IP:PORTS[/tcp|udp|tcpudp]) or write the service as virtual_server IP PORT.`,
        );
        return null;
      }
      return { ip: t.ip, ports: t.ports, port: null, protocol: t.protocol };
    }
    if (a0 === 'group') {
      const g = groups.get(a1);
      if (!g) {
        refuse(n, `there is no virtual_server_group ${a1}.`);
        return null;
      }
      const entries = g.children ?? [];
      const ips = new Set(entries.map((e) => e.keyword));
      const bad = entries.find((e) => !ipFamily(e.keyword) || e.args.length > 1);
      if (bad) {
        refuse(
          bad,
          `in virtual_server_group ${a1}: the console imports groups of single addresses with a port (ranges, masks and fwmark entries are not services it can write).`,
        );
        return null;
      }
      if (ips.size !== 1) {
        refuse(
          g,
          `virtual_server_group ${a1} has ${ips.size} addresses: a console service has one address. Write one virtual_server per address.`,
        );
        return null;
      }
      const ports = entries.map((e) => portOf(e.args[0])).filter((p): p is number => p !== null && p > 0);
      if (ports.length !== entries.length) {
        refuse(g, `virtual_server_group ${a1} has an entry without a port.`);
        return null;
      }
      return {
        ip: [...ips][0],
        ports: [...new Set(ports)].sort((x, y) => x - y).join(','),
        port: ports.length === 1 ? ports[0] : null,
        protocol: null,
      };
    }
    if (!ipFamily(a0)) {
      refuse(n, 'not an address with a port, fwmark N or group NAME.');
      return null;
    }
    const port = portOf(a1);
    if (port === null || port === 0) {
      refuse(
        n,
        'a virtual server without a port (every port, persistent): the console writes services with their ports; list them (e.g. 80,443).',
      );
      return null;
    }
    return { ip: a0, ports: String(port), port, protocol: null };
  }

  function mapVirtualServer(n: ConfNode) {
    const t = target(n);
    if (!t) return;
    const kids = n.children ?? [];
    const value = (k: string) => kids.find((x) => x.keyword === k);
    let protocol: ImportedService['protocol'] = t.protocol ?? 'tcp';
    const proto = value('protocol');
    if (proto && t.protocol === null) {
      const p = (proto.args[0] ?? '').toUpperCase();
      if (p === 'UDP') protocol = 'udp';
      else if (p !== 'TCP') refuse(proto, `protocol ${proto.args[0]}: the console writes TCP and UDP services.`);
    } else if (!proto && t.protocol === null) {
      // keepalived: "no protocol set - defaulting to UDP" (the kernel's default for protocol 0).
      protocol = 'udp';
      note(
        n,
        'no protocol: keepalived then serves UDP (and reports a configuration error), and so does the imported service. Write `protocol TCP` in the file if TCP was meant.',
      );
    }
    const method = value('lvs_method') ?? value('lb_kind');
    let forwarding: 'dr' | 'nat' = 'nat';
    if (!method) note(n, 'no lvs_method: keepalived then uses NAT, and so does the imported service.');
    else if (method.args[0]?.toUpperCase() === 'DR') forwarding = 'dr';
    else if (method.args[0]?.toUpperCase() !== 'NAT') refuse(method, 'the console forwards with Direct Routing or NAT, not tunnels.');
    const schedNode = value('lvs_sched') ?? value('lb_algo');
    const scheduler = schedNode?.args[0] ?? 'wlc';
    if (schedNode && !(SCHEDULERS as readonly string[]).includes(scheduler))
      refuse(schedNode, `scheduler ${scheduler}: use one of ${SCHEDULERS.join(', ')}.`);
    if (!schedNode) note(n, 'no lvs_sched: keepalived then uses wlc, and so does the imported service.');
    const pt = value('persistence_timeout');
    const persistence = {
      enabled: !!pt,
      timeout: pt ? (pt.args[0] ? Number(pt.args[0]) : 360) : 300,
      granularity: value('persistence_granularity')?.args[0] ?? null,
    };
    const sorry = value('sorry_server');
    const fallback = sorry ? { ip: sorry.args[0], port: portOf(sorry.args[1]) ?? null } : null;
    if (fallback && fallback.port === t.port) fallback.port = null;

    const realServers: ImportedRealServer[] = [];
    const checks: { node: ConfNode; spec: CheckSpec }[] = [];
    // inhibit_on_failure (on the service, or on its real servers): the service is quiescent.
    const inhibited: ConfNode[] = [];
    for (const k of kids) {
      switch (k.keyword) {
        case 'real_server': {
          const ip = k.args[0];
          if (!ipFamily(ip)) {
            refuse(k, 'not an IP address.');
            break;
          }
          const port = portOf(k.args[1]);
          const rk = k.children ?? [];
          const num = (key: string, def: number) => {
            const v = rk.find((x) => x.keyword === key)?.args[0];
            return v === undefined ? def : Number(v);
          };
          for (const x of rk) {
            if (
              [
                'weight',
                'uthreshold',
                'lthreshold',
                'TCP_CHECK',
                'HTTP_GET',
                'SSL_GET',
                'MISC_CHECK',
                'PING_CHECK',
                'SMTP_CHECK',
                'DNS_CHECK',
                'BFD_CHECK',
                'UDP_CHECK',
                'FILE_CHECK',
              ].includes(x.keyword)
            )
              continue;
            if (x.keyword === 'inhibit_on_failure') inhibited.push(x);
            else if (x.keyword === 'lvs_method' || x.keyword === 'lb_kind') {
              if ((x.args[0] ?? '').toUpperCase() !== (forwarding === 'dr' ? 'DR' : 'NAT'))
                refuse(x, 'a real server forwarded differently from its service: the console forwards a whole service one way.');
            } else if (['notify_up', 'notify_down', 'smtp_alert', 'delay_loop', 'alpha', 'omega'].includes(x.keyword))
              note(x, `${x.keyword}: not imported (the console records health changes itself, see Reports).`);
            else refuse(x, 'has no equivalent in the console.');
          }
          const rsPort = t.port !== null && forwarding === 'nat' && port !== null && port !== t.port ? port : null;
          if (t.port !== null && forwarding === 'dr' && port !== null && port !== t.port)
            refuse(k, `Direct Routing cannot change the port (${t.port} to ${port}); use NAT or the same port.`);
          const weight = num('weight', 1);
          let label = safeLabel(ip, port);
          for (let i = 2; realServers.some((r) => r.label === label); i++) label = `${safeLabel(ip, port)}-${i}`;
          realServers.push({ label, ip, port: rsPort, weight, maxConnections: num('uthreshold', 0), minConnections: num('lthreshold', 0) });
          const spec = mapChecks(k, t.port, refuse, note);
          if (spec) checks.push({ node: k, spec });
          break;
        }
        case 'protocol':
        case 'lvs_method':
        case 'lb_kind':
        case 'lvs_sched':
        case 'lb_algo':
        case 'persistence_timeout':
        case 'persistence_granularity':
        case 'sorry_server':
          break;
        case 'virtualhost':
          break; // used by the HTTP checks below
        case 'inhibit_on_failure':
          inhibited.push(k);
          break;
        case 'quorum':
        case 'hysteresis': {
          const n = Number(k.args[0]);
          if (!Number.isInteger(n) || n < (k.keyword === 'quorum' ? 1 : 0) || n > 1_000_000)
            refuse(
              k,
              `${k.keyword} ${k.args[0] ?? ''}: the console takes whole numbers from ${k.keyword === 'quorum' ? 1 : 0} to 1000000.`,
            );
          break;
        }
        case 'alpha':
        case 'omega':
        case 'ha_suspend':
        case 'delay_loop':
        case 'connect_timeout':
        case 'retry':
        case 'nb_get_retry':
        case 'delay_before_retry':
          break; // the service's check timing, below
        case 'quorum_up':
        case 'quorum_down':
        case 'warmup':
        case 'smtp_alert':
        case 'sorry_server_inhibit':
        case 'sorry_server_lvs_method':
          note(k, `${k.keyword} ${k.args.join(' ')}: not imported; the console uses its own check timing and alerts.`);
          break;
        default:
          refuse(k, 'has no equivalent in the console.');
      }
    }
    const partly = inhibited.length && !kids.some((k) => k.keyword === 'inhibit_on_failure') && inhibited.length < realServers.length;
    if (partly)
      note(
        inhibited[0],
        'inhibit_on_failure on some real servers only: the console makes the whole service quiescent (every failed real server stays at weight 0).',
      );
    const kinds = new Set(checks.map((c) => c.spec.key));
    if (kinds.size > 1) {
      refuse(
        checks.find((c) => c.spec.key !== checks[0].spec.key)!.node,
        "its check differs from the first real server's: the console checks every real server of a service the same way.",
      );
      return;
    }
    // Check timing: the virtual server's (delay_loop, and defaults for its checkers), then the first checker's own.
    const timing = { ...timingOf(kids, note), ...(checks[0]?.spec.timing ?? {}) };
    const differs = checks.find((c) => JSON.stringify(c.spec.timing) !== JSON.stringify(checks[0].spec.timing));
    if (differs)
      note(
        differs.node,
        "its check timing differs from the first real server's: the console times every real server of a service the same way (the first one's is imported).",
      );
    const checkTiming = {
      interval: timing.interval ?? null,
      timeout: timing.timeout ?? null,
      retries: timing.retries ?? null,
      retryDelay: timing.retryDelay ?? null,
    };
    const healthCheck = { ...(checks[0]?.spec.check ?? none) };
    const vsHost = value('virtualhost')?.args[0];
    if (healthCheck.type === 'negotiate' && !healthCheck.virtualHost && vsHost) healthCheck.virtualHost = vsHost;
    let label = n.args[0] === 'group' ? n.args[1] : n.args[0] === 'fwmark' ? `FWM_${n.args[1]}` : safeLabel(t.ip, t.port);
    label =
      label
        .replace(/[^A-Za-z0-9_.-]/g, '_')
        .replace(/^[^A-Za-z0-9]+/, '')
        .slice(0, 64) || `VS_${services.length + 1}`;
    for (let i = 2; services.some((s) => s.label === label); i++) label = `${label.slice(0, 60)}-${i}`;
    services.push({
      label,
      ip: t.ip,
      ports: t.ports,
      protocol,
      forwarding,
      scheduler,
      persistence,
      healthCheck,
      fallback,
      quiescent: inhibited.length ? true : null,
      quorum: value('quorum') ? Number(value('quorum')!.args[0]) : null,
      hysteresis: value('hysteresis') ? Number(value('hysteresis')!.args[0]) : null,
      emailAlert,
      checkTiming,
      realServers,
      fwmark: n.args[0] === 'fwmark' ? Number(n.args[1]) : null,
      source: at(n),
    });
  }

  // Addresses that are not a service's become the admin's own floating IPs.
  const serviceIps = new Set(services.map((s) => s.ip));
  const floatingIps = vrrpAddresses
    .filter((a) => !serviceIps.has(a.address))
    .map((a) => {
      note(
        a.node,
        `${a.address}: no service uses it; imported as a floating IP (purpose vip). If it is the real servers' default gateway (NAT), change its purpose to gateway.`,
      );
      return { address: a.address, prefix: a.prefix, purpose: 'vip' as const, interface: a.dev };
    });

  return { services, floatingIps, refusals: refusals.list(), notes: notes.list(), merges: mergeCandidates(services) };
}

/** Services on one address with the same settings and real servers (the usual keepalived multi-port service). */
export function mergeCandidates(services: ImportedService[]): MergeCandidate[] {
  const sig = (s: ImportedService) =>
    JSON.stringify([
      s.ip,
      s.forwarding,
      s.scheduler,
      s.persistence,
      { ...s.healthCheck, port: null },
      s.fallback?.ip ?? null,
      s.realServers.map((r) => [r.ip, r.weight, r.maxConnections, r.minConnections]).sort(),
    ]);
  const byKey = new Map<string, ImportedService[]>();
  for (const s of services) byKey.set(sig(s), [...(byKey.get(sig(s)) ?? []), s]);
  const out: MergeCandidate[] = [];
  const portsOf = (list: ImportedService[]) => [...new Set(list.flatMap((s) => s.ports.split(',').map(Number)))].sort((a, b) => a - b);
  const candidate = (list: ImportedService[], protocol: MergeCandidate['protocol']) =>
    out.push({ ip: list[0].ip, labels: list.map((s) => s.label), ports: portsOf(list).join(','), protocol });
  for (const group of byKey.values()) {
    const tcp = group.filter((s) => s.protocol === 'tcp');
    const udp = group.filter((s) => s.protocol === 'udp');
    // TCP and UDP become one TCP/UDP service only when every port is served on both (else it would add some).
    if (tcp.length && udp.length && portsOf(tcp).join() === portsOf(udp).join() && group.every((s) => s.protocol !== 'tcpudp')) {
      candidate(group, 'tcpudp');
      continue;
    }
    for (const [list, protocol] of [
      [tcp, 'tcp'],
      [udp, 'udp'],
    ] as const)
      if (list.length > 1) candidate(list, protocol);
  }
  return out;
}

/** The services with the chosen merges done: one multi-port service per candidate (named after the first). */
export function applyMerges(services: ImportedService[], merges: MergeCandidate[]): ImportedService[] {
  const merged = new Map<string, MergeCandidate>();
  for (const m of merges) for (const l of m.labels) merged.set(l, m);
  const out: ImportedService[] = [];
  for (const s of services) {
    const m = merged.get(s.label);
    if (!m) {
      out.push(s);
      continue;
    }
    if (m.labels[0] !== s.label) continue;
    out.push({
      ...s,
      label: `${s.ip.replace(/:/g, '-')}_${m.protocol}`.slice(0, 64),
      ports: m.ports,
      protocol: m.protocol,
      // One check, on the first port unless the file named one; the real servers take each connection's port.
      fwmark: null,
      realServers: s.realServers.map((r) => ({ ...r, port: null })),
    });
  }
  return out;
}
