// Each validation rule, through the REST API: the error names the field, and nothing is written.
import { expect, test } from './support/fixtures';
import type { APIRequestContext } from '@playwright/test';

const GW = { label: 'GW_VIP_L4', ip: '192.168.98.238', ports: '80,443,3389,4172,42966,50001,50002', protocol: 'tcpudp', forwarding: 'dr' };

async function snapshot(api: APIRequestContext) {
  const doc = await (await api.get('config')).json();
  delete doc.exportedAt;
  return doc;
}

async function refused(
  api: APIRequestContext,
  method: 'post' | 'patch',
  url: string,
  data: unknown,
  status: number,
  field: string,
  message: RegExp,
) {
  const before = await snapshot(api);
  const res = await api[method](url, { data });
  expect(res.status(), JSON.stringify(data)).toBe(status);
  const body = await res.json();
  expect(body.error.field).toBe(field);
  expect(body.error.message).toMatch(message);
  expect(await snapshot(api), 'nothing was written').toEqual(before);
}

test.describe('virtual service rules', () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['a malformed IPv4 address', { ...GW, ip: '192.168.98.300' }, 'ip', /IPv4 address .* or an IPv6 address/],
    ['an IPv6 address with a zone', { ...GW, ip: 'fe80::1%eth0' }, 'ip', /IPv6/],
    ['a port above 65535', { ...GW, ports: '80,70000' }, 'ports', /Port 70000 is out of range; use 1 to 65535/],
    ['port 0', { ...GW, ports: '0' }, 'ports', /Port 0 is out of range/],
    ['a port listed twice', { ...GW, ports: '80,443,80' }, 'ports', /Port 80 is listed more than once/],
    ['a port inside a listed range', { ...GW, ports: '50001-50002,50002' }, 'ports', /Port 50002 is listed more than once/],
    ['a backwards range', { ...GW, ports: '50002-50001' }, 'ports', /runs backwards; write it as 50001-50002/],
    ['words in the ports', { ...GW, ports: '80;443' }, 'ports', /"80;443" is not a port or a range/],
    ['a label with spaces', { ...GW, label: 'GW VIP' }, 'label', /Use 1-64 letters, digits/],
    ['a label of 65 characters', { ...GW, label: 'A'.repeat(65) }, 'label', /Use 1-64 letters/],
    ['an unknown protocol', { ...GW, protocol: 'sctp' }, 'protocol', /Choose tcp, udp or tcpudp/],
    ['the twos scheduler', { ...GW, scheduler: 'twos' }, 'scheduler', /not built into Debian 12/],
    [
      'a persistence timeout of 0',
      { ...GW, persistence: { enabled: true, timeout: 0 } },
      'persistence.timeout',
      /Use 1 to 2678400 seconds/,
    ],
    [
      'a non-contiguous granularity',
      { ...GW, persistence: { enabled: true, granularity: '255.0.255.0' } },
      'persistence.granularity',
      /netmask/,
    ],
    [
      'a request path with a space',
      { ...GW, healthCheck: { type: 'negotiate', request: '/app system' } },
      'healthCheck.request',
      /starts with "\/"/,
    ],
    ['a response on two lines', { ...GW, healthCheck: { type: 'negotiate', response: 'OK\nNOT' } }, 'healthCheck.response', /one line/],
    ['an external check without a script', { ...GW, healthCheck: { type: 'external' } }, 'healthCheck.command', /Enter the script/],
    [
      'a system command as external check (keepalived would run it as root)',
      { ...GW, healthCheck: { type: 'external', command: '/bin/rm' } },
      'healthCheck.command',
      /\/bin\/rm is outside \/usr\/local\/lib\/lvs-console\/checks\/\. External checks run only scripts from \/usr\/local\/lib\/lvs-console\/checks\/ on the directors .* enter its file name/,
    ],
    [
      'a script path that climbs out of the checks directory',
      { ...GW, healthCheck: { type: 'external', command: '../../../bin/rm' } },
      'healthCheck.command',
      /only scripts from \/usr\/local\/lib\/lvs-console\/checks\//,
    ],
    [
      'a connect check on a UDP-only service',
      { ...GW, protocol: 'udp', healthCheck: { type: 'connect' } },
      'healthCheck.type',
      /UDP-only service/,
    ],
    ['an IPv6 fallback for an IPv4 service', { ...GW, fallback: { ip: '2001:db8::1' } }, 'fallback.ip', /must be IPv4/],
    [
      'an Email alert that is not an address',
      { ...GW, emailAlert: ['noc@example.com', 'noc'] },
      'emailAlert',
      /Not an email address: “noc”/,
    ],
    ['an unknown field', { ...GW, colour: 'red' }, 'colour', /Unknown field: colour/],
  ];
  for (const [name, input, field, message] of cases) {
    test(`refuses ${name}`, async ({ api, emptyConfig: _ }) => {
      await refused(api, 'post', 'virtual-services', input, 422, field, message);
    });
  }

  test('refuses a second service on the same address, protocol and port (409), and a reused label', async ({ api, emptyConfig: _ }) => {
    expect((await api.post('virtual-services', { data: GW })).status()).toBe(201);
    await refused(
      api,
      'post',
      'virtual-services',
      { label: 'OTHER', ip: GW.ip, ports: '8080,4172', protocol: 'udp', healthCheck: { type: 'ping' } },
      409,
      'ports',
      /GW_VIP_L4 already uses 192.168.98.238 UDP port 4172/,
    );
    await refused(api, 'post', 'virtual-services', { ...GW, ip: '192.168.98.10' }, 409, 'label', /The label GW_VIP_L4 is already used/);
    // The same port on another address, or another protocol, is fine.
    expect((await api.post('virtual-services', { data: { label: 'OTHER', ip: '192.168.98.10', ports: '443' } })).status()).toBe(201);
  });

  test('accepts IPv6, and warns (without refusing) about several ports without persistence', async ({ api, emptyConfig: _ }) => {
    const res = await api.post('virtual-services', {
      data: { label: 'V6', ip: '2001:DB8::10', ports: '80,443', persistence: { enabled: false } },
    });
    expect(res.status()).toBe(201);
    const body = await res.json();
    expect(body.ip).toBe('2001:db8::10');
    expect(body.warnings.join(' ')).toMatch(/several ports but no persistence/);
  });
});

