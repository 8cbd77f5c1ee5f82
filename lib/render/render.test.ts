// Golden files for the guide's DR and NAT deployments, checked by the real keepalived, nft and
// iptables. Regenerate after an intended change: UPDATE_GOLDEN=1 npm run test:unit -- lib/render
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfigDocument } from '../schemas/config-document';
import { SEED_DR, SEED_NAT } from '../schemas/seed';
import { renderConfiguration, toRenderInput, type RenderedConfiguration } from '.';
import { DIRECTOR_PATHS } from './model';
import { iptablesLoad, keepalivedConfigTest, nftCheck } from './testing/checkers';
import { escapedValue, find, parseKeepalived, plainValue, type KaNode } from './testing/keepalived-parse';
import { parseIpvsadmRules } from './testing/ipvsadm-grammar';

const GOLDEN = path.join(__dirname, 'golden');

function render(doc: unknown): RenderedConfiguration {
  const v = validateConfigDocument(doc);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return renderConfiguration(toRenderInput(v.config));
}

function matchGolden(name: string, rendered: RenderedConfiguration) {
  for (const [director, files] of Object.entries(rendered.directors)) {
    for (const [p, text] of Object.entries(files)) {
      const file = path.join(GOLDEN, name, director, path.basename(p));
      if (process.env.UPDATE_GOLDEN) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
      }
      expect(text, `${file} (UPDATE_GOLDEN=1 to accept an intended change)`).toBe(fs.readFileSync(file, 'utf8'));
    }
  }
}

function service(conf: string, key: string): KaNode {
  const vs = find(parseKeepalived(conf), 'virtual_server').find((n) => n.words.slice(1).join(' ') === key);
  if (!vs) throw new Error(`no virtual_server ${key}`);
  return vs;
}

const value = (n: KaNode, kw: string) =>
  find(n.children ?? [], kw)[0]
    ?.words.slice(1)
    .join(' ');

describe.each([
  ['dr', SEED_DR, 'DR', '192.168.98.238'],
  ['nat', SEED_NAT, 'NAT', '192.168.85.140'],
] as const)('the guide’s %s deployment', (name, seed, method, gatewayVip) => {
  const rendered = render(seed);
  const confs = Object.values(rendered.directors).map((f) => f[DIRECTOR_PATHS.keepalived]);

  it('matches the golden files', () => matchGolden(name, rendered));

  it('passes keepalived --config-test with exit 0 and no warnings, on both directors', () => {
    for (const r of keepalivedConfigTest(confs)) expect(r).toEqual({ exitCode: 0, output: '' });
  });

  it('makes the gateway service one fwmark service: persistent 300 s, SSL_GET /app/system/ping expecting OK on 443', () => {
    for (const conf of confs) {
      const gw = service(conf, 'fwmark 1');
      expect(value(gw, 'persistence_timeout')).toBe('300');
      expect(value(gw, 'lvs_method')).toBe(method);
      const rs = find(gw.children!, 'real_server');
      expect(rs.map((r) => r.words[1])).toEqual(['192.168.98.231', '192.168.98.232']);
      for (const r of rs) {
        expect(r.words).toHaveLength(2); // no port: each connection keeps its own
        const ssl = find(r.children!, 'SSL_GET')[0];
        expect(value(ssl, 'connect_port')).toBe('443');
        const url = find(ssl.children!, 'url')[0];
        expect(plainValue(value(url, 'path'))).toBe('/app/system/ping');
        expect(escapedValue(value(url, 'regex'))).toBe('OK');
      }
      const brk = service(conf, 'fwmark 2');
      const url = find(find(find(brk.children!, 'real_server')[0].children!, 'SSL_GET')[0].children!, 'url')[0];
      expect(plainValue(value(url, 'path'))).toBe('/index.pl?action=cb_status');
      expect(escapedValue(value(url, 'regex'))).toBe('CB_IS_OK');
    }
  });

  it('marks all seven gateway ports for TCP and for UDP, and the broker’s two for TCP (nft -c and iptables)', () => {
    const files = Object.values(rendered.directors)[0];
    const nft = files[DIRECTOR_PATHS.nftMarks];
    expect(nftCheck(nft)).toEqual({ exitCode: 0, output: '' });
    expect(nft).toContain(
      `ip daddr ${gatewayVip} meta l4proto { tcp, udp } th dport { 80, 443, 3389, 4172, 42966, 50001, 50002 } meta mark set 1`,
    );
    const ipt = iptablesLoad(files[DIRECTOR_PATHS.iptablesMarks]);
    expect(ipt.exitCode, ipt.output).toBe(0);
    for (const proto of ['tcp', 'udp']) {
      expect(ipt.output).toMatch(
        new RegExp(
          `-A LVS_CONSOLE -d ${gatewayVip}/32 -p ${proto} -m multiport --dports 80,443,3389,4172,42966,50001,50002 .*-j MARK --set-xmark 0x1/0xffffffff`,
        ),
      );
    }
  });

  it('writes ipvsadm rules that parse and hold both services with their real servers', () => {
    const rules = parseIpvsadmRules(Object.values(rendered.directors)[0][DIRECTOR_PATHS.ipvsadm]);
    expect(rules.services.map((s) => s.key)).toEqual(['-f 2', '-f 1']);
    expect(rules.servers.filter((r) => r.service === '-f 1').map((r) => r.server)).toEqual(['192.168.98.231:0', '192.168.98.232:0']);
    expect(new Set(rules.servers.map((r) => r.method))).toEqual(new Set([method === 'DR' ? '-g' : '-m']));
  });
});

