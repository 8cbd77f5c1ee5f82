// Importing `ipvsadm -Sn` output: a hand-written table (IPv6, NAT with another port, TCP and UDP on one
// port), the console's own table imported back unchanged (marks kept), and refusals by line.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapIpvsadmSave } from './ipvsadm';
import { applyMerges } from './keepalived-map';
import { validateConfigDocument } from '../schemas/config-document';
import { SEED_DR, SEED_NAT } from '../schemas/seed';
import { toRenderInput } from '../render';
import { expectedIpvsSave } from '../render/ipvsadm';
import type { ImportedService } from './keepalived-map';

const FIXTURE = path.join(__dirname, 'fixtures', 'ipvsadm', 'ipvsadm-save.txt');

function renderInput(doc: unknown) {
  const v = validateConfigDocument(doc);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return toRenderInput(v.config);
}
const asDocument = (services: ImportedService[]) => ({
  format: 'lvs-console/1',
  virtualServices: services.map(({ source: _s, ...s }) => s),
  floatingIps: [],
  directors: [],
});

describe('ipvsadm -Sn', () => {
  it('imports a hand-written table, and the console would put the same table in the kernel', () => {
    const text = fs.readFileSync(FIXTURE, 'utf8');
    const m = mapIpvsadmSave(text, 'ipvsadm-save.txt');
    expect(m.refusals).toEqual([]);
    expect(
      m.services.map(
        (s) =>
          `${s.label} ${s.protocol} ${s.ports} ${s.forwarding} ${s.scheduler} ${s.persistence.enabled ? s.persistence.timeout : 'off'}`,
      ),
    ).toEqual([
      '192.168.60.10_443 tcp 443 dr wlc 3600',
      '192.168.60.10_4172_udp udp 4172 dr wlc 3600',
      '192.168.60.10_4172 tcp 4172 dr wlc 3600',
      '2001-db8-60--20_80 tcp 80 nat rr off',
    ]);
    expect(m.services[3].realServers.map((r) => `${r.ip} ${r.port} ${r.weight}`)).toEqual([
      '2001:db8:1::31 8080 1',
      '2001:db8:1::32 8080 1',
    ]);
    expect(m.notes[0].message).toMatch(/ipvsadm rules have no health checks; imported with "No checks"/);
    const lines = text.trim().split('\n').sort();
    expect(expectedIpvsSave(renderInput(asDocument(m.services)).services)).toEqual(lines);
  });

  it('offers TCP and UDP on the same ports as one service only when every port has both', () => {
    const m = mapIpvsadmSave(fs.readFileSync(FIXTURE, 'utf8'), 'f');
    // 443 is TCP only: the TCP services merge (443 and 4172), the UDP one stays alone.
    expect(m.merges).toEqual([
      { ip: '192.168.60.10', labels: ['192.168.60.10_443', '192.168.60.10_4172'], ports: '443,4172', protocol: 'tcp' },
    ]);
    const merged = applyMerges(m.services, m.merges);
    expect(merged.map((s) => `${s.label} ${s.protocol} ${s.ports}`)).toEqual([
      '192.168.60.10_tcp tcp 443,4172',
      '192.168.60.10_4172_udp udp 4172',
      '2001-db8-60--20_80 tcp 80',
    ]);
  });

  it("imports the console's own table back unchanged, firewall marks included (given the mark rules)", () => {
    for (const seed of [SEED_DR, SEED_NAT]) {
      const input = renderInput(seed);
      const save = expectedIpvsSave(input.services);
      const fwmarks = Object.fromEntries(input.services.map((s) => [s.fwmark, { ip: s.ip, ports: s.ports, protocol: s.protocol }]));
      const m = mapIpvsadmSave(save.join('\n'), 'save', { fwmarks });
      expect(m.refusals).toEqual([]);
      expect(expectedIpvsSave(renderInput(asDocument(m.services)).services)).toEqual(save);
    }
  });

  it('refuses tunnels, a mark it cannot place and names without numbers, by line', () => {
    const m = mapIpvsadmSave(
      [
        '-A -t 192.168.60.1:80 -s rr',
        '-a -t 192.168.60.1:80 -r 10.0.0.1:80 -i -w 1',
        '-A -f 7 -s rr',
        '-A -t lb.example.net:http -s rr',
      ].join('\n'),
      'save',
    );
    expect(m.refusals.map((r) => `${r.line} ${r.message.replace(/^.*?: /, '')}`)).toEqual([
      '2 tunnelling (-i): the console forwards with Direct Routing or NAT.',
      '3 the console needs to know which address, ports and protocol carry mark 7. Supply it (--fwmark 7=IP:PORTS[/tcp|udp|tcpudp]).',
      '4 not a numeric address:port: save the table with `ipvsadm -Sn` (-n prints numbers, not names).',
    ]);
  });
});