test.describe('real server rules', () => {
  let vsId: string;
  test.beforeEach(async ({ api, emptyConfig: _ }) => {
    vsId = (await (await api.post('virtual-services', { data: { label: 'WEB', ip: '192.168.98.50', ports: '443' } })).json()).id;
  });

  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    [
      'a port that differs from the service port under Direct Routing',
      { label: 'R1', ip: '192.168.98.51', port: 8443 },
      'port',
      /Direct Routing cannot translate ports.*Port translation needs NAT/,
    ],
    ['a weight above 65535', { label: 'R1', ip: '192.168.98.51', weight: 70000 }, 'weight', /Use a weight from 0 to 65535/],
    ['a negative weight', { label: 'R1', ip: '192.168.98.51', weight: -1 }, 'weight', /0 to 65535/],
    [
      'minimum connections above the maximum',
      { label: 'R1', ip: '192.168.98.51', minConnections: 50, maxConnections: 10 },
      'minConnections',
      /must not exceed Maximum Connections \(10\)/,
    ],
    ['an IPv6 real server for an IPv4 service', { label: 'R1', ip: '2001:db8::51' }, 'ip', /must be IPv4 like its service WEB/],
    ['the VIP itself', { label: 'R1', ip: '192.168.98.50' }, 'ip', /cannot have the service’s own address/],
    [
      'draining the only real server',
      { label: 'R1', ip: '192.168.98.51', adminState: 'drain' },
      'adminState',
      /would refuse every new connection/,
    ],
  ];
  for (const [name, input, field, message] of cases) {
    test(`refuses ${name}`, async ({ api }) => {
      await refused(api, 'post', `virtual-services/${vsId}/real-servers`, input, 422, field, message);
    });
  }

  test('refuses a reused label in the same service, and the same port translation is fine under NAT', async ({ api }) => {
    expect(
      (await api.post(`virtual-services/${vsId}/real-servers`, { data: { label: 'R1', ip: '192.168.98.51', port: 443 } })).status(),
    ).toBe(201);
    await refused(
      api,
      'post',
      `virtual-services/${vsId}/real-servers`,
      { label: 'R1', ip: '192.168.98.52' },
      422,
      'label',
      /already has a real server labelled R1/,
    );
    const nat = await (
      await api.post('virtual-services', { data: { label: 'NATWEB', ip: '192.168.85.50', ports: '443', forwarding: 'nat' } })
    ).json();
    expect(
      (await api.post(`virtual-services/${nat.id}/real-servers`, { data: { label: 'N1', ip: '192.168.98.61', port: 8443 } })).status(),
    ).toBe(201);
    // ...but changing that service to Direct Routing is refused, naming the real server in the way.
    await refused(
      api,
      'patch',
      `virtual-services/${nat.id}`,
      { version: nat.version, forwarding: 'dr' },
      422,
      'forwarding',
      /Real server N1: Direct Routing cannot translate ports/,
    );
  });
});

