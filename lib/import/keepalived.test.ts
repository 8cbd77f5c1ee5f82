// Importing keepalived.conf: keepalived's own sample configurations (Debian's keepalived package puts them
// in /usr/share/doc/keepalived/samples; npm test installs it) are each imported with the same IPVS table,
// or refused naming the exact lines; and a hand-written director's file (with includes) round-trips.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKeepalived, type ConfNode } from './keepalived-parse';
import { applyMerges, mapKeepalived, type ImportedService, type ImportedConfiguration } from './keepalived-map';
import { ipvsTable, type MarkTraffic } from './ipvs-table';
import { validateConfigDocument } from '../schemas/config-document';
import { parsePorts } from '../schemas/net';
import { renderConfiguration, toRenderInput } from '../render';
import { DIRECTOR_PATHS } from '../render/model';
import { keepalivedConfigTest } from '../render/testing/checkers';
import { localIncludeReader } from '../server/config/adopt';

const SAMPLES = process.env.LVS_KEEPALIVED_SAMPLES ?? '/usr/share/doc/keepalived/samples'; // npm test sets it
const FIXTURE = path.join(__dirname, 'fixtures', 'keepalived', 'keepalived.conf');

function importFile(file: string): { nodes: ConfNode[]; mapped: ImportedConfiguration; parseIssues: number } {
  const { nodes, issues } = parseKeepalived({ path: file, text: fs.readFileSync(file, 'utf8') }, localIncludeReader());
  return { nodes, mapped: mapKeepalived(nodes), parseIssues: issues.length };
}

/** What the console renders for the imported services, as keepalived.conf of the first director, and its marks. */
function renderImported(services: ImportedService[], floatingIps: ImportedConfiguration['floatingIps']) {
  const v6 = [...services.map((s) => s.ip), ...floatingIps.map((f) => f.address)].every((a) => a.includes(':'));
  const doc = {
    format: 'lvs-console/1',
    virtualServices: services.map(({ source: _s, ...s }) => s),
    floatingIps,
    // VRRP speaks the services' family (an IPv6-only file has no IPv4 address to advertise).
    directors: [
      { name: 'lb1', host: '127.0.0.1', port: 1, vrrpAddress: v6 ? 'fd00::1' : '10.255.0.1' },
      { name: 'lb2', host: '127.0.0.1', port: 2, role: 'secondary', vrrpAddress: v6 ? 'fd00::2' : '10.255.0.2' },
    ],
  };
  const v = validateConfigDocument(doc);
  if (!v.ok) throw new Error(`the imported document does not validate: ${JSON.stringify(v.errors)}`);
  const input = toRenderInput(v.config);
  const conf = renderConfiguration(input).directors.lb1[DIRECTOR_PATHS.keepalived];
  const marks: MarkTraffic = {};
  for (const s of input.services) {
    const parsed = parsePorts(s.ports);
    const ports = parsed.ok ? parsed.ranges.flatMap((r) => Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i)) : [];
    marks[s.fwmark] = { ip: s.ip, ports, protocols: s.protocol === 'tcpudp' ? ['TCP', 'UDP'] : [s.protocol === 'udp' ? 'UDP' : 'TCP'] };
  }
  return { conf, marks };
}

function expectSameTable(original: ConfNode[], services: ImportedService[], floatingIps: ImportedConfiguration['floatingIps']) {
  const { conf, marks } = renderImported(services, floatingIps);
  const rendered = parseKeepalived({ path: 'rendered', text: conf }, () => []);
  expect(rendered.issues).toEqual([]);
  expect(Object.fromEntries(ipvsTable(rendered.nodes, marks))).toEqual(Object.fromEntries(ipvsTable(original)));
  return conf;
}

