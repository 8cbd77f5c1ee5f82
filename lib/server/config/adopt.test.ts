// Adopting a director's keepalived.conf against a real (temporary) database: the preview writes nothing,
// the import keeps the directors and settings, a second import changes nothing, the multi-port merge is
// the admin's choice, and a file with something the console cannot represent is refused whole, by line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../test/temp-db';
import { importKeepalivedConf, importLdirectordCf, localIncludeReader, parseFwmarkFlags } from './adopt';
import { exportConfiguration } from './backup';
import { restoreConfiguration } from './restore';
import { ValidationError } from '../platform/validation';
import { validateConfigDocument } from '../../schemas/config-document';
import { renderConfiguration, toRenderInput } from '../../render';
import { DIRECTOR_PATHS } from '../../render/model';
import { snatRulesFromNft } from '../../import/nft-snat';

const FIXTURE = path.join(__dirname, '..', '..', 'import', 'fixtures', 'keepalived', 'keepalived.conf');
const file = (p = FIXTURE) => ({ path: p, text: fs.readFileSync(p, 'utf8') });
const DIRECTORS = [
  { name: 'lb1', host: '127.0.0.1', port: 1, vrrpAddress: '10.0.0.11' },
  { name: 'lb2', host: '127.0.0.1', port: 2, role: 'secondary', vrrpAddress: '10.0.0.12' },
];

beforeAll(async () => {
  await useTempDatabase();
  await restoreConfiguration({
    document: {
      format: 'lvs-console/1',
      virtualServices: [],
      floatingIps: [],
      directors: DIRECTORS,
      settings: { drainPersistentClients: 'stay' },
    },
    actor: 'test',
  });
});