describe('real-server preparation', () => {
  it('DR: every gateway gets the four ARP methods with its service address', () => {
    const prep = render(SEED_DR).realServers.find((r) => r.ip === '192.168.98.231')!;
    expect(prep.dr?.vips4).toEqual(['192.168.98.238']);
    expect(prep.dr?.scripts.loopback).toContain('ip addr replace 192.168.98.238/32 dev lo');
    expect(prep.dr?.scripts.loopback).toContain('net.ipv4.conf.all.arp_ignore=1');
    expect(prep.dr?.scripts.iptables).toContain('iptables -t nat -A PREROUTING -d 192.168.98.238 -j REDIRECT');
    expect(prep.dr?.scripts.nftables).toContain('ip daddr 192.168.98.238 redirect');
    expect(prep.dr?.scripts.firewalld).toContain('--add-rule ipv4 nat PREROUTING 0 -d 192.168.98.238 -j REDIRECT');
    expect(prep.nat).toBeNull();
  });

  it('NAT: every real server’s default-gateway step names the gateway floating IP', () => {
    const preps = render(SEED_NAT).realServers;
    expect(preps.map((p) => p.ip)).toEqual(['192.168.98.230', '192.168.98.231', '192.168.98.232', '192.168.98.233']);
    for (const p of preps) {
      expect(p.nat?.gateway4).toBe('192.168.98.100');
      expect(p.nat?.script).toContain('ip route replace default via 192.168.98.100');
    }
  });
});

describe('external health checks', () => {
  const withCheck = (command: string) => {
    const doc = structuredClone(SEED_DR) as { virtualServices: { healthCheck: unknown }[] };
    doc.virtualServices[0].healthCheck = { type: 'external', port: 443, command };
    return doc;
  };

  it('run a script from the checks directory, named by its file name, and pass keepalived --config-test', () => {
    for (const command of ['leostream-check.sh', '/usr/local/lib/lvs-console/checks/leostream-check.sh']) {
      const rendered = render(withCheck(command));
      const conf = rendered.directors.director1[DIRECTOR_PATHS.keepalived];
      const checks = find(service(conf, 'fwmark 1').children ?? [], 'real_server').map((rs) => find(rs.children ?? [], 'MISC_CHECK')[0]);
      expect(checks.map((c) => escapedValue(value(c, 'misc_path')))).toEqual([
        '/usr/local/lib/lvs-console/checks/leostream-check.sh 192.168.98.231 443',
        '/usr/local/lib/lvs-console/checks/leostream-check.sh 192.168.98.232 443',
      ]);
      for (const r of keepalivedConfigTest(Object.values(rendered.directors).map((f) => f[DIRECTOR_PATHS.keepalived])))
        expect(r).toEqual({ exitCode: 0, output: '' });
    }
  });

  it('refuse any other path, with a message that says where to put the script', () => {
    for (const command of ['/bin/rm', '../../bin/rm', '/usr/local/lib/lvs-console/checks/../../../../bin/rm', 'check;rm -rf /']) {
      const v = validateConfigDocument(withCheck(command));
      expect(v.ok, command).toBe(false);
      if (v.ok) continue;
      expect(v.errors[0].field).toBe('virtualServices[0].healthCheck.command');
      expect(v.errors[0].message).toContain('only scripts from /usr/local/lib/lvs-console/checks/');
    }
  });
});

