// keepalived.conf for one director. Pure: configuration in, text out.
import { ipFamily, parsePorts } from '../schemas/net';
import { isSinglePort, CHECK_TYPE_LABELS, PROTOCOL_LABELS, FORWARDING_LABELS, EXTERNAL_CHECKS_DIR } from '../schemas/virtual-service';
import { kaComment, kaEscaped, kaWord, literalRegex } from './keepalived-syntax';
import {
  checkTimingOf,
  quiescentOf,
  DEFAULT_CLUSTER,
  advertOf,
  DIRECTOR_PATHS,
  type ClusterSettings,
  type RenderDirector,
  type RenderInput,
  type RenderService,
} from './model';
import type { CheckTiming } from '../schemas/settings';
import type { RealServerSpec } from '../schemas/real-server';
import type { FloatingIpSpec } from '../schemas/floating-ip';
import { STATE_DIR, stateFileName, stateScope, trackKey, VRRP_YIELD_FILE, type StateScope } from './state-files';

const VRRP_INSTANCE = 'VI_LVS_CONSOLE';

const INDENT = Array.from({ length: 12 }, (_, i) => '    '.repeat(i));

class Lines {
  private readonly out: string[] = [];
  private depth = 0;
  line(text = ''): this {
    this.out.push(text ? INDENT[this.depth] + text : '');
    return this;
  }
  open(head: string): this {
    this.line(`${head} {`);
    this.depth++;
    return this;
  }
  close(): this {
    this.depth--;
    return this.line('}');
  }
  toString(): string {
    return this.out.join('\n') + '\n';
  }
}

export interface ServiceShape {
  single: boolean;
  firstPort: number;
  key: string; // "fwmark 1" or "192.168.98.237 443"
}

export function serviceShape(s: RenderService): ServiceShape {
  const p = parsePorts(s.ports);
  if (!p.ok) throw new Error(`service ${s.label}: ${p.message}`);
  const single = isSinglePort(p.ranges, s.protocol);
  const firstPort = p.ranges[0].from;
  return { single, firstPort, key: single ? `${s.ip} ${firstPort}` : `fwmark ${s.fwmark}` };
}

/** Real servers the kernel table holds: halted ones are left out (kept at weight 0 when `quiescent`). */
export function activeRealServers(s: RenderService, quiescent = false): RealServerSpec[] {
  return quiescent ? s.realServers : s.realServers.filter((r) => r.adminState !== 'halt');
}

export function effectiveWeight(r: RealServerSpec): number {
  return r.adminState === 'online' ? r.weight : 0;
}

function checkPort(s: RenderService, shape: ServiceShape, r: RealServerSpec): number {
  return s.healthCheck.port ?? r.port ?? shape.firstPort;
}

// The url blocks are the same for every real server of a service: quote and escape them once.
type UrlLines = { path: string; status: string | null; regex: string | null; digest: string | null };
const urlCache = new WeakMap<RenderService, { urls: UrlLines[]; host: string | null }>();

function urlParts(s: RenderService) {
  let parts = urlCache.get(s);
  if (!parts) {
    const hc = s.healthCheck;
    const first = { path: hc.request ?? '/', status: hc.status, response: hc.response, digest: hc.digest };
    parts = {
      urls: [first, ...hc.moreUrls].map((u) => ({
        // '$' would start a keepalived parameter; %24 is the same byte to an HTTP server.
        path: kaWord(u.path.replace(/\$/g, '%24')),
        // keepalived writes ranges with '-' and separates codes by spaces.
        status: u.status ? u.status.split(',').join(' ') : null,
        regex: u.response ? kaEscaped(literalRegex(u.response)) : null,
        digest: u.digest,
      })),
      host: hc.virtualHost ? kaWord(hc.virtualHost) : null,
    };
    urlCache.set(s, parts);
  }
  return parts;
}

