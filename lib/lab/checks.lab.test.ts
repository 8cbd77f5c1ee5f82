// The health-check kinds against the lab's real servers: an SMTP banner, a DNS answer and a UDP echo,
// each checked by keepalived on both directors; stopping one on gw2 marks GW02 down in the System
// Overview within the check's interval x retries plus 10 s, and starting it again brings it back. MAIL is
// quiescent: there GW02 stays in both kernels at weight 0 while down (and while halted). MAIL is
// quiescent: there GW02 stays in both kernels at weight 0 while down (and while halted).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, authorizeKey, type RealServerService } from './lab';
import { startLabConsole, type LabConsole } from './testing/console';
import { waitFor } from './testing/wait';

let lab: Lab;
let c: LabConsole;

// A check every 5 s, 1 s to answer, 2 retries 1 s apart: down after at most 5 + 1 + 2 x (1 + 1) = 10 s
// (under TCG, plus the console's 2 s poll), against the bound of 5 x 2 + 10 = 20 s.
const TIMING = { interval: 5, timeout: 1, retries: 2, retryDelay: 1 };
const VIP = '192.168.98.238'; // on the real servers' lo in DR: the gateways' VIP, on ports it does not use

const KINDS: {
  label: string;
  service: RealServerService;
  ports: string;
  protocol: string;
  healthCheck: { type: string } & Record<string, unknown>;
  quiescent?: boolean;
}[] = [
  { label: 'MAIL', service: 'smtp', ports: '25', protocol: 'tcp', healthCheck: { type: 'smtp', heloName: 'lb.lab.test' }, quiescent: true },
  { label: 'NAMES', service: 'dns', ports: '53', protocol: 'udp', healthCheck: { type: 'dns', dnsName: 'gateway.lab.test', dnsType: 'A' } },
  {
    label: 'RADIUS',
    service: 'udp1812',
    ports: '1812',
    protocol: 'udp',
    healthCheck: { type: 'udp', udpPayload: '6c7673', udpReply: '6c7673' },
  },
];

type Health = { label: string; health: string };
async function healthOf(service: string): Promise<Record<string, string>> {
  const page = await c.api('GET', `overview?q=${service}`);
  const s = (page.virtualServices as { label: string; realServers: Health[] }[]).find((x) => x.label === service);
  return Object.fromEntries((s?.realServers ?? []).map((r) => [r.label, r.health]));
}

beforeAll(async () => {
  lab = Lab.attach();
  await lab.reset('dr');
  c = await startLabConsole();
  await c.loadExample(lab, 'dr');
  authorizeKey((await c.api('GET', 'ssh-key')).publicKey);
  for (const k of KINDS) {
    const { id } = await c.api('POST', 'virtual-services', {
      label: k.label,
      ip: VIP,
      ports: k.ports,
      protocol: k.protocol,
      healthCheck: k.healthCheck,
      checkTiming: TIMING,
      quiescent: k.quiescent ?? null,
    });
    for (const [label, ip] of [
      ['GW01', '192.168.98.231'],
      ['GW02', '192.168.98.232'],
    ])
      await c.api('POST', `virtual-services/${id}/real-servers`, { label, ip });
  }
  const run = await c.applyNow('health-check kinds');
  expect(run.status, run.error ?? '').toBe('succeeded');
}, 300_000);

afterAll(async () => {
  await c?.stop();
});

describe('health checks of every kind on the lab pair', () => {
  it('each kind finds both gateways up while they answer', async () => {
    for (const k of KINDS)
      await waitFor(
        `${k.label}: GW01 and GW02 up`,
        async () => {
          const h = await healthOf(k.label);
          return h.GW01 === 'up' && h.GW02 === 'up';
        },
        60_000,
        1_000,
      );
    for (const d of ['director1', 'director2'] as const) {
      const conf = await lab.mustRun(d, 'cat /etc/keepalived/keepalived.conf');
      for (const checker of ['SMTP_CHECK', 'DNS_CHECK', 'UDP_CHECK']) expect(conf, `${d} ${checker}`).toContain(`${checker} {`);
    }
  }, 120_000);

  for (const k of KINDS) {
    it(`${k.healthCheck.type}: stopping gw2's ${k.service} marks GW02 down within interval x retries + 10 s, and starting it brings it back`, async () => {
      const bound = (TIMING.interval * TIMING.retries + 10) * 1000;
      const stopped = Date.now();
      await lab.stopService('gw2', k.service);
      try {
        await waitFor(`${k.label}: GW02 down`, async () => (await healthOf(k.label)).GW02 === 'down', bound, 500);
        const after = (Date.now() - stopped) / 1000;
        console.log(`[lab] ${k.label} (${k.healthCheck.type}): GW02 shown down ${after.toFixed(1)} s after its ${k.service} stopped`);
        expect((await healthOf(k.label)).GW01).toBe('up'); // the other gateway still answers
        const gw02 = async (d: 'director1' | 'director2') =>
          (await lab.mustRun(d, `ipvsadm -Ln ${k.protocol === 'udp' ? '-u' : '-t'} ${VIP}:${k.ports}`))
            .split('\n')
            .find((l) => l.includes('192.168.98.232:'));
        // The overview reads the active director; the other one runs its own checks on its own clock.
        for (const d of ['director1', 'director2'] as const)
          if (k.quiescent)
            await waitFor(`${d}: GW02 kept at weight 0`, async () => (await gw02(d))?.trim().split(/\s+/)[3] === '0', bound, 500);
          else await waitFor(`${d}: GW02 out of the table`, async () => (await gw02(d)) === undefined, bound, 500);
      } finally {
        await lab.startService('gw2', k.service);
      }
      await waitFor(`${k.label}: GW02 up again`, async () => (await healthOf(k.label)).GW02 === 'up', 60_000, 1_000);
    }, 120_000);
  }
  it('quiescent: a halted real server stays in both kernels at weight 0, and online brings its weight back', async () => {
    const mail = (await c.api('GET', 'virtual-services')).find((s: { label: string }) => s.label === 'MAIL');
    const gw2 = (await c.api('GET', `virtual-services/${mail.id}/real-servers`)).find((r: { label: string }) => r.label === 'GW02');
    const weight = async (d: 'director1' | 'director2') =>
      (await lab.mustRun(d, `ipvsadm -Ln -t ${VIP}:25`))
        .split('\n')
        .find((l) => l.includes('192.168.98.232:'))
        ?.trim()
        .split(/\s+/)[3];
    await c.api('PUT', `virtual-services/${mail.id}/real-servers/${gw2.id}/state`, { state: 'halt' });
    for (const d of ['director1', 'director2'] as const)
      await waitFor(`${d}: GW02 halted at weight 0`, async () => (await weight(d)) === '0', 20_000, 500);
    await c.api('PUT', `virtual-services/${mail.id}/real-servers/${gw2.id}/state`, { state: 'online' });
    for (const d of ['director1', 'director2'] as const)
      await waitFor(`${d}: GW02 back at weight 100`, async () => (await weight(d)) === '100', 20_000, 500);
  }, 120_000);
});