describe('a pair with more service addresses than one VRRP advert carries', () => {
  // 1,000 services on 1,000 distinct VIPs (one advert holds 255 at most: keepalived's config-test exits 5 past it).
  const doc = structuredClone(SEED_NAT) as { virtualServices: unknown[] };
  doc.virtualServices = Array.from({ length: 1000 }, (_, i) => ({
    label: `VS_${i}`,
    ip: `10.1.${i >> 8}.${i & 255}`,
    ports: '443',
    protocol: 'tcp',
    forwarding: 'dr',
    healthCheck: { type: 'none' },
    realServers: [{ label: 'RS1', ip: '192.168.98.231' }],
  }));
  const rendered = render(doc);
  const confs = Object.values(rendered.directors).map((f) => f[DIRECTOR_PATHS.keepalived]);

  it('passes keepalived --config-test on both directors', () => {
    for (const r of keepalivedConfigTest(confs)) expect(r).toEqual({ exitCode: 0, output: '' });
  });

  it('advertises the NAT gateway and the lowest addresses, 20 in all, and brings the other 981 up as excluded', () => {
    for (const conf of confs) {
      const vrrp = find(parseKeepalived(conf), 'vrrp_instance')[0];
      const advertised = find(vrrp.children!, 'virtual_ipaddress')[0].children!.map((n) => n.words[0]);
      const excluded = find(vrrp.children!, 'virtual_ipaddress_excluded')[0].children!.map((n) => n.words[0]);
      expect(advertised).toHaveLength(20);
      expect(advertised).toContain('192.168.98.100/32');
      expect(advertised).toContain('10.1.0.0/32');
      expect(advertised).not.toContain('10.1.0.19/32');
      expect(excluded).toHaveLength(981);
      expect(new Set([...advertised, ...excluded]).size).toBe(1001);
    }
  });
});

describe('a table above 2,000 real servers: one state file per real-server address', () => {
  // 30 VIPs x 10 ports, each with the same 10 gateways of its VIP: 3,000 real servers on 300 addresses.
  const doc = structuredClone(SEED_NAT) as { virtualServices: unknown[] };
  doc.virtualServices = Array.from({ length: 300 }, (_, n) => ({
    label: `VS_${n}`,
    ip: `10.1.0.${Math.floor(n / 10)}`,
    ports: String(8000 + (n % 10)),
    protocol: 'tcp',
    forwarding: 'dr',
    healthCheck: { type: 'none' },
    realServers: Array.from({ length: 10 }, (_, j) => ({
      label: `RS_${j}`,
      ip: `172.16.${Math.floor(n / 10)}.${j + 1}`,
      // The first gateway of VIP 0 drained in one service only: the address's file drains it in all ten.
      adminState: n === 3 && j === 0 ? 'drain' : 'online',
    })),
  }));
  const rendered = render(doc);
  const confs = Object.values(rendered.directors).map((f) => f[DIRECTOR_PATHS.keepalived]);

  it('passes keepalived --config-test on both directors', () => {
    for (const r of keepalivedConfigTest(confs)) expect(r).toEqual({ exitCode: 0, output: '' });
  });

  it('declares 300 track files, one per address, and every real server of every service watches its address’s', () => {
    for (const conf of confs) {
      const tree = parseKeepalived(conf);
      const declared = find(tree, 'track_file').map((n) => n.words[1]);
      expect(declared.filter((k) => k.startsWith('ip-'))).toHaveLength(300);
      const vs = service(conf, '10.1.0.0 8003');
      const watched = find(vs.children!, 'real_server').map((rs) => value(find(rs.children!, 'FILE_CHECK')[0], 'track_file'));
      expect(watched).toEqual(Array.from({ length: 10 }, (_, j) => `ip-172_16_0_${j + 1}`));
    }
  });

  it('takes the drained gateway as drained in all ten services of its VIP (its address’s state, what the apply verifies), and no other', () => {
    const v = validateConfigDocument(doc);
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const drained = toRenderInput(v.config).services.flatMap((s) =>
      s.realServers.filter((r) => r.adminState !== 'online').map((r) => `${s.label} ${r.ip} ${r.adminState}`),
    );
    expect(drained).toEqual(Array.from({ length: 10 }, (_, n) => `VS_${n} 172.16.0.1 drain`));
  });
});

