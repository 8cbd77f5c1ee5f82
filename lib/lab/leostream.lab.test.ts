// The Leostream wizard on the lab's HA pair: from an empty configuration, the wizard's DR deployment
// with random gateway ports is applied; a client's logon (443), RDP (3389), PCoIP over UDP (4172) and a
// port of the gateways' forwarding range (20001) all reach one gateway; Verify passes, and names the
// gateway that answers ARP for the VIP once its ARP problem is undone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../test/temp-db';
import { authorizeKey, Lab } from './lab';
import { getConsoleKey } from '../server/directors/console-key';
import { createDirector, pinHostKey } from '../server/directors/directors';
import { runLeostreamWizard } from '../server/leostream/wizard';
import { verifyLeostream } from '../server/leostream/verify';
import { startApply } from '../server/apply/start';
import { dropAllDirectorSessions } from '../server/directors/sessions';
import { normaliseIpvsSave } from '../director/apply';
import { waitFor } from './testing/wait';

let lab: Lab;
const ACTOR = 'lab-test';

beforeAll(async () => {
  lab = Lab.attach();
  await lab.reset('dr');
  await useTempDatabase();
  authorizeKey((await getConsoleKey()).publicKey);
  for (const a of lab.directors()) {
    const primary = a.name === 'director1';
    const d = await createDirector({
      input: {
        name: a.name,
        role: primary ? 'primary' : 'secondary',
        host: a.host,
        port: a.port,
        vrrpInterface: 'eth0',
        vrrpAddress: primary ? '192.168.98.21' : '192.168.98.22',
      },
      actor: ACTOR,
    });
    await pinHostKey({ id: d.id, fingerprint: a.hostKeyFingerprint, actor: ACTOR });
  }
}, 120_000);

afterAll(() => {
  dropAllDirectorSessions();
});

describe('the Leostream wizard’s deployment on the lab', () => {
  it('carries 443, 3389, UDP 4172 and a port of the gateway range to one gateway, and Verify passes', async () => {
    const { written, plan } = await runLeostreamWizard({
      input: {
        mode: 'dr',
        gatewayVip: '192.168.98.238',
        gateways: [
          { label: 'GW01', ip: '192.168.98.231' },
          { label: 'GW02', ip: '192.168.98.232' },
        ],
        brokerVip: '192.168.98.237',
        brokers: [
          { label: 'BRK01', ip: '192.168.98.230' },
          { label: 'BRK02', ip: '192.168.98.233' },
        ],
        protocols: ['rdp', 'pcoip', 'rgs'],
        gatewayPortRange: '20001-23000',
      },
      actor: ACTOR,
    });
    expect(written).toBe(true);
    expect(plan.changes).toBe(6);
    const run = await (await startApply({ comment: 'Leostream wizard', actor: ACTOR })).done;
    expect(run.status, run.error ?? '').toBe('succeeded');
    for (const d of ['director1', 'director2'] as const) {
      // The range is in the gateway service's marks: the kernel has one fwmark service for it all.
      expect(normaliseIpvsSave(await lab.mustRun(d, 'ipvsadm -Sn')).filter((l) => l.startsWith('-A'))).toHaveLength(2);
      expect(await lab.mustRun(d, 'nft list ruleset')).toMatch(/20001-23000/);
    }
    // Health checks bring the gateways in within a few seconds of the reload.
    await waitFor(
      'both gateways in the kernel',
      async () => (await lab.mustRun('director1', 'ipvsadm -Ln')).match(/192\.168\.98\.23[12]/g)?.length === 2,
    );

    const answers = (
      await lab.fromClient(
        [
          'curl -sk --max-time 5 https://192.168.98.238/whoami',
          'printf "x\\n" | socat -T2 - TCP:192.168.98.238:3389 | head -n 1',
          'printf "x\\n" | socat -T2 - UDP:192.168.98.238:4172 | head -n 1',
          'printf "x\\n" | socat -T2 - TCP:192.168.98.238:20001 | head -n 1',
        ].join('; '),
        30_000,
      )
    ).stdout
      .trim()
      .split('\n');
    expect(answers).toHaveLength(4);
    expect(answers[0]).toMatch(/^gw[12]$/);
    expect(new Set(answers), `443, 3389, UDP 4172 and 20001 answered by ${answers.join(', ')}`).toEqual(new Set([answers[0]]));

    const report = await verifyLeostream();
    expect(
      report.items.filter((i) => i.status !== 'pass'),
      JSON.stringify(report.items, null, 1),
    ).toEqual([]);
    expect(report.items.map((i) => i.id)).toEqual(
      expect.arrayContaining([
        'health-GW01',
        'health-GW02',
        'health-BRK01',
        'health-BRK02',
        'kernel-GW_VIP_L4',
        'kernel-BROKER_VIP_L4',
        'arp-192.168.98.238',
        'arp-192.168.98.237',
      ]),
    );
    expect(report.passed).toBe(true);
  });

  it('names the gateway that answers ARP for the VIP (arp_ignore=0, the VIP on its real interface)', async () => {
    await lab.mustRun(
      'gw2',
      'sysctl -qw net.ipv4.conf.all.arp_ignore=0 net.ipv4.conf.eth0.arp_ignore=0 && ip addr add 192.168.98.238/32 dev eth0',
    );
    const report = await verifyLeostream();
    expect(report.passed).toBe(false);
    const arp = report.items.filter((i) => i.id.startsWith('arp-192.168.98.238-'));
    expect(arp).toHaveLength(1);
    expect(arp[0]).toMatchObject({ status: 'fail', prepare: 'prepare-gw02' });
    expect(arp[0].detail).toMatch(
      /^GW02 \(192\.168\.98\.232, [0-9a-f:]{17}\) answers ARP for 192\.168\.98\.238: it has not solved the ARP problem/,
    );
    // GW01 is not blamed, and the health checks still pass.
    expect(report.items.filter((i) => i.status === 'fail' && /GW01/.test(i.detail))).toEqual([]);
    expect(report.items.filter((i) => i.id.startsWith('health-')).every((i) => i.status === 'pass')).toBe(true);
  });
});