test('two edits of the same version: one wins, the other gets 409 and nothing is lost', async ({ api, emptyConfig: _ }) => {
  const vs = await (await api.post('virtual-services', { data: { label: 'RACE', ip: '192.168.98.80', ports: '80' } })).json();
  const [a, b] = await Promise.all([
    api.patch(`virtual-services/${vs.id}`, { data: { version: vs.version, ports: '8080' } }),
    api.patch(`virtual-services/${vs.id}`, { data: { version: vs.version, scheduler: 'rr' } }),
  ]);
  const statuses = [a.status(), b.status()].sort();
  expect(statuses).toEqual([200, 409]);
  const loser = a.status() === 409 ? a : b;
  expect((await loser.json()).error).toMatchObject({
    code: 'STALE_VERSION',
    field: 'version',
    message: expect.stringMatching(/changed by someone else since you opened it/),
  });
  const now = await (await api.get(`virtual-services/${vs.id}`)).json();
  expect(now.version).toBe(vs.version + 1);
  const winner = a.status() === 200 ? 'ports' : 'scheduler';
  if (winner === 'ports') expect(now).toMatchObject({ ports: '8080', scheduler: 'wlc' });
  else expect(now).toMatchObject({ ports: '80', scheduler: 'rr' });
  // A PATCH without a version is refused too.
  expect((await api.patch(`virtual-services/${vs.id}`, { data: { ports: '81' } })).status()).toBe(422);
});

test('the OpenAPI document describes the resources with the same rules', async ({ api }) => {
  const doc = await (await api.get('openapi.json')).json();
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      '/virtual-services',
      '/virtual-services/{id}',
      '/virtual-services/{id}/real-servers',
      '/floating-ips',
      '/config',
    ]),
  );
  const vs = doc.components.schemas.VirtualServiceInput;
  expect(vs.properties.protocol.enum).toEqual(['tcp', 'udp', 'tcpudp']);
  expect(vs.properties.label.pattern).toBeDefined();
  expect(doc.components.schemas.RealServerInput.properties.weight).toMatchObject({ minimum: 0, maximum: 65535 });
});

test.describe('crafted input is a 4xx that says what was wrong, never a 500', () => {
  test('"__proto__" as an ipvsadm token, and a table that is nothing but unknown rules', async ({ api, emptyConfig: _ }) => {
    const proto = await api.post('config/import?format=ipvsadm&dryRun=1', {
      data: '-A -t 10.0.0.1:80 -s wlc __proto__\n',
      headers: { 'content-type': 'text/plain' },
    });
    expect(proto.status()).toBe(200); // a word it ignores, as ipvsadm-save never writes it
    expect((await proto.json()).plan.create).toEqual(['virtual service 10.0.0.1_80', 'floating IP 10.0.0.1']);
    const junk = await api.post('config/import?format=ipvsadm&dryRun=1', {
      data: '__proto__ constructor\n'.repeat(5_000),
      headers: { 'content-type': 'text/plain' },
    });
    expect(junk.status()).toBe(422);
    const fields = (await junk.json()).error.fields;
    expect(fields).toHaveLength(501);
    expect(fields.at(-1)).toEqual({ field: 'ipvsadm-save:5000', message: 'and 4,500 more problems, not listed (the first 500 are).' });
  });

  test('a path parameter that is not UTF-8 (/clients/%E0), and an import body over 16 MB', async ({ api }) => {
    const res = await api.get('clients/%E0');
    expect(res.status()).toBe(400);
    expect((await res.json()).error).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/not valid percent-encoded UTF-8/),
    });
    expect((await api.get('virtual-services/%C3%28')).status()).toBe(400);
    const big = await api.post('config/import?format=keepalived&dryRun=1', {
      data: '{'.repeat(16 * 1024 * 1024 + 1),
      headers: { 'content-type': 'text/plain' },
    });
    expect(big.status()).toBe(413);
    expect((await big.json()).error.message).toBe('The body is larger than 16 MB; nothing was read or changed.');
  });

  test('16 MB of "{" is refused in bounded time with a bounded list of problems', async ({ api }) => {
    const res = await api.post('config/import?format=keepalived&dryRun=1', {
      data: '{'.repeat(16 * 1024 * 1024 - 10),
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status()).toBe(422);
    const fields = (await res.json()).error.fields;
    expect(fields).toEqual([
      { field: 'keepalived.conf:1', message: expect.stringMatching(/^a line of 16,777,206 characters \(at most 8,192\)/) },
    ]);
  });
});