describe('fast failover: VRRPv3 at 0.2 s adverts', () => {
  const doc = { ...structuredClone(SEED_DR), settings: { vrrpVersion: 3, vrrpAdvertInterval: 0.2 } };
  const rendered = render(doc);
  const confs = Object.values(rendered.directors).map((f) => f[DIRECTOR_PATHS.keepalived]);

  it('passes keepalived --config-test on both directors', () => {
    for (const r of keepalivedConfigTest(confs)) expect(r).toEqual({ exitCode: 0, output: '' });
  });

  it('speaks version 3 with 0.2 s adverts, the VRRP process at real-time priority', () => {
    for (const conf of confs) {
      const vrrp = find(parseKeepalived(conf), 'vrrp_instance')[0];
      expect(value(vrrp, 'version')).toBe('3');
      expect(value(vrrp, 'advert_int')).toBe('0.2');
      expect(value(find(parseKeepalived(conf), 'global_defs')[0], 'vrrp_rt_priority')).toBe('50');
      expect(value(find(parseKeepalived(conf), 'global_defs')[0], 'vrrp_rlimit_rttime')).toBe('1000000');
    }
  });

  it('refuses 0.5 s with version 2, saying what to change', () => {
    const v = validateConfigDocument({ ...structuredClone(SEED_DR), settings: { vrrpVersion: 2, vrrpAdvertInterval: 0.5 } });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.errors[0].field).toBe('settings.vrrpAdvertInterval');
    expect(v.errors[0].message).toMatch(/needs VRRP version 3 .* set the VRRP version to 3, or use 1 s or more/);
  });
});

