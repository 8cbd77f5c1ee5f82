// The Leostream wizard against a real (temporary) database: the seed's deployment, a second run that
// edits instead of duplicating, conflicts that write nothing, and the checklist's key lines.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../test/temp-db';
import { getDb } from '../platform/db-client';
import { getLeostreamChecklist, getLeostreamSetup, runLeostreamWizard } from './wizard';
import { createVirtualService, listVirtualServices } from '../config/virtual-services';
import { listFloatingIps } from '../config/floating-ips';
import { exportConfiguration } from '../config/backup';
import { SEED_DR, SEED_NAT, seedShape } from '../../schemas/seed';
import { ValidationError } from '../platform/validation';

const SEED_GATEWAYS = [
  { label: 'GW01', ip: '192.168.98.231' },
  { label: 'GW02', ip: '192.168.98.232' },
];
const SEED_BROKERS = [
  { label: 'BRK01', ip: '192.168.98.230' },
  { label: 'BRK02', ip: '192.168.98.233' },
];
const DR = {
  mode: 'dr',
  gatewayVip: '192.168.98.238',
  gateways: SEED_GATEWAYS,
  brokerVip: '192.168.98.237',
  brokers: SEED_BROKERS,
  protocols: ['rdp', 'pcoip', 'rgs'],
};

/** The services of an export, without ids and the fields the seed leaves to defaults. */
async function services() {
  const doc = await exportConfiguration();
  return doc.virtualServices.map((s) => seedShape(s, s.realServers));
}

function seedServices(seed: typeof SEED_DR | typeof SEED_NAT) {
  return seed.virtualServices.map((s) => ({ ...s, persistence: { ...s.persistence } })).sort((a, b) => a.label.localeCompare(b.label));
}

beforeAll(async () => {
  await useTempDatabase();
});

beforeEach(async () => {
  const db = getDb();
  await db.$transaction([
    db.realServer.deleteMany(),
    db.virtualService.deleteMany(),
    db.floatingIp.deleteMany(),
    db.auditEvent.deleteMany(),
  ]);
});

