// For any configuration the API accepts, hostile strings included, the rendered keepalived.conf
// passes the real `keepalived --config-test` and holds exactly the blocks and values the admin defined;
// the nft marks pass `nft -c`. At least 1,000 accepted configurations per run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateConfigDocument, CONFIG_FORMAT } from '../schemas/config-document';
import { CHECK_TYPES } from '../schemas/health-check';
import { renderConfiguration, toRenderInput } from '.';
import { DIRECTOR_PATHS } from './model';
import { inKernelTable, serviceShape } from './keepalived';
import { literalRegex } from './keepalived-syntax';
import { keepalivedConfigTest, nftCheckMany } from './testing/checkers';
import { escapedValue, find, parseKeepalived, plainValue } from './testing/keepalived-parse';

const SEED = Number(process.env.LVS_PROPERTY_SEED ?? 20261126);
const WANTED = Number(process.env.LVS_PROPERTY_CASES ?? 1000);

const hostile = fc.constantFrom(
  '"',
  "'",
  '{',
  '}',
  '!',
  '#',
  '$',
  '`',
  '\\',
  '\n',
  ';',
  ' ',
  '$_PWD',
  '${_RANDOM}',
  '$(reboot)',
  'é',
  '日本',
  '🙂',
  '\\x22',
  '\\042',
  '%',
  '*',
  '?',
  '|',
  'a',
  'Z',
  '0',
  '/',
  '-',
);
const hostileText = fc.array(hostile, { maxLength: 12 }).map((a) => a.join(''));
const safeWord = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,10}$/);
const label = fc.oneof({ weight: 8, arbitrary: safeWord }, { weight: 1, arbitrary: hostileText });
const ip4 = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 254 })).map(([a, b]) => `10.0.${a}.${b}`);
const ip6 = fc.integer({ min: 1, max: 200 }).map((n) => `2001:db8::${n.toString(16)}`);
const port = fc.integer({ min: 1, max: 65535 });
const ports = fc.oneof(
  { weight: 6, arbitrary: fc.uniqueArray(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 6 }).map((p) => p.join(',')) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.integer({ min: 1000, max: 2000 }), fc.integer({ min: 1, max: 50 })).map(([a, n]) => `80,${a}-${a + n}`),
  },
  { weight: 1, arbitrary: hostileText },
);

const request = fc.oneof(
  fc.constant('/app/system/ping'),
  fc.constant('/index.pl?action=cb_status'),
  hostileText.map((t) => `/${t}`),
  fc.webPath().map((p) => `/${p}`),
);
const response = fc.oneof(fc.constant('OK'), hostileText, fc.string({ unit: 'grapheme', maxLength: 20 }));
const vhost = fc.oneof({ weight: 4, arbitrary: fc.domain() }, { weight: 1, arbitrary: hostileText });
const command = fc.oneof(
  { weight: 3, arbitrary: fc.constant('leostream-check.sh') },
  { weight: 1, arbitrary: fc.constant('/usr/local/lib/lvs-console/checks/check.sh') },
  { weight: 1, arbitrary: hostileText.map((t) => `/opt/${t}`) },
);
const status = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('200', '200-399', '200-299 400-499,503') },
  { weight: 1, arbitrary: fc.oneof(fc.constant('99'), hostileText) },
);
const digest = fc.oneof({ weight: 8, arbitrary: fc.stringMatching(/^[0-9a-f]{32}$/) }, { weight: 1, arbitrary: hostileText });
const hex = fc.oneof({ weight: 8, arbitrary: fc.stringMatching(/^([0-9a-f]{2}){1,20}$/) }, { weight: 1, arbitrary: hostileText });
/** null half the time */
const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof(fc.constant(null), a);
/** null most of the time */
const rarely = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: a });
const healthCheck = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.record({
      type: fc.constant('negotiate'),
      port: maybe(port),
      protocol: maybe(fc.constantFrom('http', 'https')),
      request: maybe(request),
      response: fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: response }),
      virtualHost: rarely(vhost),
      status: rarely(status),
      digest: rarely(digest),
      moreUrls: rarely(
        fc.array(
          fc.record({
            path: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('/mrtg/', '/a?b=c') }, { weight: 1, arbitrary: request }),
            status: maybe(status),
            response: maybe(response),
            digest: rarely(digest),
          }),
          { maxLength: 3 },
        ),
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constantFrom('connect', 'ping', 'none'), port: rarely(port) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('external'),
      port: maybe(port),
      command,
      args: rarely(fc.oneof(fc.constant('--tls warn=5'), hostileText)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('smtp'), port: rarely(port), heloName: rarely(vhost) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('dns'),
      port: rarely(port),
      dnsName: maybe(fc.oneof(fc.constant('.'), vhost)),
      dnsType: maybe(fc.constantFrom('A', 'aaaa', 'MX', 'SOA', 'TXT', 'ANY')),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('udp'),
      port: rarely(port),
      udpPayload: maybe(hex),
      udpReply: maybe(fc.oneof(fc.constant('any'), hex)),
    }),
  },
  // anything at all, mostly refused
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constantFrom('negotiate', 'connect', 'smtp', 'dns', 'udp', 'ping', 'external', 'none', 'bogus'),
      port: maybe(port),
      request: maybe(request),
      response: maybe(response),
      command: maybe(command),
      heloName: rarely(vhost),
      udpPayload: rarely(hex),
      status: rarely(status),
    }),
  },
);

