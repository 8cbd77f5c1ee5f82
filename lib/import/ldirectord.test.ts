// Importing ldirectord.cf: the sample that ships with ldirectord (npm test extracts it from Debian's
// package), each commented example enabled in turn, is imported with the same IPVS table or refused
// naming its lines.
import fs from 'node:fs';
import { NO_CHECK } from '../schemas/health-check';
import { describe, expect, it } from 'vitest';
import { mapLdirectord, ldirectordTable } from './ldirectord';
import { parseKeepalived } from './keepalived-parse';
import { ipvsTable } from './ipvs-table';
import type { ImportedService } from './keepalived-map';
import { validateConfigDocument } from '../schemas/config-document';
import { renderConfiguration, toRenderInput } from '../render';
import { DIRECTOR_PATHS } from '../render/model';
import { keepalivedConfigTest } from '../render/testing/checkers';

// Where npm test extracts it, else where an installed ldirectord has it.
const SAMPLE =
  process.env.LVS_LDIRECTORD_SAMPLE ??
  ['/tmp/lvs-console-ldirectord/usr/share/doc/ldirectord/examples/ldirectord.cf', '/usr/share/doc/ldirectord/examples/ldirectord.cf'].find(
    (f) => fs.existsSync(f),
  ) ??
  '/tmp/lvs-console-ldirectord/usr/share/doc/ldirectord/examples/ldirectord.cf';