describe('import-keepalived', () => {
  it('previews without writing, then imports services and floating IPs and keeps the directors and settings', async () => {
    const preview = await importKeepalivedConf({ file: file(), read: localIncludeReader(), merge: false, actor: 'test', dryRun: true });
    expect(preview.plan.create).toContain('virtual service 192.168.50.20_443');
    expect(preview.plan.create).toContain('real server 192.168.50.10_4172/10.0.1.22_4172');
    expect(preview.plan.create).toContain('floating IP 192.168.50.1');
    expect((await exportConfiguration()).virtualServices).toEqual([]);

    const done = await importKeepalivedConf({ file: file(), read: localIncludeReader(), merge: false, actor: 'test', dryRun: false });
    expect([done.services, done.realServers]).toEqual([4, 7]);
    const doc = await exportConfiguration();
    expect(doc.virtualServices.map((s) => s.label)).toEqual([
      '192.168.50.10_4172',
      '192.168.50.10_443',
      '192.168.50.20_443',
      '192.168.50.20_53',
    ]);
    expect(doc.directors.map((d) => d.name)).toEqual(['lb1', 'lb2']);
    expect(doc.settings.drainPersistentClients).toBe('stay');
    expect(doc.floatingIps).toEqual([{ address: '192.168.50.1', prefix: 24, purpose: 'vip', interface: 'eth1' }]);

    const again = await importKeepalivedConf({ file: file(), read: localIncludeReader(), merge: false, actor: 'test', dryRun: false });
    expect([again.plan.create, again.plan.update, again.plan.delete]).toEqual([[], [], []]);
  });

  it('merges the per-port services into one multi-port service only when asked', async () => {
    const r = await importKeepalivedConf({
      file: file(),
      read: localIncludeReader(),
      merge: ['192.168.50.10_443'],
      actor: 'test',
      dryRun: false,
    });
    expect(r.merges).toEqual([expect.objectContaining({ labels: ['192.168.50.10_443', '192.168.50.10_4172'], merged: true })]);
    const gw = (await exportConfiguration()).virtualServices.find((s) => s.label === '192.168.50.10_tcp')!;
    expect([gw.ports, gw.persistence.timeout, gw.realServers.map((x) => `${x.ip} ${x.port} ${x.weight}`)]).toEqual([
      '443,4172',
      3600,
      ['10.0.1.21 null 100', '10.0.1.22 null 50'],
    ]);
  });

  it('refuses a file with a tunnel service and a digest that is not MD5, naming file and line, and writes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-ka-'));
    const bad = path.join(dir, 'keepalived.conf');
    fs.writeFileSync(
      bad,
      'virtual_server 192.168.60.1 80 {\n  protocol TCP\n  lvs_method TUN\n  real_server 10.0.0.1 80 {\n    HTTP_GET {\n      url {\n        path /\n        digest abc\n      }\n    }\n  }\n}\n',
    );
    const before = await exportConfiguration();
    const err = await importKeepalivedConf({
      file: file(bad),
      read: localIncludeReader(),
      merge: false,
      actor: 'test',
      dryRun: false,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fields.map((f) => `${path.basename(f.field)} ${f.message.split(':')[0]}`)).toEqual([
      'keepalived.conf:3 lvs_method TUN',
      'keepalived.conf:8 digest abc',
    ]);
    expect({ ...(await exportConfiguration()), exportedAt: '' }).toEqual({ ...before, exportedAt: '' });
  });

  it("imports keepalived's SMTP_CHECK and SSL_GET samples whole: exported with an smtp check and with both URLs and digests", async () => {
    const samples = process.env.LVS_KEEPALIVED_SAMPLES ?? '/usr/share/doc/keepalived/samples';
    const smtp = await importKeepalivedConf({
      file: file(path.join(samples, 'keepalived.conf.SMTP_CHECK')),
      read: localIncludeReader(),
      merge: false,
      actor: 'test',
      dryRun: false,
    });
    // The sample's second real server also checks two other addresses: said, not silently dropped.
    expect(smtp.notes.map((n) => n.message)).toContainEqual(
      expect.stringMatching(/^SMTP_CHECK host blocks for 192\.168\.155\.10, 64\.233\.167\.99: not imported/),
    );
    let doc = await exportConfiguration();
    const mail = doc.virtualServices.find((s) => s.ip === '192.168.200.100' && s.ports === '25')!;
    expect(mail.healthCheck).toMatchObject({ type: 'smtp', heloName: 'foo.bar.com', port: null });
    expect(mail.checkTiming).toEqual({ interval: 60, timeout: 30, retries: 2, retryDelay: 5 });

    await importKeepalivedConf({
      file: file(path.join(samples, 'keepalived.conf.SSL_GET')),
      read: localIncludeReader(),
      merge: false,
      actor: 'test',
      dryRun: false,
    });
    doc = await exportConfiguration();
    const https = doc.virtualServices.find((s) => s.ip === '192.168.200.100' && s.ports === '443')!;
    expect(https.healthCheck).toMatchObject({
      type: 'negotiate',
      protocol: 'https',
      request: '/',
      digest: 'ff20ad2481f97b1754ef3e12ecd3a9cc',
      moreUrls: [{ path: '/mrtg/', status: null, response: null, digest: '9b3a0c85a887a256d6939da88aabd8cd' }],
    });
  });

  it('reads --fwmark N=IP:PORTS[/protocol] and says how to write it when it cannot', () => {
    expect(parseFwmarkFlags(['1=192.168.50.30:80,443/tcpudp', '2=2001:db8::1:53/udp'])).toEqual({
      1: { ip: '192.168.50.30', ports: '80,443', protocol: 'tcpudp' },
      2: { ip: '2001:db8::1', ports: '53', protocol: 'udp' },
    });
    expect(() => parseFwmarkFlags(['1=192.168.50.30'])).toThrow(
      '"1=192.168.50.30" is not N=IP:PORTS[/tcp|udp|tcpudp] (e.g. 1=192.168.1.10:80,443/tcp).',
    );
  });
});