describe('Layer 4 SNAT and Auto-NAT (the guide’s NAT deployment plus a SNAT service)', () => {
  const snat = {
    label: 'WEB_SNAT',
    ip: '192.168.85.150',
    ports: '8080',
    protocol: 'tcp',
    forwarding: 'snat',
    healthCheck: { type: 'connect' },
    realServers: [{ label: 'GW01', ip: '192.168.98.231', port: 80 }],
  };
  const doc = { ...structuredClone(SEED_NAT), virtualServices: [...structuredClone(SEED_NAT).virtualServices, snat] };
  const files = Object.values(render({ ...doc, settings: { autoNatInterface: 'eth0' } }).directors);
  const nft = files[0][DIRECTOR_PATHS.nftMarks];

  it('loads in nft (checked by the real nft) and keepalived takes the service as NAT, the real server on its own port', () => {
    expect(nftCheck(nft)).toEqual({ exitCode: 0, output: '' });
    for (const r of keepalivedConfigTest(files.map((f) => f[DIRECTOR_PATHS.keepalived]))) expect(r).toEqual({ exitCode: 0, output: '' });
    const vs = service(files[0][DIRECTOR_PATHS.keepalived], '192.168.85.150 8080');
    expect(value(vs, 'lvs_method')).toBe('NAT');
    expect(find(vs.children!, 'real_server')[0].words.slice(1)).toEqual(['192.168.98.231', '80']);
    expect(files[0][DIRECTOR_PATHS.ipvsadm]).toContain('-a -t 192.168.85.150:8080 -r 192.168.98.231:80 -m');
  });

  it('source-NATs exactly that service’s connections to the director’s own address, and masquerades the NAT-mode real servers on eth0', () => {
    expect(nft).toContain('meta l4proto tcp ct original ip daddr 192.168.85.150 ct original proto-dst 8080 masquerade');
    expect(nft).toContain('oifname "eth0" ip saddr { 192.168.98.230, 192.168.98.231, 192.168.98.232, 192.168.98.233 } masquerade');
    expect(nft.match(/masquerade/g)).toHaveLength(2); // the NAT services' own connections are not source-NATed
    expect(nft).toContain('type nat hook postrouting priority srcnat');
  });

  it('puts IPVS connections into conntrack only while a SNAT service needs it', () => {
    expect(files[0][DIRECTOR_PATHS.sysctl]).toContain('net.ipv4.vs.conntrack = 1');
    expect(files[0][DIRECTOR_PATHS.sysctl]).toContain('net.ipv4.ip_forward = 1');
    const plain = Object.values(render(SEED_NAT).directors)[0];
    expect(plain[DIRECTOR_PATHS.sysctl]).toContain('net.ipv4.vs.conntrack = 0');
    expect(plain[DIRECTOR_PATHS.nftMarks]).not.toContain('nat hook'); // Auto-NAT off, no SNAT: no NAT chain at all
  });

  it('allows port translation like NAT, and says what the real server has to change: nothing', () => {
    const prep = render(doc).realServers.find((p) => p.ip === '192.168.98.231')!;
    expect(prep.snat).toEqual({ services: ['WEB_SNAT'] });
    expect(prep.nat?.services).toEqual(['GW_VIP_L4']);
    const onlySnat = render({ ...structuredClone(SEED_DR), virtualServices: [{ ...snat, ip: '192.168.98.150' }] });
    expect(onlySnat.realServers[0]).toMatchObject({ ip: '192.168.98.231', dr: null, nat: null, snat: { services: ['WEB_SNAT'] } });
  });

  it('refuses an interface name Linux would not take, saying what to give', () => {
    const v = validateConfigDocument({ ...structuredClone(SEED_NAT), settings: { autoNatInterface: 'eth0; reboot' } });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.errors[0].field).toBe('settings.autoNatInterface');
    expect(v.errors[0].message).toMatch(/as ip link shows it, e\.g\. eth0/);
  });
});

describe('the directors’ own failover mail (the alert email channel, plain SMTP)', () => {
  const v = validateConfigDocument(SEED_DR);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const mail = { server: '192.0.2.25', port: 2525, from: 'lvs@example.com', to: ['noc@example.com', 'oncall@example.com'] };
  const rendered = renderConfiguration({ ...toRenderInput(v.config), directorMail: mail });
  const confs = Object.values(rendered.directors).map((f) => f[DIRECTOR_PATHS.keepalived]);

  it('passes keepalived --config-test on both directors', () => {
    for (const r of keepalivedConfigTest(confs)) expect(r).toEqual({ exitCode: 0, output: '' });
  });

  it('tells keepalived where to mail VRRP changes (not its checkers’: the console reports those)', () => {
    for (const conf of confs) {
      const g = find(parseKeepalived(conf), 'global_defs')[0];
      expect(find(g.children!, 'notification_email')[0].children!.map((n) => n.words[0])).toEqual(mail.to);
      expect(value(g, 'notification_email_from')).toBe('lvs@example.com');
      expect(value(g, 'smtp_server')).toBe('192.0.2.25 2525');
      expect(value(g, 'smtp_alert_vrrp')).toBe('true');
      expect(value(g, 'smtp_alert_checker')).toBe('false');
    }
    // Without it, nothing about mail (the golden files above).
    expect(render(SEED_DR).directors.director1[DIRECTOR_PATHS.keepalived]).not.toContain('smtp');
  });
});

