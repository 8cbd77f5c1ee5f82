// Adopting a running director: a keepalived.conf written by hand (with an include), started on a lab
// director as it would be found on a production box; its kernel's `ipvsadm -Sn` imports as the same
// table; "import from this director" reads the file over SSH, and the first apply leaves the director's
// kernel table as it was.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../test/temp-db';
import { authorizeKey, Lab } from './lab';
import { exportConfiguration } from '../server/config/backup';
import { restoreConfiguration } from '../server/config/restore';
import { getConsoleKey } from '../server/directors/console-key';
import { startApply } from '../server/apply/start';
import { listDirectors, pinHostKey, updateDirector } from '../server/directors/directors';
import { importFromDirector } from '../server/config/adopt';
import { ValidationError } from '../server/platform/validation';
import { normaliseIpvsSave } from '../director/apply';
import { waitFor } from './testing/wait';
import { mapIpvsadmSave } from '../import/ipvsadm';
import { validateConfigDocument } from '../schemas/config-document';
import { toRenderInput } from '../render';
import { expectedIpvsSave } from '../render/ipvsadm';

let lab: Lab;
const ACTOR = 'lab-test';

const HAND_WRITTEN = `! Written by hand on director1, long before the console.
global_defs {
    router_id LB1
}

vrrp_instance VI_OLD {
    state MASTER
    interface eth0
    virtual_router_id 77
    priority 150
    advert_int 1
    virtual_ipaddress {
        192.168.98.238/24 dev eth0
        192.168.98.237/24 dev eth0
    }
}

virtual_server 192.168.98.238 443 {
    delay_loop 5
    lvs_sched wlc
    lvs_method DR
    protocol TCP
    persistence_timeout 300
    real_server 192.168.98.231 443 {
        weight 100
        TCP_CHECK {
            connect_port 443
            connect_timeout 3
        }
    }
    real_server 192.168.98.232 443 {
        weight 50
        TCP_CHECK {
            connect_port 443
        }
    }
}

include conf.d/*.conf
`;

const BROKERS = `virtual_server 192.168.98.237 80 {
    lvs_sched rr
    lvs_method DR
    protocol TCP
    real_server 192.168.98.230 80 {
        weight 1
        TCP_CHECK {
            connect_port 80
        }
    }
    real_server 192.168.98.233 80 {
        weight 1
        TCP_CHECK {
            connect_port 80
        }
    }
}
`;

async function table(director: 'director1' | 'director2') {
  return normaliseIpvsSave(await lab.mustRun(director, 'ipvsadm -Sn'));
}

beforeAll(async () => {
  lab = Lab.attach();
  await lab.reset('dr');
  await useTempDatabase();
  // The directors are added and their host keys confirmed first; no services yet.
  await restoreConfiguration({
    document: {
      format: 'lvs-console/1',
      virtualServices: [],
      floatingIps: [],
      directors: [
        { name: 'director1', role: 'primary', host: '192.168.98.21', vrrpInterface: 'eth0', vrrpAddress: '192.168.98.21' },
        { name: 'director2', role: 'secondary', host: '192.168.98.22', vrrpInterface: 'eth0', vrrpAddress: '192.168.98.22' },
      ],
    },
    actor: ACTOR,
  });
  authorizeKey((await getConsoleKey()).publicKey);
  for (const access of lab.directors()) {
    const d = (await listDirectors()).find((x) => x.name === access.name)!;
    await updateDirector({ id: d.id, patch: { version: d.version, host: access.host, port: access.port }, actor: ACTOR });
    const again = (await listDirectors()).find((x) => x.name === access.name)!;
    await pinHostKey({ id: again.id, fingerprint: access.hostKeyFingerprint, actor: ACTOR });
  }
  // director1 as found: its own keepalived.conf, running.
  await lab.mustRun('director1', 'mkdir -p /etc/keepalived/conf.d');
}, 180_000);