function renderCheck(b: Lines, s: RenderService, shape: ServiceShape, r: RealServerSpec, t: CheckTiming) {
  const hc = s.healthCheck;
  const timing = () => {
    b.line(`connect_timeout ${t.timeout}`);
    b.line(`retry ${t.retries}`);
    b.line(`delay_before_retry ${t.retryDelay}`);
  };
  switch (hc.type) {
    case 'negotiate': {
      b.open(hc.protocol === 'https' ? 'SSL_GET' : 'HTTP_GET');
      const { urls, host } = urlParts(s);
      for (const url of urls) {
        b.open('url');
        b.line(`path ${url.path}`);
        if (host) b.line(`virtualhost ${host}`);
        if (url.status) b.line(`status_code ${url.status}`);
        if (url.digest) b.line(`digest ${url.digest}`);
        if (url.regex) b.line(`regex ${url.regex}`);
        b.close();
      }
      if (hc.protocol === 'https' && hc.virtualHost) b.line('enable_sni');
      b.line(`connect_port ${checkPort(s, shape, r)}`);
      timing();
      b.close();
      break;
    }
    case 'connect':
      b.open('TCP_CHECK');
      b.line(`connect_port ${checkPort(s, shape, r)}`);
      timing();
      b.close();
      break;
    case 'smtp':
      b.open('SMTP_CHECK');
      b.line(`connect_port ${checkPort(s, shape, r)}`);
      if (hc.heloName) b.line(`helo_name ${kaWord(hc.heloName)}`);
      timing();
      b.close();
      break;
    case 'dns':
      b.open('DNS_CHECK');
      b.line(`connect_port ${checkPort(s, shape, r)}`);
      b.line(`type ${hc.dnsType ?? 'SOA'}`);
      b.line(`name ${kaWord(hc.dnsName ?? '.')}`);
      timing();
      b.close();
      break;
    case 'udp':
      b.open('UDP_CHECK');
      b.line(`connect_port ${checkPort(s, shape, r)}`);
      if (hc.udpPayload) b.line(`payload ${hc.udpPayload}`);
      if (hc.udpReply) b.line(hc.udpReply === 'any' ? 'require_reply' : `require_reply ${hc.udpReply}`);
      timing();
      b.close();
      break;
    case 'ping':
      b.open('PING_CHECK');
      b.line(`connect_timeout ${t.timeout}`);
      b.line(`retry ${t.retries}`);
      b.close();
      break;
    case 'external':
      // The script (a file name in the checks directory) gets the real server's address and port, as ldirectord passes them.
      b.open('MISC_CHECK');
      b.line(
        `misc_path ${kaEscaped(`${EXTERNAL_CHECKS_DIR}/${hc.command} ${r.ip} ${checkPort(s, shape, r)}${hc.args ? ` ${hc.args}` : ''}`)}`,
      );
      b.line(`misc_timeout ${t.timeout * 2}`);
      b.close();
      break;
    case 'none':
      break;
  }
}

/** keepalived ignores (with a warning) a virtual server that has no real server: so do we. */
export function inKernelTable(s: RenderService): boolean {
  return s.realServers.length > 0;
}