function service(ipArb: fc.Arbitrary<string>) {
  return fc.record({
    label,
    ip: ipArb,
    ports,
    protocol: fc.constantFrom('tcp', 'tcp', 'udp', 'tcpudp', 'tcpudp'),
    forwarding: fc.constantFrom('dr', 'nat', 'snat'),
    scheduler: fc.constantFrom('wlc', 'wlc', 'rr', 'sh', 'mh', 'fo', 'twos'),
    persistence: fc.record({
      enabled: fc.boolean(),
      timeout: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 3000 }) }, { weight: 1, arbitrary: fc.constant(0) }),
      granularity: rarely(fc.constantFrom('255.255.255.0', '/24', '24', '64', '255.0.255.0', '$x')),
    }),
    healthCheck,
    fallback: rarely(fc.record({ ip: ipArb, port: rarely(port) })),
    quorum: rarely(fc.integer({ min: 1, max: 400 })),
    hysteresis: rarely(fc.integer({ min: 0, max: 20 })),
    realServers: fc.array(
      fc.record({
        label,
        ip: ipArb,
        port: rarely(port),
        weight: fc.integer({ min: 0, max: 300 }),
        minConnections: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 50 }) }),
        maxConnections: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 100 }) }),
        adminState: fc.constantFrom('online', 'online', 'drain', 'halt'),
      }),
      { maxLength: 3 },
    ),
  });
}

const documentArb = fc.record({
  format: fc.constant(CONFIG_FORMAT),
  virtualServices: fc.oneof(fc.array(service(ip4), { maxLength: 4 }), fc.array(service(ip6), { maxLength: 2 })),
  floatingIps: fc.array(
    fc.record({
      address: fc.oneof(ip4, ip6),
      purpose: fc.constantFrom('vip', 'gateway'),
      interface: fc.constantFrom(null, 'eth0', 'eth1'),
    }),
    { maxLength: 2 },
  ),
  directors: fc.constantFrom(
    [{ name: 'lb1', host: '10.9.0.1' }],
    [
      { name: 'lb1', role: 'primary', host: '10.9.0.1', vrrpAddress: '10.9.0.1' },
      { name: 'lb2', role: 'secondary', host: '10.9.0.2', vrrpAddress: '10.9.0.2' },
    ],
  ),
});

