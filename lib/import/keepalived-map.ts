// A parsed keepalived.conf as the console's configuration: virtual services with their real servers and
// health checks, and the VRRP addresses as floating IPs. Pure. Everything the console cannot represent
// is refused with its file and line and why (the import then writes nothing); what the console manages
// itself (check timing, global_defs, VRRP details) is listed as a note with what the console does instead.
import type { ConfIssue, ConfNode } from './keepalived-parse';
import { excerpt, IssueList } from './limits';
import { ipFamily } from '../schemas/net';
import { EXTERNAL_CHECKS_DIR, SCHEDULERS } from '../schemas/virtual-service';
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
  forwarding: 'dr' | 'nat';
  scheduler: string;
  persistence: { enabled: boolean; timeout: number; granularity: string | null };
  healthCheck: {
    type: 'negotiate' | 'connect' | 'ping' | 'external' | 'none';
    port: number | null;
    protocol: 'http' | 'https' | null;
    request: string | null;
    response: string | null;
    virtualHost: string | null;
    command: string | null;
  };
  fallback: { ip: string; port: number | null } | null;
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

/** One real server's checker as the console's check, or why not. */
function mapChecks(
  rs: ConfNode,
  vsPort: number | null,
  refuse: (n: ConfNode, why: string) => void,
  note: (n: ConfNode, what: string) => void,
): CheckSpec | null {
  const checks = (rs.children ?? []).filter((c) => /_CHECK$|^HTTP_GET$|^SSL_GET$/.test(c.keyword));
  if (checks.length > 1) {
    refuse(
      checks[1],
      `a second checker on one real server (${checks.map((c) => c.keyword).join(', ')}): the console runs one check per service.`,
    );
    return null;
  }
  const none = { type: 'none' as const, port: null, protocol: null, request: null, response: null, virtualHost: null, command: null };
  if (!checks.length) return { key: 'none', check: none, timing: {} };
  const c = checks[0];
  const kids = c.children ?? [];
  const value = (k: string) => kids.find((x) => x.keyword === k)?.args[0];
  const port = portOf(value('connect_port'));
  for (const k of kids) {
    if (OTHER_TIMING.includes(k.keyword))
      note(
        k,
        `${k.keyword} ${k.args.join(' ')}: not imported; the console's check timing is its interval, timeout, retries and delay between retries.`,
      );
  }
  const timing = timingOf(kids, note);
  const checkPort = port !== null && port !== vsPort ? port : null;
  switch (c.keyword) {
    case 'TCP_CHECK': {
      for (const k of kids)
        if (!['connect_port', 'bindto', 'bind_port', 'connect_ip', ...CONSOLE_TIMING].includes(k.keyword))
          refuse(k, `${k.keyword} in TCP_CHECK has no equivalent in the console.`);
      return { key: `tcp:${checkPort}`, check: { ...none, type: 'connect', port: checkPort }, timing };
    }
    case 'HTTP_GET':
    case 'SSL_GET': {
      const urls = kids.filter((k) => k.keyword === 'url');
      if (urls.length !== 1) {
        refuse(urls[1] ?? c, `${c.keyword} with ${urls.length} url blocks: the console checks one path.`);
        return null;
      }
      const u = urls[0].children ?? [];
      const path = u.find((k) => k.keyword === 'path')?.args[0] ?? '/';
      let response: string | null = null;
      for (const k of u) {
        if (k.keyword === 'path') continue;
        if (k.keyword === 'status_code') {
          if (!k.args.every((a) => /^2\d\d$/.test(a) || /^200-299$/.test(a)))
            refuse(k, `status_code ${k.args.join(' ')}: the console's HTTP check expects a 2xx status.`);
        } else if (k.keyword === 'digest')
          refuse(
            k,
            'digest: the console checks the status and, optionally, a text in the page, not an MD5 digest. Replace it with `regex "<text the page contains>"` or remove it.',
          );
        else if (k.keyword === 'regex') {
          if (/[\\^$.|?*+()[\]{}]/.test(k.args[0] ?? ''))
            refuse(k, `regex ${k.args[0]}: the console matches plain text; use a regex without special characters.`);
          else response = k.args[0] ?? null;
        } else if (k.keyword === 'virtualhost') {
          // handled below with the checker's virtualhost
        } else refuse(k, `${k.keyword} in a url block has no equivalent in the console.`);
      }
      const vhost = u.find((k) => k.keyword === 'virtualhost')?.args[0] ?? value('virtualhost') ?? null;
      for (const k of kids)
        if (
          !['url', 'connect_port', 'virtualhost', 'enable_sni', 'bindto', 'bind_port', 'connect_ip', ...CONSOLE_TIMING].includes(k.keyword)
        )
          refuse(k, `${k.keyword} in ${c.keyword} has no equivalent in the console.`);
      const protocol = c.keyword === 'SSL_GET' ? 'https' : 'http';
      return {
        key: `${protocol}:${checkPort}:${path}:${response}:${vhost}`,
        check: { ...none, type: 'negotiate', port: checkPort, protocol, request: path, response, virtualHost: vhost },
        timing,
      };
    }
    case 'PING_CHECK':
      return { key: 'ping', check: { ...none, type: 'ping' }, timing };
    case 'MISC_CHECK': {
      const misc = value('misc_path') ?? '';
      const script = misc.split(/\s+/)[0];
      if (!script.startsWith(`${EXTERNAL_CHECKS_DIR}/`)) {
        refuse(
          c,
          `MISC_CHECK runs ${script || 'nothing'}: the console runs check scripts from ${EXTERNAL_CHECKS_DIR}/ (with the real server's address and port). Copy the script there, then import.`,
        );
        return null;
      }
      if (misc.trim() !== script)
        note(
          c,
          `misc_path arguments "${misc.slice(script.length).trim()}": the console passes the real server's address and port instead.`,
        );
      if (kids.some((k) => k.keyword === 'misc_dynamic'))
        refuse(
          kids.find((k) => k.keyword === 'misc_dynamic')!,
          'misc_dynamic (the script sets the weight): the console keeps the weights it is given.',
        );
      return { key: `misc:${script}`, check: { ...none, type: 'external', command: script.slice(EXTERNAL_CHECKS_DIR.length + 1) }, timing };
    }
    default:
      refuse(c, `${c.keyword}: the console has no such check (it has HTTP/HTTPS, TCP connect, ping and scripts).`);
      return null;
  }
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
      } else if (
        [
          'state',
          'interface',
          'virtual_router_id',
          'priority',
          'advert_int',
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
            if (x.keyword === 'inhibit_on_failure')
              note(
                x,
                'inhibit_on_failure: the console takes a failed real server out of the table (its drain and halt use weights and state files instead).',
              );
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
          note(
            k,
            'inhibit_on_failure: the console takes a failed real server out of the table (its drain and halt use weights and state files instead).',
          );
          break;
        case 'quorum':
          if (k.args[0] !== '1')
            refuse(k, 'a quorum other than 1: the console switches to the fallback server only when no real server is left.');
          break;
        case 'alpha':
        case 'omega':
        case 'hysteresis':
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
    const healthCheck = checks[0]?.spec.check ?? {
      type: 'none',
      port: null,
      protocol: null,
      request: null,
      response: null,
      virtualHost: null,
      command: null,
    };
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