describe("keepalived's sample configurations", () => {
  const samples = fs.existsSync(SAMPLES)
    ? fs
        .readdirSync(SAMPLES)
        .filter((f) => f.startsWith('keepalived.conf'))
        .sort()
    : [];

  it('are installed (Debian package keepalived)', () => {
    expect(samples.length, `no samples in ${SAMPLES}: apt-get install keepalived`).toBeGreaterThan(20);
  });

  it('each either imports with the same IPVS table (and passes keepalived --config-test), or is refused naming the lines', () => {
    const imported: string[] = [];
    const confs: string[] = [];
    for (const name of samples) {
      const file = path.join(SAMPLES, name);
      const { nodes, mapped, parseIssues } = importFile(file);
      expect(parseIssues, name).toBe(0);
      if (mapped.refusals.length) {
        // Each refusal names a line that holds what it refuses.
        const lines = fs.readFileSync(file, 'utf8').split('\n');
        for (const r of mapped.refusals) expect(lines[r.line - 1], `${name}:${r.line} ${r.message}`).toContain(r.message.split(/[ :]/)[0]);
        continue;
      }
      imported.push(name);
      if (mapped.services.length) confs.push(expectSameTable(nodes, mapped.services, mapped.floatingIps));
    }
    // Which samples import is part of the behaviour: a change here is a change in what the console supports.
    expect(imported).toEqual([
      'keepalived.conf.HTTP_GET.port',
      'keepalived.conf.IPv6',
      'keepalived.conf.PING_CHECK',
      'keepalived.conf.SMTP_CHECK',
      'keepalived.conf.SSL_GET',
      'keepalived.conf.UDP_CHECK',
      'keepalived.conf.inhibit',
      'keepalived.conf.quorum',
      'keepalived.conf.sample',
      'keepalived.conf.status_code',
      'keepalived.conf.virtualhost',
      'keepalived.conf.vrrp',
      'keepalived.conf.vrrp.localcheck',
      'keepalived.conf.vrrp.lvs_syncd',
      'keepalived.conf.vrrp.scripts',
      'keepalived.conf.vrrp.sync',
    ]);
    for (const r of keepalivedConfigTest(confs)) expect(r).toEqual({ exitCode: 0, output: '' });
  });

  it('refuses with the reason a director admin can act on', () => {
    const messages = (name: string) => importFile(path.join(SAMPLES, name)).mapped.refusals.map((r) => `${r.line} ${r.message}`);
    expect(messages('keepalived.conf.misc_check')).toEqual([
      expect.stringMatching(
        /^23 MISC_CHECK: MISC_CHECK runs \/usr\/local\/bin\/script\.sh: the console runs check scripts from \/usr\/local\/lib\/lvs-console\/checks\/.*Copy the script there, then import\.$/,
      ),
    ]);
    expect(messages('keepalived.conf.fwmark')[0]).toMatch(
      /^7 virtual_server fwmark 1: the console needs to know which address, ports and protocol carry mark 1\. Supply it \(import --fwmark 1=IP:PORTS/,
    );
    expect(messages('keepalived.conf.virtual_server_group')[0]).toMatch(
      /^17 192\.168\.200\.3-10 80: in virtual_server_group VSG_1: the console imports groups of single addresses/,
    );
  });
});

describe('quorum and hysteresis', () => {
  it('are imported: the sample quorum’s 7 and 2 are rendered back', () => {
    const { mapped } = importFile(path.join(SAMPLES, 'keepalived.conf.quorum'));
    expect(mapped.services.map((s) => [s.quorum, s.hysteresis])).toEqual([[7, 2]]);
    const { conf } = renderImported(mapped.services, mapped.floatingIps);
    const vs = parseKeepalived({ path: 'rendered', text: conf }, () => []).nodes.find((n) => n.keyword === 'virtual_server')!;
    const words = (k: string) => (vs.children ?? []).find((c) => c.keyword === k)?.args.join(' ');
    expect([words('quorum'), words('hysteresis')]).toEqual(['7', '2']);
  });
});

describe('check timing', () => {
  it('is imported as the service’s own: the sample PING_CHECK’s delay_loop 6 and retry 4 are rendered back', () => {
    const { mapped } = importFile(path.join(SAMPLES, 'keepalived.conf.PING_CHECK'));
    expect(mapped.services.map((s) => s.checkTiming)).toEqual([{ interval: 6, timeout: null, retries: 4, retryDelay: null }]);
    const { conf } = renderImported(mapped.services, mapped.floatingIps);
    const vs = parseKeepalived({ path: 'rendered', text: conf }, () => []).nodes.find((n) => n.keyword === 'virtual_server')!;
    const words = (n: ConfNode, k: string) => (n.children ?? []).find((c) => c.keyword === k)?.args.join(' ');
    expect(words(vs, 'delay_loop')).toBe('6');
    const ping = (vs.children ?? []).find((c) => c.keyword === 'real_server')!.children!.find((c) => c.keyword === 'PING_CHECK')!;
    expect(words(ping, 'retry')).toBe('4');
  });
});

describe('notification_email', () => {
  it('becomes each service’s Email alert; a local mailbox (the sample’s “acassen”) is left out with a note, not refused', () => {
    const text = `global_defs {
   notification_email {
     noc@example.com
     acassen
     gw-team@example.com
   }
}
virtual_server 192.168.50.10 443 {
    lvs_sched wlc
    lvs_method DR
    protocol TCP
    real_server 10.0.1.11 443 {
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
`;
    const mapped = mapKeepalived(parseKeepalived({ path: 'keepalived.conf', text }, () => []).nodes);
    expect(mapped.refusals).toEqual([]);
    expect(mapped.services.map((s) => s.emailAlert)).toEqual([['noc@example.com', 'gw-team@example.com']]);
    expect(mapped.notes.map((n) => `${n.line} ${n.message}`)).toContain(
      "2 notification_email: imported as each service's Email alert (noc@example.com, gw-team@example.com); left out: “acassen” (not an address such as noc@example.com, or past 20).",
    );
    const sample = importFile(path.join(SAMPLES, 'keepalived.conf.sample')).mapped;
    expect(sample.services.every((s) => s.emailAlert.length === 0)).toBe(true);
    expect(sample.notes.map((n) => n.message)).toContain(
      'notification_email: not imported; left out: “acassen” (not an address such as noc@example.com, or past 20).',
    );
  });
});

describe("a director's hand-written keepalived.conf", () => {
  it('imports services, real servers, checks and floating IPs from the file and its includes, with the same table', () => {
    const { nodes, mapped } = importFile(FIXTURE);
    expect(mapped.refusals).toEqual([]);
    expect(
      mapped.services.map((s) => `${s.label} ${s.protocol} ${s.forwarding} ${s.scheduler} ${s.healthCheck.type} ${s.realServers.length}`),
    ).toEqual([
      '192.168.50.10_443 tcp dr wlc connect 2',
      '192.168.50.10_4172 tcp dr wlc connect 2',
      '192.168.50.20_443 tcp nat rr negotiate 2',
      '192.168.50.20_53 udp dr rr ping 1',
    ]);
    const broker = mapped.services[2];
    expect(broker.healthCheck).toMatchObject({ protocol: 'https', request: '/leostream/login', response: 'Sign in', port: null });
    expect(broker.fallback).toEqual({ ip: '10.0.2.99', port: 8443 });
    expect(broker.realServers[0]).toMatchObject({ port: 8443, weight: 1, maxConnections: 500 });
    expect(broker.source).toEqual({ file: path.join(path.dirname(FIXTURE), 'conf.d', 'brokers.conf'), line: 2 });
    expect(mapped.floatingIps).toEqual([{ address: '192.168.50.1', prefix: 24, purpose: 'vip', interface: 'eth1' }]);
    expect(mapped.notes.map((n) => `${path.basename(n.file)}:${n.line}`)).toContain('keepalived.conf:15'); // the unicast peer, offered as a director
    const conf = expectSameTable(nodes, mapped.services, mapped.floatingIps);
    for (const r of keepalivedConfigTest([conf])) expect(r).toEqual({ exitCode: 0, output: '' });
  });

  it('offers the per-port gateway services as one multi-port service, and merged they still make the same table', () => {
    const { nodes, mapped } = importFile(FIXTURE);
    expect(mapped.merges).toEqual([
      { ip: '192.168.50.10', labels: ['192.168.50.10_443', '192.168.50.10_4172'], ports: '443,4172', protocol: 'tcp' },
    ]);
    const merged = applyMerges(mapped.services, mapped.merges);
    expect(merged.map((s) => `${s.label} ${s.ports}`)).toEqual([
      '192.168.50.10_tcp 443,4172',
      '192.168.50.20_443 443',
      '192.168.50.20_53 53',
    ]);
    const conf = expectSameTable(nodes, merged, mapped.floatingIps);
    expect(conf).toMatch(/virtual_server fwmark \d+ \{/);
    for (const r of keepalivedConfigTest([conf])) expect(r).toEqual({ exitCode: 0, output: '' });
  });
});