function renderService(b: Lines, s: RenderService, settings: RenderInput['settings'], scope: StateScope) {
  const shape = serviceShape(s);
  const t = checkTimingOf(s, settings);
  if (!inKernelTable(s)) {
    b.line(`# ${kaComment(s.label)} (${s.ip} ${s.ports}) has no real server: left out until it has one.`);
    return;
  }
  const proto = s.protocol === 'udp' ? 'UDP' : 'TCP';
  b.line(
    `# ${kaComment(s.label)}: ${s.ip} ${PROTOCOL_LABELS[s.protocol]} ${s.ports}, ${FORWARDING_LABELS[s.forwarding]}, ` +
      `check: ${CHECK_TYPE_LABELS[s.healthCheck.type]}${shape.single ? '' : ` (firewall mark ${s.fwmark})`}`,
  );
  b.open(`virtual_server ${shape.key}`);
  b.line(`delay_loop ${t.interval}`);
  b.line(`lvs_sched ${s.scheduler}`);
  b.line(`lvs_method ${s.forwarding === 'dr' ? 'DR' : 'NAT'}`);
  if (shape.single) b.line(`protocol ${proto}`);
  if (s.persistence.enabled) {
    b.line(`persistence_timeout ${s.persistence.timeout}`);
    if (s.persistence.granularity) b.line(`persistence_granularity ${s.persistence.granularity}`);
  }
  if (s.fallback) {
    b.line(`sorry_server ${s.fallback.ip} ${s.fallback.port ?? (shape.single ? shape.firstPort : 0)}`);
  }
  renderQuorum(b, s);
  // Every real server is here, halted ones too: its admin state is in its state file (FILE_CHECK),
  // so that drain, halt and online take effect without a reload.
  // keepalived refuses a service whose real servers weigh 0 in all (its quorum is 1). The pool rule
  // allows that only when all of them are halted, so they are written with weight 1: none can come
  // online at weight 0 without another server online and weighing more (the pool rule again).
  const weightless = s.realServers.every((r) => r.weight === 0);
  // Quiescent: a failed real server (and a halted one: its state file is a failure too) stays at weight 0.
  const quiescent = quiescentOf(s, settings);
  for (const r of s.realServers) {
    const port = shape.single ? (r.port ?? shape.firstPort) : null;
    const key = trackKey(scope, s, r);
    b.open(`real_server ${r.ip}${port !== null ? ` ${port}` : ''}`);
    b.line(`# ${kaComment(r.label)}${weightless ? ' (weight 0 in the console, halted)' : ''}`);
    b.line(`weight ${weightless ? 1 : r.weight}`);
    if (quiescent) b.line('inhibit_on_failure');
    if (r.maxConnections > 0) b.line(`uthreshold ${r.maxConnections}`);
    if (r.minConnections > 0) b.line(`lthreshold ${r.minConnections}`);
    renderCheck(b, s, shape, r, t);
    b.open('FILE_CHECK');
    b.line(`track_file ${key}`);
    b.close();
    b.close();
  }
  b.close();
}

/**
 * keepalived refuses (config-test exit 5) a quorum above the real servers' total weight and a hysteresis
 * not below the quorum: written within those, as keepalived itself would reduce them (with a comment).
 */
function renderQuorum(b: Lines, s: RenderService) {
  if (s.quorum === null && !s.hysteresis) return;
  const weights = s.realServers.map((r) => r.weight);
  const total = weights.every((w) => w === 0) ? weights.length : weights.reduce((n, w) => n + w, 0);
  const quorum = Math.max(1, Math.min(s.quorum ?? 1, total));
  if (quorum !== (s.quorum ?? 1)) b.line(`# quorum ${s.quorum} is above the real servers' total weight ${total}`);
  b.line(`quorum ${quorum}`);
  if (s.hysteresis) b.line(`hysteresis ${Math.min(s.hysteresis, quorum - 1)}`);
}

/**
 * The track_file of each state file, declared before the virtual servers that use it (named by its key:
 * short, since keepalived finds each by name in a list), one per real server of each service, or one per
 * address above PER_SERVICE_STATE_LIMIT real servers (see state-files.ts). No init_file: a missing file
 * reads as 0 (online), and the files are the console's to write, so keepalived.conf does not change
 * when an admin state does.
 */
function renderTrackFiles(b: Lines, services: RenderService[], scope: StateScope) {
  const inTable = services.filter(inKernelTable);
  if (!inTable.length) return;
  b.line(
    scope === 'service'
      ? `# Admin state of each real server (drain / halt), written live by the console into ${STATE_DIR}.`
      : `# Admin state of each real-server address in every service (drain / halt), written live by the console into ${STATE_DIR}.`,
  );
  const declared = new Set<string>();
  for (const s of inTable) {
    for (const r of s.realServers) {
      const key = trackKey(scope, s, r);
      if (declared.has(key)) continue;
      declared.add(key);
      b.open(`track_file ${key}`);
      b.line(`file ${kaWord(`${STATE_DIR}/${stateFileName(key)}`)}`);
      b.line('weight 1');
      b.close();
    }
  }
  b.line();
}