describe('health-check timing: the global setting, and a service’s own', () => {
  const doc = structuredClone(SEED_DR) as { virtualServices: Record<string, unknown>[]; settings?: Record<string, unknown> };
  doc.settings = { checkTiming: { interval: 6, timeout: 2, retries: 4, retryDelay: 1 } };
  const broker = doc.virtualServices.find((s) => s.label === 'BROKER_VIP_L4')!;
  broker.checkTiming = { interval: 30, retries: 0 }; // the rest from the global setting
  const rendered = render(doc);
  const confs = Object.values(rendered.directors).map((f) => f[DIRECTOR_PATHS.keepalived]);

  it('passes keepalived --config-test on both directors', () => {
    for (const r of keepalivedConfigTest(confs)) expect(r).toEqual({ exitCode: 0, output: '' });
  });

  it('renders delay_loop, connect_timeout, retry and delay_before_retry from the service, else the global setting', () => {
    const conf = confs[0];
    const timing = (key: string) => {
      const vs = service(conf, key);
      const check = (find(vs.children ?? [], 'real_server')[0].children ?? []).find(
        (n) => /_GET$|_CHECK$/.test(n.words[0]) && n.words[0] !== 'FILE_CHECK',
      )!;
      return [value(vs, 'delay_loop'), value(check, 'connect_timeout'), value(check, 'retry'), value(check, 'delay_before_retry')];
    };
    // In label order: BROKER_VIP_L4, then GW_VIP_L4.
    const [brokerKey, gateway] = find(parseKeepalived(conf), 'virtual_server').map((n) => n.words.slice(1).join(' '));
    expect(timing(brokerKey)).toEqual(['30', '2', '0', '1']);
    expect(timing(gateway)).toEqual(['6', '2', '4', '1']);
  });
});

describe('quorum and hysteresis', () => {
  const doc = structuredClone(SEED_DR) as { virtualServices: Record<string, unknown>[] };
  const gateway = doc.virtualServices.find((s) => s.label === 'GW_VIP_L4')!;
  const broker = doc.virtualServices.find((s) => s.label === 'BROKER_VIP_L4')!;
  Object.assign(gateway, { quorum: 150, hysteresis: 50, fallback: { ip: '192.168.98.240', port: null } });
  // More than the broker's two real servers weigh (keepalived refuses such a file): written as their total.
  Object.assign(broker, { quorum: 1000, hysteresis: 999 });
  const confs = Object.values(render(doc).directors).map((f) => f[DIRECTOR_PATHS.keepalived]);

  it('passes keepalived --config-test on both directors, a quorum above the total weight included', () => {
    for (const r of keepalivedConfigTest(confs)) expect(r).toEqual({ exitCode: 0, output: '' });
  });

  it('renders the quorum and hysteresis of each service, within what keepalived takes', () => {
    const [brokerKey, gatewayKey] = find(parseKeepalived(confs[0]), 'virtual_server').map((n) => n.words.slice(1).join(' '));
    const gw = service(confs[0], gatewayKey);
    expect([value(gw, 'quorum'), value(gw, 'hysteresis'), value(gw, 'sorry_server')]).toEqual(['150', '50', '192.168.98.240 0']);
    const brk = service(confs[0], brokerKey);
    expect([value(brk, 'quorum'), value(brk, 'hysteresis')]).toEqual(['200', '199']);
  });

  it('refuses a hysteresis that is not below the quorum, saying so', () => {
    const bad = structuredClone(SEED_DR) as { virtualServices: Record<string, unknown>[] };
    Object.assign(bad.virtualServices[0], { quorum: 2, hysteresis: 2 });
    const v = validateConfigDocument(bad);
    expect(v.ok).toBe(false);
    if (!v.ok)
      expect(v.errors.map((e) => e.message)).toContain('Keep the hysteresis below the quorum (2); keepalived refuses it otherwise.');
  });
});