describe('adopting a running director', () => {
  it('imports its keepalived.conf over SSH, and the first apply leaves its kernel table unchanged', async () => {
    await lab.runOn('director1', 'cat > /etc/keepalived/keepalived.conf', 30_000, HAND_WRITTEN);
    await lab.runOn('director1', 'cat > /etc/keepalived/conf.d/brokers.conf', 30_000, BROKERS);
    await lab.mustRun('director1', 'systemctl restart keepalived');
    await waitFor(
      "the hand-written table in director1's kernel",
      async () => (await table('director1')).filter((l) => l.startsWith('-a ')).length === 4,
      60_000,
    );
    const before = await table('director1');
    expect(before).toContain('-A -t 192.168.98.238:443 -s wlc -p 300');
    expect(before).toContain('-a -t 192.168.98.238:443 -r 192.168.98.232:443 -g -w 50');

    // The kernel's own `ipvsadm -Sn` imports as services that would put back the same table.
    const save = await lab.mustRun('director1', 'ipvsadm -Sn');
    const fromKernel = mapIpvsadmSave(save, 'ipvsadm -Sn');
    expect(fromKernel.refusals).toEqual([]);
    const v = validateConfigDocument({
      format: 'lvs-console/1',
      virtualServices: fromKernel.services.map(({ source: _s, ...x }) => x),
      floatingIps: [],
      directors: [],
    });
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    expect(normaliseIpvsSave(expectedIpvsSave(toRenderInput(v.config).services).join('\n'))).toEqual(before);

    const preview = await importFromDirector({ director: 'director1', merge: false, actor: ACTOR, dryRun: true });
    expect(preview.files).toEqual(['/etc/keepalived/keepalived.conf', '/etc/keepalived/conf.d/brokers.conf']);
    expect(preview.plan.create).toEqual(
      expect.arrayContaining([
        'virtual service 192.168.98.238_443',
        'virtual service 192.168.98.237_80',
        'real server 192.168.98.237_80/192.168.98.233_80',
      ]),
    );
    await importFromDirector({ director: 'director1', merge: false, actor: ACTOR, dryRun: false });
    expect((await exportConfiguration()).virtualServices.map((s) => s.label)).toEqual(['192.168.98.237_80', '192.168.98.238_443']);

    const run = await (await startApply({ comment: 'adopted', actor: ACTOR })).done;
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
    await waitFor(
      "director1's table as before the apply",
      async () => JSON.stringify(await table('director1')) === JSON.stringify(before),
      60_000,
    );
    expect(await table('director1')).toEqual(before);
    expect(await table('director2')).toEqual(before);
    // Now the console runs it: importing it again also reads the console's firewall artefact (which says
    // which services are Layer 4 SNAT), and changes nothing.
    const again = await importFromDirector({ director: 'director1', merge: false, actor: ACTOR, dryRun: true });
    expect(again.files).toContain('/etc/lvs-console/marks.nft');
    expect([again.plan.create, again.plan.delete]).toEqual([[], []]);
  }, 300_000);

  it('follows includes only to regular files under /etc/keepalived/, and never quotes what it refused to read', async () => {
    await lab.mustRun(
      'director2',
      'mkdir -p /etc/keepalived/evil && ln -sf /etc/shadow /etc/keepalived/evil/shadow.conf && rm -f /etc/keepalived/evil/fifo.conf && mkfifo /etc/keepalived/evil/fifo.conf',
    );
    await lab.runOn(
      'director2',
      'cat > /etc/keepalived/keepalived.conf',
      30_000,
      'include /etc/shadow\ninclude ../passwd\ninclude evil/shadow.conf\ninclude evil/fifo.conf\n',
    );
    const err = await importFromDirector({ director: 'director2', merge: false, actor: ACTOR, dryRun: true }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const conf = '/etc/keepalived/keepalived.conf';
    expect((err as ValidationError).fields).toEqual([
      { field: `${conf}:1`, message: 'include /etc/shadow: the console reads included files only under /etc/keepalived/ on a director.' },
      { field: `${conf}:2`, message: 'include ../passwd: the console reads included files only under /etc/keepalived/ on a director.' },
      {
        field: `${conf}:3`,
        message:
          'include evil/shadow.conf: /etc/keepalived/evil/shadow.conf is not under /etc/keepalived/ (or links out of it): the console reads nothing else from a director.',
      },
      { field: `${conf}:4`, message: 'include evil/fifo.conf: /etc/keepalived/evil/fifo.conf is not a regular file.' },
    ]);
    expect(JSON.stringify((err as ValidationError).fields)).not.toMatch(/root:/);
  }, 120_000);
});