describe('the Leostream wizard', () => {
  it('creates exactly the seed’s DR deployment: two services, four real servers', async () => {
    const { plan, written } = await runLeostreamWizard({ input: DR, actor: 'test' });
    expect(written).toBe(true);
    expect(plan.items.filter((i) => i.action === 'create').map((i) => `${i.kind} ${i.name}`)).toEqual([
      'virtual service GW_VIP_L4',
      'real server GW01',
      'real server GW02',
      'virtual service BROKER_VIP_L4',
      'real server BRK01',
      'real server BRK02',
    ]);
    expect((await services()).sort((a, b) => a.label.localeCompare(b.label))).toEqual(seedServices(SEED_DR));
    const audit = await getDb().auditEvent.findMany({ where: { objectType: 'LeostreamWizard' } });
    expect(audit).toHaveLength(1);
  });

  it('creates the seed’s NAT deployment with the default-gateway floating IP', async () => {
    await runLeostreamWizard({
      input: {
        ...DR,
        mode: 'nat',
        gatewayVip: '192.168.85.140',
        brokerVip: '192.168.85.141',
        gatewayFloatingIp: '192.168.98.100',
        gatewayFloatingIpInterface: 'eth1',
      },
      actor: 'test',
    });
    expect((await services()).sort((a, b) => a.label.localeCompare(b.label))).toEqual(seedServices(SEED_NAT));
    const fips = await listFloatingIps();
    expect(fips.map((f) => `${f.address} ${f.purpose} ${f.interface ?? '-'}`)).toEqual([
      '192.168.85.140 vip -',
      '192.168.85.141 vip -',
      '192.168.98.100 gateway eth1',
    ]);
  });

  it('Layer 4 SNAT: both services in SNAT, no floating gateway, and a checklist that changes nothing on the gateways and says what they see', async () => {
    const refused = await runLeostreamWizard({ input: { ...DR, mode: 'snat', gatewayFloatingIp: '192.168.98.100' }, actor: 'test' }).catch(
      (e) => e,
    );
    expect((refused as ValidationError).fields).toEqual([
      { field: 'gatewayFloatingIp', message: 'Only NAT uses a default-gateway floating IP; clear it for Layer 4 SNAT.' },
    ]);
    await runLeostreamWizard({ input: { ...DR, mode: 'snat' }, actor: 'test' });
    expect((await listVirtualServices()).map((s) => `${s.label} ${s.forwarding}`).sort()).toEqual(['BROKER_VIP_L4 snat', 'GW_VIP_L4 snat']);
    expect((await listFloatingIps()).filter((f) => f.purpose === 'gateway')).toEqual([]);
    expect((await getLeostreamSetup()).input.mode).toBe('snat');
    const { markdown } = await getLeostreamChecklist();
    expect(markdown).toContain('Layer 4 SNAT; gateway VIP 192.168.98.238');
    expect(markdown).toContain('Layer 4 SNAT: nothing to change on them (no ARP change, no route change)');
    expect(markdown).toContain("coming from the active director's own address, not from the client's");
    expect(markdown).not.toContain('ip addr add dev lo');
    expect(markdown).not.toContain('ip route replace default');
  });

  it('random gateway ports add the range to the gateway service, and nothing to the broker', async () => {
    await runLeostreamWizard({ input: { ...DR, gatewayPortRange: '20001-23000' }, actor: 'test' });
    const byLabel = Object.fromEntries((await listVirtualServices()).map((s) => [s.label, s.ports]));
    expect(byLabel).toEqual({ GW_VIP_L4: '80,443,3389,4172,20001-23000,42966,50001,50002', BROKER_VIP_L4: '80,443' });
  });

  it('a second run edits the deployment: adds a gateway and a protocol, keeps ids, creates no duplicates', async () => {
    await runLeostreamWizard({ input: DR, actor: 'test' });
    const before = await listVirtualServices();
    const setup = await getLeostreamSetup();
    expect(setup.exists).toBe(true);
    expect(setup.input).toMatchObject({
      mode: 'dr',
      gatewayVip: '192.168.98.238',
      gateways: SEED_GATEWAYS,
      brokerVip: '192.168.98.237',
      protocols: ['rdp', 'pcoip', 'rgs'],
      gatewayPortRange: null,
    });

    const again = {
      ...setup.input,
      gateways: [...setup.input.gateways, { label: 'GW03', ip: '192.168.98.234' }],
      protocols: [...setup.input.protocols, 'dcv'],
    };
    const dry = await runLeostreamWizard({ input: { ...again, dryRun: true }, actor: 'test' });
    expect(dry.written).toBe(false);
    expect(dry.plan.items.filter((i) => i.action !== 'unchanged').map((i) => `${i.action} ${i.name}: ${i.details.join('; ')}`)).toEqual([
      'update GW_VIP_L4: ports: 80,443,3389,4172,42966,50001,50002 -> 80,443,3389,4172,8443,42966,50001,50002',
      'create GW03: address: 192.168.98.234; weight: 100',
    ]);
    expect((await listVirtualServices()).find((s) => s.label === 'GW_VIP_L4')!.ports).not.toContain('8443');

    const { written } = await runLeostreamWizard({ input: again, actor: 'test' });
    expect(written).toBe(true);
    const after = await listVirtualServices();
    expect(after.map((s) => s.id).sort()).toEqual(before.map((s) => s.id).sort());
    expect((await services()).find((s) => s.label === 'GW_VIP_L4')!.realServers.map((r) => r.label)).toEqual(['GW01', 'GW02', 'GW03']);

    // The same answers once more: nothing to do.
    const third = await runLeostreamWizard({ input: { ...again }, actor: 'test' });
    expect(third.written).toBe(false);
    expect(third.plan.changes).toBe(0);
  });

  it('refuses an address another service already uses, on the field that has it, and writes nothing', async () => {
    await createVirtualService({ input: { label: 'INTRANET', ip: '192.168.98.238', ports: '443', protocol: 'tcp' }, actor: 'test' });
    const err = await runLeostreamWizard({ input: DR, actor: 'test' }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fields).toEqual([
      { field: 'gatewayVip', message: expect.stringMatching(/^INTRANET already uses 192\.168\.98\.238 TCP port 443\./) },
    ]);
    expect((await listVirtualServices()).map((s) => s.label)).toEqual(['INTRANET']);
  });

  it('checks the answers before looking at the configuration', async () => {
    const err = await runLeostreamWizard({
      input: { ...DR, mode: 'nat', gateways: [SEED_GATEWAYS[0], { label: 'GW02', ip: '192.168.98.231' }] },
      actor: 'test',
    }).catch((e) => e);
    expect((err as ValidationError).fields.map((f) => f.field).sort()).toEqual(['gatewayFloatingIp', 'gateways.1.ip']);
    const range = await runLeostreamWizard({ input: { ...DR, gatewayPortRange: '3000-4000' }, actor: 'test' }).catch((e) => e);
    expect((range as ValidationError).fields).toEqual([{ field: 'gatewayPortRange', message: expect.stringContaining('port 3389') }]);
  });

  it('fills the checklist with this deployment: the gateway VIP as the cluster’s load balancer, the routing method chosen', async () => {
    await runLeostreamWizard({ input: { ...DR, gatewayPortRange: '20001-23000' }, actor: 'test' });
    const { markdown } = await getLeostreamChecklist();
    expect(markdown).toContain('Public IP address or FQDN of the external load balancer: 192.168.98.238 — the gateway VIP');
    expect(markdown).toContain('Method for routing display protocol traffic: From random gateway port to protocol-specific desktop port');
    expect(markdown).toContain('leostream-gateway --broker 192.168.98.237');
    expect(markdown).toContain('connection_broker_address=192.168.98.238');
    expect(markdown).toMatch(/GW02 \(gateway, 192\.168\.98\.232\)\n\n\s+```\n(.*\n)*?\s+ip addr add dev lo 192\.168\.98\.238\/32/);
    // Which check guards which ports: the wizard's own checks, said in words.
    expect(markdown).toMatch(/## What the directors check\n/);
    expect(markdown).toMatch(/GW_VIP_L4 \(ports [0-9,-]+\): Negotiate HTTPS \/app\/system\/ping -> "OK", port 443\./);
    expect(markdown).toMatch(/BROKER_VIP_L4 \(ports 80,443\): Negotiate HTTPS \/index\.pl\?action=cb_status -> "CB_IS_OK", port 443\./);

    await runLeostreamWizard({ input: { ...(await getLeostreamSetup()).input, gatewayPortRange: null }, actor: 'test' });
    const specific = (await getLeostreamChecklist()).markdown;
    expect(specific).toContain('Method for routing display protocol traffic: Use protocol-specific port on both gateway and desktop');
    expect(specific).not.toContain('20001-23000');
  });
});