function renderVrrp(b: Lines, input: RenderInput, me: RenderDirector, c: ClusterSettings) {
  const peers = input.directors.filter((d) => d !== me && d.vrrpAddress);
  // One address family per instance: the family VRRP itself speaks (the directors' own addresses, or
  // else IPv4 when there is any IPv4 floating IP). The other family rides along as "excluded".
  const family =
    me.vrrpAddress && peers.length ? ipFamily(me.vrrpAddress) : input.floatingIps.some((f) => ipFamily(f.address) === 4) ? 4 : 6;
  const { advertised: addresses, excluded } = splitAdvert(input.floatingIps, family);
  const pair = input.directors.length > 1;
  if (pair) {
    b.line('# Manual failover ("make the other director active"): the console writes 1 here for a moment.');
    b.open(`track_file ${YIELD_TRACK}`);
    b.line(`file ${kaWord(VRRP_YIELD_FILE)}`);
    b.line('weight 0');
    b.close();
    b.line();
  }
  b.line('# Floating IPs (service addresses and the NAT gateway) move with this VRRP instance.');
  b.open(`vrrp_instance ${VRRP_INSTANCE}`);
  // Both directors start as BACKUP with nopreempt: the one that is MASTER stays MASTER until it fails.
  b.line('state BACKUP');
  b.line(`interface ${me.vrrpInterface}`);
  b.line(`virtual_router_id ${c.virtualRouterId}`);
  b.line(`priority ${me.vrrpPriority}`);
  const advert = advertOf(input.settings);
  if (advert.version === 3) b.line('version 3');
  b.line(`advert_int ${advert.interval}`);
  b.line('nopreempt');
  b.line('garp_master_delay 1');
  if (me.vrrpAddress && peers.length) {
    b.line(`unicast_src_ip ${me.vrrpAddress}`);
    b.open('unicast_peer');
    for (const p of peers) b.line(p.vrrpAddress!);
    b.close();
  }
  const interfaces = [...new Set(input.floatingIps.map((f) => f.interface).filter((i): i is string => !!i && i !== me.vrrpInterface))];
  if (interfaces.length) {
    b.open('track_interface');
    for (const i of interfaces) b.line(i);
    b.close();
  }
  b.open('virtual_ipaddress');
  for (const f of addresses) b.line(`${f.address}/${f.prefix} dev ${f.interface ?? me.vrrpInterface}`);
  b.close();
  if (excluded.length) {
    b.open('virtual_ipaddress_excluded');
    for (const f of excluded) b.line(`${f.address}/${f.prefix} dev ${f.interface ?? me.vrrpInterface}`);
    b.close();
  }
  if (pair) {
    b.open('track_file');
    b.line(YIELD_TRACK);
    b.close();
  }
  b.line(`notify ${kaWord(DIRECTOR_PATHS.notify)}`);
  b.close();
}

const YIELD_TRACK = 'lvs_console_yield';
/** The VRRP process's real-time priority with sub-second adverts (1-99; the checkers stay at normal priority). */
const VRRP_RT_PRIORITY = 50;
/** CPU time (µs) the real-time VRRP process may use without blocking before the kernel stops it: 1 s. */
const VRRP_RLIMIT_RTTIME_US = 1_000_000;

/**
 * How many addresses the VRRP advert carries. One advert holds at most 255 (keepalived's config-test
 * fails past it); the instance brings every address up and down either way, so the advert keeps a
 * small set and the rest are virtual_ipaddress_excluded.
 */
export const ADVERT_ADDRESSES = 20;

/** A number that orders addresses of one family (IPv4 as an integer, IPv6 by its expanded text). */
function addressOrder(a: string): string {
  if (!a.includes(':'))
    return a
      .split('.')
      .map((o) => o.padStart(3, '0'))
      .join('.');
  const [head, tail = ''] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = a.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.map((g) => g.padStart(4, '0')).join(':');
}