describe('import-ldirectord', () => {
  it('imports an ldirectord.cf through the same all-or-nothing path, keeping the directors', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-ld-'));
    const cf = path.join(dir, 'ldirectord.cf');
    fs.writeFileSync(
      cf,
      'checktimeout=3\nquiescent=no\nvirtual=192.168.70.10:443\n\treal=10.0.7.1->10.0.7.3:443 masq 5\n\tservice=https\n\tscheduler=wlc\n\tpersistent=600\n\tprotocol=tcp\n\tchecktype=negotiate\n\trequest="health"\n\treceive="OK"\n',
    );
    const r = await importLdirectordCf({
      file: { path: cf, text: fs.readFileSync(cf, 'utf8') },
      merge: false,
      actor: 'test',
      dryRun: false,
    });
    expect([r.services, r.realServers]).toEqual([1, 3]);
    const doc = await exportConfiguration();
    expect(
      doc.virtualServices.map(
        (s) =>
          `${s.label} ${s.forwarding} ${s.scheduler} ${s.persistence.timeout} ${s.healthCheck.type} ${s.healthCheck.request} ${s.healthCheck.response}`,
      ),
    ).toEqual(['192.168.70.10_443 nat wlc 600 negotiate /health OK']);
    expect(doc.virtualServices[0].realServers.map((x) => `${x.ip} ${x.weight}`)).toEqual(['10.0.7.1 5', '10.0.7.2 5', '10.0.7.3 5']);
    expect(doc.directors.map((d) => d.name)).toEqual(['lb1', 'lb2']);
  });

  it('a director the console ran: its marks.nft says which NAT services are Layer 4 SNAT, so they come back as SNAT', async () => {
    const v = validateConfigDocument({
      format: 'lvs-console/1',
      virtualServices: [
        { label: 'WEB_NAT', ip: '192.168.85.140', ports: '80', forwarding: 'nat', realServers: [{ label: 'GW01', ip: '192.168.98.231' }] },
        {
          label: 'WEB_SNAT',
          ip: '192.168.85.150',
          ports: '8080',
          forwarding: 'snat',
          realServers: [{ label: 'GW01', ip: '192.168.98.231', port: 80 }],
        },
      ],
      floatingIps: [],
      directors: DIRECTORS,
    });
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const files = renderConfiguration(toRenderInput(v.config)).directors.lb1;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-adopt-snat-'));
    const conf = path.join(dir, 'keepalived.conf');
    fs.writeFileSync(conf, files[DIRECTOR_PATHS.keepalived]);
    const rules = snatRulesFromNft(files[DIRECTOR_PATHS.nftMarks]);
    expect(rules.map((r) => `${r.ip} ${r.protocols.join('+')} ${r.ports}`)).toEqual(['192.168.85.150 tcp 8080']);

    const r = await importKeepalivedConf({
      file: file(conf),
      read: localIncludeReader(),
      snat: { path: DIRECTOR_PATHS.nftMarks, rules },
      merge: false,
      actor: 'test',
      dryRun: false,
    });
    expect(r.notes.map((n) => n.message)).toContain(
      '192.168.85.150_8080: Layer 4 SNAT (this director source-NATs its connections), not plain NAT as keepalived.conf alone says.',
    );
    const doc = await exportConfiguration();
    expect(
      doc.virtualServices.map((s) => `${s.ip}:${s.ports} ${s.forwarding} -> ${s.realServers.map((x) => `${x.ip}:${x.port ?? ''}`).join()}`),
    ).toEqual(['192.168.85.140:80 nat -> 192.168.98.231:', '192.168.85.150:8080 snat -> 192.168.98.231:80']);
    // Without the file (another keepalived director), the same service is plain NAT.
    const plain = await importKeepalivedConf({ file: file(conf), read: localIncludeReader(), merge: false, actor: 'test', dryRun: true });
    expect(plain.plan.update).toContain('virtual service 192.168.85.150_8080');
  });
});
