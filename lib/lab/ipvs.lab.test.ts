// The director lab proves what a kernel does with IPVS: hand-written services in director1, traffic
// from the lab client, real gateways answering with their names.
import { beforeAll, describe, expect, it } from 'vitest';
import { Lab } from './lab';
import { waitFor } from './testing/wait';

let lab: Lab;

const GW_PORTS = '80, 443, 3389, 4172, 42966, 50001, 50002';

/** nft rules marking the gateway VIP's ports, TCP and UDP, with mark 1. */
const marks = (vip: string) => `table inet marks {
  chain prerouting {
    type filter hook prerouting priority mangle; policy accept;
    ip daddr ${vip} meta l4proto { tcp, udp } th dport { ${GW_PORTS} } meta mark set 1
  }
}
`;

/** Writes a file on a node from stdin-free shell: base64 keeps any text intact. */
const writeFile = (path: string, text: string) => `echo ${Buffer.from(text).toString('base64')} | base64 -d > ${path}`;

/** Which gateway answers: HTTPS /whoami, TCP 3389, or UDP 4172, each on a new connection. */
async function whoAnswers(vip: string, how: 'https' | 'tcp3389' | 'udp4172', times = 1): Promise<string[]> {
  const one = {
    https: `curl -sk --max-time 3 https://${vip}/whoami`,
    tcp3389: `socat -T2 - TCP:${vip}:3389 </dev/null`,
    udp4172: `echo hi | socat -T2 - UDP:${vip}:4172`,
  }[how];
  const r = await lab.fromClient(`for i in $(seq 1 ${times}); do ${one}; done`);
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

async function ipvsReals(director: 'director1' | 'director2'): Promise<string[]> {
  const out = await lab.mustRun(director, 'ipvsadm -Ln');
  return [...out.matchAll(/->\s+(\d+\.\d+\.\d+\.\d+):\d+/g)].map((m) => m[1]).sort();
}

beforeAll(() => {
  lab = Lab.attach();
});

describe('DR: a hand-written fwmark service for the gateway VIP in director1', () => {
  beforeAll(async () => {
    await lab.reset('dr');
    await lab.mustRun(
      'director1',
      [
        'ip addr add 192.168.98.238/32 dev eth0',
        writeFile('/etc/lvs-console/marks.nft', marks('192.168.98.238')),
        'nft -f /etc/lvs-console/marks.nft',
        'ipvsadm -A -f 1 -s rr',
        'ipvsadm -a -f 1 -r 192.168.98.231 -g -w 1',
        'ipvsadm -a -f 1 -r 192.168.98.232 -g -w 1',
      ].join(' && '),
    );
  });

  it('without persistence, HTTPS to the VIP is answered by both gateways across connections', async () => {
    const answers = await whoAnswers('192.168.98.238', 'https', 6);
    expect(answers).toHaveLength(6);
    expect(new Set(answers)).toEqual(new Set(['gw1', 'gw2']));
  });

  it('with persistence, one gateway answers every connection; TCP 443, TCP 3389 and UDP 4172 all land on it', async () => {
    await lab.mustRun('director1', 'ipvsadm -E -f 1 -s rr -p 300');
    const https = await whoAnswers('192.168.98.238', 'https', 4);
    expect(https).toHaveLength(4);
    expect(new Set(https).size).toBe(1);
    const tcp = await whoAnswers('192.168.98.238', 'tcp3389', 2);
    const udp = await whoAnswers('192.168.98.238', 'udp4172', 2);
    expect([...tcp, ...udp]).toEqual([https[0], https[0], https[0], https[0]]);
    // One persistence template (protocol IP, the mark written as an address) covers all three.
    const conns = await lab.mustRun('director1', 'ipvsadm -Lnc');
    expect(conns).toMatch(/IP\s+\d\d:\d\d\s+\S+\s+192\.168\.98\.10:0\s+0\.0\.0\.1:0/);
  });
});

const check = (ip: string) => `    real_server ${ip} {
        weight 1
        SSL_GET {
            url {
                path /app/system/ping
                regex "OK"
            }
            connect_port 443
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
`;

const checkedService = (method: 'DR' | 'NAT') => `virtual_server fwmark 1 {
    delay_loop 1
    lvs_sched rr
    lvs_method ${method}
${check('192.168.98.231')}${check('192.168.98.232')}}
`;

async function keepalivedWatchesGateways(vip: string, method: 'DR' | 'NAT', whileRunning?: () => Promise<void>) {
  await lab.mustRun('director1', 'systemctl start keepalived');
  const both = await waitFor(
    'both gateways in the table',
    async () => {
      const reals = await ipvsReals('director1');
      return reals.length === 2 ? reals : undefined;
    },
    30_000,
  );
  expect(both.value).toEqual(['192.168.98.231', '192.168.98.232']);
  await waitFor(`the VIP ${vip} answering`, async () => (await whoAnswers(vip, 'https', 1)).length === 1, 20_000);
  expect(new Set(await whoAnswers(vip, 'https', 6))).toEqual(new Set(['gw1', 'gw2']));

  await lab.stopService('gw2', 'https');
  const removed = await waitFor('gw2 to leave the table', async () => !(await ipvsReals('director1')).includes('192.168.98.232'), 20_000);
  console.log(`[lab] ${method}: gw2's HTTPS stopped -> out of ipvsadm -Ln after ${(removed.ms / 1000).toFixed(1)} s`);
  expect(new Set(await whoAnswers(vip, 'https', 4))).toEqual(new Set(['gw1']));

  await lab.startService('gw2', 'https');
  const back = await waitFor('gw2 back in the table', async () => (await ipvsReals('director1')).includes('192.168.98.232'), 20_000);
  console.log(`[lab] ${method}: gw2's HTTPS started -> back in ipvsadm -Ln after ${(back.ms / 1000).toFixed(1)} s`);
  await whileRunning?.();
  await lab.mustRun('director1', 'systemctl stop keepalived');
}

describe('keepalived in director1 with a hand-written config', () => {
  it('DR: stopping gw2’s HTTPS takes it out of ipvsadm -Ln within the check interval; starting it brings it back', async () => {
    await lab.reset('dr');
    const conf = `global_defs {
    router_id director1
}
${checkedService('DR')}`;
    await lab.mustRun(
      'director1',
      [
        'ip addr add 192.168.98.238/32 dev eth0',
        writeFile('/etc/lvs-console/marks.nft', marks('192.168.98.238')),
        'nft -f /etc/lvs-console/marks.nft',
        writeFile('/etc/keepalived/keepalived.conf', conf),
      ].join(' && '),
    );
    await keepalivedWatchesGateways('192.168.98.238', 'DR');
  });

  it('NAT: the same, with the VIP outside, the gateways inside and their default gateway on the director', async () => {
    await lab.reset('nat');
    const conf = `global_defs {
    router_id director1
}
vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 1
    virtual_ipaddress {
        192.168.85.140/32 dev eth0
        192.168.98.100/32 dev eth1
    }
}
${checkedService('NAT')}`;
    await lab.mustRun(
      'director1',
      [
        writeFile('/etc/lvs-console/marks.nft', marks('192.168.85.140')),
        'nft -f /etc/lvs-console/marks.nft',
        writeFile('/etc/keepalived/keepalived.conf', conf),
      ].join(' && '),
    );
    await keepalivedWatchesGateways('192.168.85.140', 'NAT', async () => {
      expect(await lab.mustRun('director1', 'ipvsadm -Ln')).toMatch(/192\.168\.98\.231:0\s+Masq/);
    });
  });
});