/** The sample with only its n-th example enabled: the global part, then that block uncommented. */
function variants(text: string): { name: string; text: string }[] {
  const lines = text.split('\n');
  const starts = lines.flatMap((l, i) => (/^#?virtual6?\s*=/.test(l) ? [i] : []));
  const globals = lines.slice(0, starts[0]);
  return starts.map((start, n) => {
    const end = n + 1 < starts.length ? starts[n + 1] : lines.length;
    // Only the block's own (tab-indented) lines, not the comments that introduce the next example.
    const block = lines.slice(start, end).filter((l, i) => i === 0 || /^#?\t/.test(l));
    const enabled = block.map((l) => (l.startsWith('#') ? l.slice(1) : l));
    return { name: lines[start].replace(/^#/, '').trim(), text: [...globals, ...enabled, ''].join('\n') };
  });
}

function render(services: ImportedService[]): string {
  const v = validateConfigDocument({
    format: 'lvs-console/1',
    virtualServices: services.map(({ source: _s, ...s }) => s),
    floatingIps: [],
    directors: [{ name: 'lb1', host: '127.0.0.1', port: 1 }],
  });
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return renderConfiguration(toRenderInput(v.config)).directors.lb1[DIRECTOR_PATHS.keepalived];
}

describe("ldirectord's sample configuration", () => {
  it('is there (npm test extracts it from the ldirectord package)', () => {
    expect(fs.existsSync(SAMPLE), `no ${SAMPLE}: run npm test, or set LVS_LDIRECTORD_SAMPLE`).toBe(true);
  });

  it('each example enabled in turn imports with the same IPVS table, or is refused naming its lines', () => {
    const text = fs.readFileSync(SAMPLE, 'utf8');
    const all = variants(text);
    expect(all.length).toBeGreaterThan(15);
    const imported: string[] = [];
    const refused: Record<string, string[]> = {};
    const confs: string[] = [];
    for (const v of all) {
      const m = mapLdirectord(v.text, v.name);
      if (m.refusals.length) {
        const lines = v.text.split('\n');
        for (const r of m.refusals)
          expect(lines[r.line - 1], `${v.name} line ${r.line}: ${r.message}`).toContain(r.message.split(/[=:]/)[0].trim().split(' ')[0]);
        refused[v.name] = m.refusals.map((r) => r.message.split(': ')[0]);
        continue;
      }
      imported.push(v.name);
      const conf = render(m.services);
      confs.push(conf);
      expect(Object.fromEntries(ipvsTable(parseKeepalived({ path: 'rendered', text: conf }, () => []).nodes)), v.name).toEqual(
        Object.fromEntries(ldirectordTable(v.text)),
      );
    }
    // Which examples import is part of the behaviour (HTTP and HTTPS checks, ranges, ping, no checks).
    expect(imported).toEqual([
      'virtual=192.168.6.240:80',
      'virtual=192.168.6.240:80',
      'virtual=192.168.6.240:443',
      'virtual=192.168.6.240:25',
      'virtual=192.168.6.240:23',
      'virtual=192.168.6.240:53',
    ]);
    expect(refused['virtual=192.168.6.240:21']).toEqual(['service=ftp', 'login="anonymous"', 'passwd="ldirectord@localhost"']);
    expect(refused['virtual = 192.168.10.74:3306']).toEqual([
      'real=sql01->sql03:3306 gate 10',
      'service=mysql',
      'login="readuser"',
      'passwd="genericpassword"',
      'database="portal"',
    ]);
    expect(refused['virtual=1']).toEqual(['virtual=1']);
    for (const r of keepalivedConfigTest(confs)) expect(r).toEqual({ exitCode: 0, output: '' });
  });

  it('maps the first example: negotiate HTTP on /index.html expecting "Test Page" for www.x.y.z, rr, DR, weights 1', () => {
    const [first] = variants(fs.readFileSync(SAMPLE, 'utf8'));
    const m = mapLdirectord(first.text, 'ldirectord.cf');
    expect(m.services).toHaveLength(1);
    const s = m.services[0];
    expect([s.label, s.ip, s.ports, s.protocol, s.forwarding, s.scheduler, s.persistence.enabled]).toEqual([
      '192.168.6.240_80',
      '192.168.6.240',
      '80',
      'tcp',
      'dr',
      'rr',
      false,
    ]);
    expect(s.healthCheck).toEqual({
      ...NO_CHECK,
      type: 'negotiate',
      port: null,
      protocol: 'http',
      request: '/index.html',
      response: 'Test Page',
      virtualHost: 'www.x.y.z',
      command: null,
    });
    expect(s.fallback).toEqual({ ip: '127.0.0.1', port: null });
    expect(s.realServers.map((r) => `${r.ip} ${r.weight}`)).toEqual(['192.168.6.2 1', '192.168.6.3 1', '192.168.6.6 1']);
    // The global checkinterval=1 and checktimeout=3 become the service's own check timing.
    expect(s.checkTiming).toEqual({ interval: 1, timeout: 3, retries: null, retryDelay: null });
    expect(m.notes.map((n) => n.message)).toContain(
      'autoreload=yes: not imported; the console has its own check timing, alerts and reloads.',
    );
  });

  it('failurecount, and the check kind’s own timeout, become the service’s check timing; a value the console cannot take is noted', () => {
    const [first] = variants(fs.readFileSync(SAMPLE, 'utf8'));
    const text = first.text.replace(/^(virtual=.*)$/m, '$1\n\tfailurecount=3\n\tnegotiatetimeout=7\n\tcheckinterval=0.5');
    const m = mapLdirectord(text, 'ldirectord.cf');
    expect(m.refusals).toEqual([]);
    expect(m.services[0].checkTiming).toEqual({ interval: null, timeout: 7, retries: 2, retryDelay: null });
    expect(m.notes.map((n) => n.message)).toContain(
      'checkinterval=0.5: not imported; the console takes whole numbers from 1 to 3600 for the check interval (the global setting is used).',
    );
  });

  it('emailalert becomes the service’s Email alert: the global one, or the block’s own; a local mailbox is left out with a note', () => {
    const [first] = variants(fs.readFileSync(SAMPLE, 'utf8'));
    const global = first.text.replace('#emailalert="admin@x.y.z"', 'emailalert="admin@example.com"');
    expect(mapLdirectord(global, 'ldirectord.cf').services[0].emailAlert).toEqual(['admin@example.com']);
    const own = global.replace(/^(virtual=.*)$/m, '$1\n\temailalert="noc@example.com, root, gw-team@example.com"');
    const m = mapLdirectord(own, 'ldirectord.cf');
    expect(m.refusals).toEqual([]);
    expect(m.services[0].emailAlert).toEqual(['noc@example.com', 'gw-team@example.com']);
    expect(m.notes.map((n) => n.message)).toContain('emailalert: left out “root” (not an address such as noc@example.com, or past 20).');
    const v = validateConfigDocument({
      format: 'lvs-console/1',
      virtualServices: m.services.map(({ source: _s, ...s }) => s),
      floatingIps: [],
      directors: [],
    });
    expect(v.ok && v.config.virtualServices[0].emailAlert).toEqual(['noc@example.com', 'gw-team@example.com']);
  });
});