describe('rendering any configuration the API accepts', () => {
  it(`passes keepalived --config-test and nft -c, with exactly the admin's blocks (>= ${WANTED} accepted cases, seed ${SEED})`, () => {
    const accepted: { doc: unknown; rendered: ReturnType<typeof renderConfiguration>; input: ReturnType<typeof toRenderInput> }[] = [];
    let generated = 0;
    let round = 0;
    while (accepted.length < WANTED && round < 100) {
      for (const doc of fc.sample(documentArb, { numRuns: 500, seed: SEED + round++ })) {
        generated++;
        const v = validateConfigDocument(doc);
        // Trivial documents (no service survives validation) do not count as cases.
        if (!v.ok || v.config.virtualServices.length === 0) continue;
        const input = toRenderInput(v.config);
        accepted.push({ doc, input, rendered: renderConfiguration(input) });
      }
    }
    expect(accepted.length).toBeGreaterThanOrEqual(WANTED);
    const total = accepted.reduce((n, a) => n + a.input.services.length, 0);
    console.log(`property test: ${generated} configurations generated, ${accepted.length} accepted and rendered (${total} services)`);
    // The accepted cases must include the hard ones, or this test proves little.
    const checks = accepted.flatMap((a) => a.input.services.map((s) => s.healthCheck)).filter((h) => h.type === 'negotiate');
    expect(checks.filter((h) => /["'{}!#$\\`]/.test(h.response ?? '')).length).toBeGreaterThan(25);
    expect(checks.filter((h) => /[^\x00-\x7f]/.test(h.response ?? '')).length).toBeGreaterThan(10);
    expect(checks.filter((h) => /[!$']/.test(h.request ?? '')).length).toBeGreaterThan(5);
    for (const f of ['status', 'digest'] as const) expect(checks.filter((h) => h[f]).length, f).toBeGreaterThan(20);
    expect(checks.filter((h) => h.moreUrls.some((u) => u.status || u.digest)).length).toBeGreaterThan(20);
    const kinds = accepted.flatMap((a) => a.input.services.map((s) => s.healthCheck));
    for (const type of CHECK_TYPES) expect(kinds.filter((h) => h.type === type).length, type).toBeGreaterThan(20);
    expect(kinds.filter((h) => h.type === 'udp' && h.udpPayload && h.udpReply && h.udpReply !== 'any').length).toBeGreaterThan(3);

    const confs = accepted.flatMap((a) => Object.values(a.rendered.directors).map((f) => ({ a, text: f[DIRECTOR_PATHS.keepalived] })));
    const results = keepalivedConfigTest(confs.map((c) => c.text));
    results.forEach((r, i) => {
      if (r.exitCode !== 0 || r.output) {
        throw new Error(
          `keepalived --config-test exit ${r.exitCode}: ${r.output}\ninput: ${JSON.stringify(confs[i].a.doc)}\n${confs[i].text}`,
        );
      }
    });

    for (const { a, text } of confs) {
      const nodes = parseKeepalived(text);
      const inTable = a.input.services.filter(inKernelTable);
      // track_file: the real servers' state files, and a pair's manual-failover file.
      const yieldFile = a.input.floatingIps.length > 0 && a.input.directors.length > 1;
      expect(new Set(nodes.map((n) => n.words[0]))).toEqual(
        new Set([
          'global_defs',
          ...(a.input.floatingIps.length ? ['vrrp_instance'] : []),
          ...(inTable.length || yieldFile ? ['track_file'] : []),
          ...(inTable.length ? ['virtual_server'] : []),
        ]),
      );
      const trackFiles = new Set(find(nodes, 'track_file').map((n) => n.words[1]));
      const vss = find(nodes, 'virtual_server');
      expect(vss).toHaveLength(inTable.length);
      for (const s of inTable) {
        const vs = vss.find((n) => n.words.slice(1).join(' ') === serviceShape(s).key);
        expect(vs, `virtual_server ${serviceShape(s).key}`).toBeDefined();
        const rss = find(vs!.children!, 'real_server');
        // Every real server, halted ones too (its state file takes it out), each with its one FILE_CHECK.
        expect(rss).toHaveLength(s.realServers.length);
        for (const rs of rss) {
          const tracked = find(rs.children!, 'FILE_CHECK').map((c) => find(c.children!, 'track_file')[0].words[1]);
          expect(tracked).toHaveLength(1);
          for (const t of tracked) expect(trackFiles.has(t), t).toBe(true);
        }
        if (s.healthCheck.type === 'negotiate') {
          for (const rs of rss) {
            const check = find(rs.children!, s.healthCheck.protocol === 'https' ? 'SSL_GET' : 'HTTP_GET')[0];
            const url = find(check.children!, 'url')[0];
            const get = (kw: string) => find(url.children!, kw)[0]?.words;
            expect(get('path')).toHaveLength(2);
            expect(plainValue(get('path')[1])).toBe(s.healthCheck.request!.replace(/\$/g, '%24'));
            if (s.healthCheck.response) {
              expect(get('regex')).toHaveLength(2);
              expect(escapedValue(get('regex')[1])).toBe(literalRegex(s.healthCheck.response));
            } else expect(get('regex')).toBeUndefined();
          }
        }
      }
    }

    const nft = nftCheckMany(accepted.map((a) => Object.values(a.rendered.directors)[0][DIRECTOR_PATHS.nftMarks]));
    nft.forEach((r, i) => expect(r, JSON.stringify(accepted[i].doc)).toEqual({ exitCode: 0, output: '' }));
  }, 300_000);

  it('the checkers do catch a broken file (so the test above can fail)', () => {
    const [broken] = keepalivedConfigTest(['virtual_server fwmark 1 {\n  lvs_sched bogus\n}\n}\n']);
    expect(broken.exitCode).not.toBe(0);
    const [nftBroken] = nftCheckMany([
      'table inet x { chain y { type filter hook prerouting priority mangle; ip daddr 1.2.3.4 tcp dport { 80, } } }\n',
    ]);
    expect(nftBroken.exitCode).not.toBe(0);
  });
});