/**
 * The advert's addresses and the excluded ones. The advert holds addresses of VRRP's own family only:
 * the NAT gateways first, then the lowest addresses, at most ADVERT_ADDRESSES, so that it changes
 * little as services come and go; the rest (and the other family) ride along as excluded. Each list
 * keeps the configuration's order.
 */
export function splitAdvert(
  floatingIps: FloatingIpSpec[],
  family: 4 | 6 | null,
): { advertised: FloatingIpSpec[]; excluded: FloatingIpSpec[] } {
  const own = floatingIps.filter((f) => ipFamily(f.address) === family);
  const chosen = new Set(
    [...own]
      .sort(
        (a, b) =>
          Number(b.purpose === 'gateway') - Number(a.purpose === 'gateway') || (addressOrder(a.address) < addressOrder(b.address) ? -1 : 1),
      )
      .slice(0, ADVERT_ADDRESSES),
  );
  return { advertised: own.filter((f) => chosen.has(f)), excluded: floatingIps.filter((f) => !chosen.has(f)) };
}

/** The virtual_server blocks: the same on every director. */
export function renderKeepalivedServices(input: RenderInput): string {
  const b = new Lines();
  const services = [...input.services].sort((a, b2) => a.label.localeCompare(b2.label));
  const scope = stateScope(services);
  renderTrackFiles(b, services, scope);
  services.forEach((s, i) => {
    if (i > 0) b.line();
    renderService(b, s, input.settings, scope);
  });
  return b.toString();
}

/** keepalived.conf for one director of the configuration. */
export function renderKeepalivedConf(input: RenderInput, directorName: string, servicesSection = renderKeepalivedServices(input)): string {
  const c = { ...DEFAULT_CLUSTER, ...input.cluster };
  const me = input.directors.find((d) => d.name === directorName);
  if (!me) throw new Error(`no director named ${directorName}`);
  const b = new Lines();
  b.line(`# keepalived.conf for director ${kaComment(me.name)} (${me.role}), generated by lvs-console.`);
  b.line('# Edit the configuration in the console: changes made here are replaced at the next apply.');
  b.line();
  b.open('global_defs');
  b.line(`router_id ${me.name.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
  b.line('enable_script_security');
  b.line('script_user root');
  if (input.floatingIps.length && advertOf(input.settings).interval < 1) {
    // Sub-second adverts: the VRRP process at real-time priority, so that a busy director (checkers,
    // a large table) still sends them on time. keepalived drops it while it reloads. A real-time process
    // that runs longer than rlimit_rttime without blocking is killed; keepalived's 10 ms default kills
    // the VRRP process at its start on a slow machine (measured on the lab), and the respawn is delayed.
    b.line(`vrrp_rt_priority ${VRRP_RT_PRIORITY}`);
    b.line(`vrrp_rlimit_rttime ${VRRP_RLIMIT_RTTIME_US}`);
  }
  if (input.directors.length > 1 && input.floatingIps.length) {
    // Connection sync: the standby director learns every connection, so sessions survive a failover.
    b.line(`lvs_sync_daemon ${me.vrrpInterface} ${VRRP_INSTANCE} id ${c.virtualRouterId}`);
  }
  const mail = input.directorMail;
  if (mail && input.floatingIps.length) {
    // keepalived mails its own VRRP changes (a failover, also with the console stopped); the console
    // reports the checkers' changes itself.
    b.open('notification_email');
    for (const to of mail.to) b.line(to);
    b.close();
    b.line(`notification_email_from ${mail.from}`);
    b.line(`smtp_server ${mail.server} ${mail.port}`);
    b.line('smtp_connect_timeout 30');
    b.line('smtp_alert_vrrp true');
    b.line('smtp_alert_checker false');
  }
  b.close();
  b.line();
  if (input.floatingIps.length) {
    renderVrrp(b, input, me, c);
    b.line();
  }
  return input.services.length ? b.toString() + servicesSection : b.toString();
}
