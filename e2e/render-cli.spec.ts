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
