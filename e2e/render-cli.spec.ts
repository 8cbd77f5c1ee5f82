import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, EMPTY_CONFIG } from './support/fixtures';

// `npm run cli -- render` on the guide's setups, checked by the real keepalived and nft on the files it wrote.
for (const example of ['dr', 'nat']) {
  test(`cli render of the ${example.toUpperCase()} example passes keepalived --config-test and nft -c`, async ({ server, api }) => {
    expect((await api.post('config', { data: EMPTY_CONFIG })).ok()).toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-render-'));
    fs.writeFileSync(path.join(dir, 'example.json'), server.cli('example', example).stdout);
    expect(server.cli('import', path.join(dir, 'example.json')).status).toBe(0);
    const out = server.cli('render', '--out', path.join(dir, 'out'));
    expect(out.status, out.stderr).toBe(0);
    for (const director of ['director1', 'director2']) {
      const conf = path.join(dir, 'out', director, 'etc/keepalived/keepalived.conf');
      const nft = path.join(dir, 'out', director, 'etc/lvs-console/marks.nft');
      const check = `ip link add eth0 type veth peer name eth1 && keepalived --config-test=${dir}/${director}.log -f ${conf} && nft -c -f ${nft} && echo OK`;
      expect(execFileSync('unshare', ['-n', 'sh', '-c', check], { encoding: 'utf8' }).trim()).toBe('OK');
      expect(fs.readFileSync(`${dir}/${director}.log`, 'utf8')).toBe('');
      const text = fs.readFileSync(conf, 'utf8');
      expect(text).toMatch(
        /virtual_server fwmark 1 \{\n {4}delay_loop 10\n {4}lvs_sched wlc\n {4}lvs_method (DR|NAT)\n {4}persistence_timeout 300/,
      );
      expect(text).toContain('path "/app/system/ping"');
      expect(text).toContain('regex "OK"');
      expect(text).toContain('path "/index.pl?action=cb_status"');
    }
    const gw = path.join(dir, 'out', 'real-servers', '192.168.98.231');
    if (example === 'dr')
      expect(fs.readFileSync(path.join(gw, 'dr-loopback.sh'), 'utf8')).toContain('ip addr replace 192.168.98.238/32 dev lo');
    else expect(fs.readFileSync(path.join(gw, 'nat-gateway.sh'), 'utf8')).toContain('ip route replace default via 192.168.98.100');
  });
}

test('a service with each check kind, created through the API, renders a keepalived.conf that passes keepalived --config-test', async ({
  server,
  api,
}) => {
  expect((await api.post('config', { data: EMPTY_CONFIG })).ok()).toBe(true);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-render-'));
  fs.writeFileSync(path.join(dir, 'example.json'), server.cli('example', 'dr').stdout);
  expect(server.cli('import', path.join(dir, 'example.json')).status).toBe(0);
  const checks: [string, string, { type: string } & Record<string, unknown>][] = [
    ['25', 'tcp', { type: 'smtp', heloName: 'lb.example.com' }],
    ['53', 'udp', { type: 'dns', dnsName: 'gateway.example.com', dnsType: 'A' }],
    ['1812', 'udp', { type: 'udp', udpPayload: '01020304', udpReply: '0203' }],
    [
      '8080',
      'tcp',
      {
        type: 'negotiate',
        protocol: 'http',
        request: '/',
        status: '200-399',
        moreUrls: [{ path: '/b', digest: 'ff20ad2481f97b1754ef3e12ecd3a9cc' }],
      },
    ],
    ['8443', 'tcp', { type: 'negotiate', protocol: 'https', virtualHost: 'gw.example.com', request: '/', status: '200,301-302' }],
    ['3389', 'tcp', { type: 'connect' }],
    ['7', 'tcp', { type: 'ping' }],
    ['22', 'tcp', { type: 'external', command: 'check.sh', args: '--mode strict' }],
    ['9', 'tcp', { type: 'none' }],
  ];
  for (const [port, protocol, healthCheck] of checks) {
    const res = await api.post('virtual-services', {
      data: { label: `K_${healthCheck.type}_${port}`, ip: '192.168.98.240', ports: port, protocol, healthCheck },
    });
    expect(res.status(), await res.text()).toBe(201);
    const { id } = await res.json();
    expect((await api.post(`virtual-services/${id}/real-servers`, { data: { label: 'R1', ip: '192.168.98.231' } })).status()).toBe(201);
  }
  // The CLI takes the same fields.
  const vs = server.cli(
    'vs',
    'add',
    '--label',
    'K_cli',
    '--ip',
    '192.168.98.241',
    '--ports',
    '2525',
    '--check',
    'smtp',
    '--helo-name',
    'cli.example.com',
  );
  expect(vs.status, vs.stderr).toBe(0);
  const rs = server.cli('rs', 'add', '--vs', 'K_cli', '--label', 'R1', '--ip', '192.168.98.231');
  expect(rs.status, rs.stderr).toBe(0);
  expect(server.cli('vs', 'list').stdout).toMatch(/K_cli .*SMTP, HELO cli\.example\.com/);
  const out = server.cli('render', '--out', path.join(dir, 'out'));
  expect(out.status, out.stderr).toBe(0);
  const conf = path.join(dir, 'out', 'director1', 'etc/keepalived/keepalived.conf');
  const check = `ip link add eth0 type veth peer name eth1 && keepalived --config-test=${dir}/kinds.log -f ${conf} && echo OK`;
  expect(execFileSync('unshare', ['-n', 'sh', '-c', check], { encoding: 'utf8' }).trim()).toBe('OK');
  expect(fs.readFileSync(`${dir}/kinds.log`, 'utf8')).toBe('');
  const text = fs.readFileSync(conf, 'utf8');
  for (const checker of ['SMTP_CHECK', 'DNS_CHECK', 'UDP_CHECK', 'HTTP_GET', 'SSL_GET', 'TCP_CHECK', 'PING_CHECK', 'MISC_CHECK'])
    expect(text, checker).toContain(`${checker} {`);
  expect(text).toContain('require_reply 0203');
  expect(text).toContain('helo_name "cli.example.com"');
  expect(text).toContain('status_code 200 301-302');
});
