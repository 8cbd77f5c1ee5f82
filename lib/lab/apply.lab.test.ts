// Apply, proven on real directors: the guide's DR setup pushed over SSH (ssh2) to the lab's HA pair,
// the kernel table read back, traffic through the VIPs, and the failure paths leaving the previous
// configuration running.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../test/temp-db';
import { authorizeKey, Lab } from './lab';
import { restoreConfiguration } from '../server/config/restore';
import { SEED_DR } from '../schemas/seed';
import { getDb } from '../server/platform/db-client';
import { getConsoleKey } from '../server/directors/console-key';
import { directorDrift, fixDrift } from '../server/apply/drift';
import { listRevisions, revertToRevision } from '../server/apply/revisions';
import { pendingChanges } from '../server/apply/pending';
import { startApply } from '../server/apply/start';
import { type ApplyRunDto } from '../schemas/apply';
import { listDirectors, pinHostKey, testDirectorConnection, updateDirector } from '../server/directors/directors';
import { createVirtualService, deleteVirtualService, listVirtualServices, updateVirtualService } from '../server/config/virtual-services';
import { createRealServer, listRealServers, updateRealServer } from '../server/config/real-servers';
import { normaliseIpvsSave, type StepName } from '../director/apply';
import { waitFor } from './testing/wait';
import { readPair } from '../server/ha/pair';
import { makeDirectorActive } from '../server/ha/make-active';
import { expectedIpvsSave } from '../render/ipvsadm';
import { loadRenderInput } from '../server/config/rendering';

let lab: Lab;
const ACTOR = 'lab-test';

async function table(director: 'director1' | 'director2') {
  return normaliseIpvsSave(await lab.mustRun(director, 'ipvsadm -Sn'));
}

async function apply(
  comment: string,
  beforeStep?: (name: StepName, director: string) => Promise<void>,
  verifyTimeoutMs?: number,
): Promise<ApplyRunDto> {
  const started = await startApply({ comment, actor: ACTOR, options: { beforeStep, verifyTimeoutMs } });
  return started.done;
}

const stepsOf = (run: ApplyRunDto, director: string) =>
  run.steps.filter((s) => s.director === director).map((s) => `${s.name}:${s.status}`);
/** The directors in the order their files were installed (both are prepared at once first). */
const installOrder = (run: ApplyRunDto) => run.steps.filter((s) => s.name === 'install').map((s) => `${s.director}:${s.status}`);
/** A director that was prepared (staged, tested), then not installed because its peer failed. */
const PREPARED_NOT_INSTALLED = ['connect', 'upload', 'config-test', 'nft-check', 'backup']
  .map((s) => `${s}:succeeded`)
  .concat('install:skipped');

beforeAll(async () => {
  lab = Lab.attach();
  await lab.reset('dr');
  await useTempDatabase();
  await restoreConfiguration({ document: SEED_DR, actor: ACTOR });
  // The console's key is authorised on the lab's directors; the directors are reached through the lab's forwards.
  authorizeKey((await getConsoleKey()).publicKey);
  for (const access of lab.directors()) {
    const d = (await listDirectors()).find((x) => x.name === access.name)!;
    await updateDirector({ id: d.id, patch: { version: d.version, host: access.host, port: access.port }, actor: ACTOR });
  }
}, 120_000);

describe('directors', () => {
  it('Test connection reports what the director has, and the host key to confirm', async () => {
    const [d1] = await listDirectors();
    await lab.mustRun(
      d1.name as 'director1',
      "mkdir -p /usr/local/lib/lvs-console/checks && printf '#!/bin/sh\\nexit 0\\n' > /usr/local/lib/lvs-console/checks/leostream-check.sh && chmod 755 /usr/local/lib/lvs-console/checks/leostream-check.sh",
    );
    const report = await testDirectorConnection(d1.id);
    expect(report).toMatchObject({ reachable: true, keyAccepted: true, hostKeyPinned: false, error: null });
    expect(report.probe).toMatchObject({ root: true, ipVsLoaded: true, keepalived: '2.2.7', problems: [] });
    expect(report.probe!.ipvsadm).toMatch(/1\.31/);
    expect(report.probe!.interfaces.map((i) => i.name)).toContain('eth0');
    expect(report.probe!.checkScripts).toEqual(['leostream-check.sh']); // what an external check may name
    const expected = lab.directors().find((x) => x.name === d1.name)!.hostKeyFingerprint;
    expect(report.hostKeyFingerprint).toBe(expected);
  });

  it('an apply is refused until the host keys are confirmed', async () => {
    await expect(startApply({ comment: 'too early', actor: ACTOR })).rejects.toThrow(
      /Confirm the host key of director1 and director2 first/,
    );
    for (const access of lab.directors()) {
      const d = (await listDirectors()).find((x) => x.name === access.name)!;
      await pinHostKey({ id: d.id, fingerprint: access.hostKeyFingerprint, actor: ACTOR });
    }
  });
});

describe('applying the guide’s DR setup to the HA pair', () => {
  it('puts exactly the expected table in both kernels (both prepared at once, the primary installed first on a first start), and the VIPs answer from the gateways', async () => {
    const started = await startApply({ comment: 'first apply', actor: ACTOR });
    // One apply at a time: a second one is refused with the reason.
    await expect(startApply({ comment: 'second', actor: 'someone-else' })).rejects.toThrow(
      /^An apply is running \(started \d\d:\d\d:\d\d UTC by lab-test, .*\); one action changes the directors at a time\. Try again when it has finished\./,
    );
    const run = await started.done;
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
    // Prepared at once: director1 uploads before director2 has installed anything.
    const seqOf = (d: string, name: string) => run.steps.findIndex((s) => s.director === d && s.name === name);
    expect(seqOf('director1', 'upload')).toBeLessThan(seqOf('director2', 'install'));
    expect(seqOf('director2', 'upload')).toBeLessThan(seqOf('director1', 'install'));
    // No keepalived ran yet: the primary first, so that it wins the first election without a move.
    expect(installOrder(run)).toEqual(['director1:succeeded', 'director2:succeeded']);
    for (const d of ['director1', 'director2']) {
      expect(stepsOf(run, d)).toEqual(
        ['connect', 'upload', 'config-test', 'nft-check', 'backup', 'install', 'state', 'sysctl', 'marks', 'reload', 'verify'].map(
          (s) => `${s}:succeeded`,
        ),
      );
    }
    const expected = expectedIpvsSave((await loadRenderInput()).services);
    expect(expected).toContain('-A -f 1 -s wlc -p 300');
    expect(await table('director1')).toEqual(expected);
    expect(await table('director2')).toEqual(expected);
    expect(await getDb().configRevision.count()).toBe(1);

    // VRRP elects a master that holds the VIPs; from the client, HTTPS to the gateway VIP reaches a gateway.
    const gw = await lab.fromClient('for i in 1 2 3; do curl -sk --max-time 5 https://192.168.98.238/whoami; sleep 1; done');
    expect(
      gw.stdout
        .trim()
        .split('\n')
        .filter((l) => /^gw[12]$/.test(l)).length,
    ).toBeGreaterThan(0);
    const brk = await lab.fromClient('curl -sk --max-time 5 https://192.168.98.237/index.pl?action=cb_status');
    expect(brk.stdout.trim()).toBe('CB_IS_OK');
  });

  it('a weight change alters only that entry in the kernel, and an open connection survives the apply', async () => {
    const before = await table('director1');
    // Hold a TCP connection open through the VIP for the whole apply: one line a second, each answered.
    await lab.holdConnection('held', '192.168.98.238:4172');
    await waitFor('the held connection answered', async () => (await lab.heldAnswers('held')).length >= 2, 15_000, 300);
    const gwService = (await listVirtualServices()).find((s) => s.label === 'GW_VIP_L4')!;
    const gw01 = (await listRealServers(gwService.id)).find((r) => r.label === 'GW01')!;
    await updateRealServer({ virtualServiceId: gwService.id, id: gw01.id, patch: { version: gw01.version, weight: 50 }, actor: ACTOR });
    const run = await apply('GW01 weight 50');
    expect(run.status, run.error ?? '').toBe('succeeded');
    const after = await table('director1');
    expect(before.filter((l) => !after.includes(l))).toEqual(['-a -f 1 -r 192.168.98.231:0 -g -w 100']);
    expect(after.filter((l) => !before.includes(l))).toEqual(['-a -f 1 -r 192.168.98.231:0 -g -w 50']);
    // Two more lines after the apply, then stop: every line sent across the apply was answered.
    await new Promise((r) => setTimeout(r, 2_000));
    const { sent, answers } = await lab.stopHeldConnection('held');
    // The first line comes on connect, then one per "ping": all answered, all by the same gateway.
    expect(sent).toBeGreaterThanOrEqual(5);
    expect(answers.length).toBeGreaterThanOrEqual(sent); // at most the very last answer may be cut by the close
    expect(new Set(answers).size).toBe(1);
  }, 180_000);
});

describe('applying while a gateway is down', () => {
  it('succeeds, and says which real server keepalived left out because its check fails', async () => {
    await lab.stopService('gw2', 'https');
    try {
      await waitFor(
        'gw2 out of both tables',
        async () => {
          const [a, b] = [await table('director1'), await table('director2')];
          return !a.some((l) => l.includes('192.168.98.232')) && !b.some((l) => l.includes('192.168.98.232'));
        },
        60_000,
        1_000,
      );
      // The verify step waits for keepalived to put in what it will; 8 s of the default 20 s is plenty here.
      const run = await apply('apply with gw2 down', undefined, 8_000);
      expect(run.status, run.error ?? '').toBe('succeeded');
      const verify = run.steps.find((s) => s.director === 'director1' && s.name === 'verify')!;
      expect(verify.output).toMatch(
        /except 1 real server that keepalived left out because its health check fails: -a -f 1 -r 192\.168\.98\.232:0 -g -w 100/,
      );
    } finally {
      await lab.startService('gw2', 'https');
    }
    await waitFor('gw2 back', async () => (await table('director1')).some((l) => l.includes('192.168.98.232')), 60_000, 1_000);
  }, 240_000);
});

describe('failures leave the previous configuration running, and say why', () => {
  // director2 is installed first only while director1 holds the floating IPs (the active director goes last).
  beforeEach(async () => {
    const directors = await getDb().director.findMany();
    if ((await readPair(directors)).active !== 'director1')
      await makeDirectorActive({ id: directors.find((d) => d.name === 'director1')!.id, actor: ACTOR });
  }, 60_000);

  async function expectUnchanged(expected: string[]) {
    expect(await table('director1')).toEqual(expected);
    expect(await table('director2')).toEqual(expected);
  }

  it('config-test fails on one director (an interface it does not have): nothing is swapped on either', async () => {
    const good = await table('director1');
    const d2 = (await listDirectors()).find((d) => d.name === 'director2')!;
    await updateDirector({ id: d2.id, patch: { version: d2.version, vrrpInterface: 'eth7' }, actor: ACTOR });
    const run = await apply('bad interface');
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/director2: keepalived --config-test on director2 exited 5: .*eth7/);
    expect(stepsOf(run, 'director2').at(-1)).toBe('config-test:failed');
    // The primary was prepared at the same time, then left as it was, its staged files removed.
    expect(stepsOf(run, 'director1')).toEqual(PREPARED_NOT_INSTALLED);
    expect(run.steps.find((s) => s.director === 'director1' && s.name === 'install')!.output).toMatch(
      /^Not installed: director2: keepalived --config-test on director2 exited 5: .* director1 was not changed: it runs its previous configuration\.$/,
    );
    expect(await lab.mustRun('director1', 'ls /etc/keepalived')).not.toMatch(/\.lvs-new/);
    await expectUnchanged(good);
    const fixed = (await listDirectors()).find((d) => d.name === 'director2')!;
    await updateDirector({ id: fixed.id, patch: { version: fixed.version, vrrpInterface: 'eth0' }, actor: ACTOR });
    expect(fixed.lastApplyStatus).toBe('failed');
    expect(fixed.lastApplyError).toMatch(/eth7/);
  });

  it('the SSH connection drops during upload: the director keeps its files', async () => {
    const good = await table('director2');
    const kept = await lab.mustRun('director2', 'md5sum /etc/keepalived/keepalived.conf');
    const gwService = (await listVirtualServices()).find((s) => s.label === 'GW_VIP_L4')!;
    await updateVirtualService({ id: gwService.id, patch: { version: gwService.version, scheduler: 'rr' }, actor: ACTOR });
    const run = await apply('dropped', async (step, director) => {
      // The sshd serving the console's connection dies (keepalived, in the same namespace, does not).
      if (step === 'upload' && director === 'director2')
        await lab.vm('for p in $(ip netns pids director2); do grep -q sshd /proc/$p/comm && kill -9 $p; done; true');
    });
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/director2: .*(dropped|connection)/i);
    expect(await lab.mustRun('director2', 'md5sum /etc/keepalived/keepalived.conf')).toBe(kept);
    expect(await table('director2')).toEqual(good);
  });

  it('the SSH connection dies after the swap: failed at that step, no rollback over the dead link, nothing left running, and "state unknown" until a drift check settles it', async () => {
    const keptTable = await table('director2');
    const pid = (await lab.mustRun('director2', 'cat /run/keepalived.pid')).trim();
    const run = await apply('dropped after the swap', async (step, director) => {
      if (step === 'sysctl' && director === 'director2')
        await lab.vm('for p in $(ip netns pids director2); do grep -q sshd /proc/$p/comm && kill -9 $p; done; true');
    });
    expect(run.status).toBe('failed');
    expect(stepsOf(run, 'director2')).toEqual([
      'connect:succeeded',
      'upload:succeeded',
      'config-test:succeeded',
      'nft-check:succeeded',
      'backup:succeeded',
      'install:succeeded',
      'state:succeeded',
      'sysctl:failed',
    ]);
    expect(run.steps.filter((s) => s.status === 'running')).toEqual([]);
    expect(run.error).toMatch(
      /^director2: the SSH connection to director2 dropped .* the state of director2 is unknown\. Run a drift check/,
    );
    expect(stepsOf(run, 'director1')).toEqual(PREPARED_NOT_INSTALLED); // the primary (active) was not changed
    // The new files are in place but were never loaded: keepalived still runs the old ones.
    expect((await lab.mustRun('director2', 'cat /run/keepalived.pid')).trim()).toBe(pid);
    expect(await table('director2')).toEqual(keptTable);

    const d2 = (await listDirectors()).find((d) => d.name === 'director2')!;
    expect(d2.stateUnknownSince).not.toBeNull();
    expect((await pendingChanges()).stateUnknown.map((d) => d.name)).toEqual(['director2']);

    // The drift check reaches it again: it shows what differs, and the state is known again.
    const drift = await directorDrift(d2.id);
    expect(drift.files.find((f) => f.path === '/etc/keepalived/keepalived.conf')?.status).toBe('changed');
    expect((await listDirectors()).find((d) => d.name === 'director2')!.stateUnknownSince).toBeNull();
    expect((await pendingChanges()).stateUnknown).toEqual([]);
    // Put the last applied revision back, as the admin would, for the tests that follow.
    expect((await fixDrift({ id: d2.id, actor: ACTOR })).drifted).toBe(false);
  });

  it('the kernel table does not match after the reload: the previous files are restored', async () => {
    const previousConf = await lab.mustRun('director2', 'cat /etc/keepalived/keepalived.conf');
    const run = await apply('stray entry', async (step, director) => {
      if (step === 'verify' && director === 'director2') await lab.mustRun('director2', 'ipvsadm -A -t 10.9.9.9:80 -s rr');
    });
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(
      /does not match the configuration.*Unexpected: -A -t 10\.9\.9\.9:80 -s rr.*previous configuration was restored/,
    );
    expect(stepsOf(run, 'director2').slice(-2)).toEqual(['verify:failed', 'rollback:succeeded']);
    expect(await lab.mustRun('director2', 'cat /etc/keepalived/keepalived.conf')).toBe(previousConf);
    expect(await lab.mustRun('director2', 'ipvsadm -Ln')).toMatch(/wlc/); // still the applied scheduler, not rr
    await lab.mustRun('director2', 'ipvsadm -D -t 10.9.9.9:80');
  });

  it('keepalived fails to come back at the reload: the previous files are restored and keepalived runs them', async () => {
    const previousConf = await lab.mustRun('director2', 'cat /etc/keepalived/keepalived.conf');
    const previousTable = await table('director2');
    const run = await apply('keepalived dies', async (step, director) => {
      if (step !== 'reload' || director !== 'director2') return;
      // keepalived crashes, and the next start fails once (a stand-in earlier in PATH that removes itself).
      await lab.vm('for p in $(ip netns pids director2); do [ "$(cat /proc/$p/comm)" = keepalived ] && kill -9 $p; done; true');
      await lab.mustRun(
        'director2',
        [
          'rm -f /run/keepalived.pid',
          `printf '#!/bin/sh\\nrm -f /usr/local/sbin/keepalived\\necho "simulated: keepalived cannot start" >&2\\nexit 1\\n' > /usr/local/sbin/keepalived`,
          'chmod 755 /usr/local/sbin/keepalived',
        ].join('; '),
      );
    });
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(
      /director2: keepalived did not \(re\)start on director2: keepalived did not start.*The previous configuration was restored/,
    );
    expect(stepsOf(run, 'director2').slice(-2)).toEqual(['reload:failed', 'rollback:succeeded']);
    expect(await lab.mustRun('director2', 'cat /etc/keepalived/keepalived.conf')).toBe(previousConf);
    expect((await lab.mustRun('director2', 'systemctl is-active keepalived')).trim()).toBe('active');
    expect(await table('director2')).toEqual(previousTable);
  });

  it('a changed host key is refused with a clear message; a key the director does not accept too', async () => {
    const [d1, d2] = (await listDirectors()).sort((a, b) => a.name.localeCompare(b.name));
    // Pin director1's fingerprint on director2: as if director2 had been replaced by another machine.
    await pinHostKey({ id: d2.id, fingerprint: d1.hostKeyFingerprint!, actor: ACTOR });
    const run = await apply('impostor');
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/The host key of director2 .* has changed: it is now SHA256:\S+, pinned was/);
    await pinHostKey({ id: d2.id, fingerprint: lab.directors()[1].hostKeyFingerprint, actor: ACTOR });
    // A console whose key is not authorised: a fresh installation (new database, new key).
    await lab.vm(`sed -i '/lvs-console$/d' /lab/authorized_keys`);
    const refused = await testDirectorConnection(d1.id);
    expect(refused.error).toMatch(/director1 refused the console's SSH key for root@127\.0\.0\.1/);
    authorizeKey((await getConsoleKey()).publicKey);
  });
});

describe('revisions and drift', () => {
  it('reverting to an earlier revision restores it in the kernel and in the database', async () => {
    const revisions = await listRevisions();
    const first = revisions.at(-1)!; // the first apply: GW01 at weight 100, scheduler wlc
    expect(await table('director1')).toContain('-a -f 1 -r 192.168.98.231:0 -g -w 50');
    const run = await (await revertToRevision({ id: first.id, actor: ACTOR })).done;
    expect(run.status, run.error ?? '').toBe('succeeded');
    for (const d of ['director1', 'director2'] as const) {
      const t = await table(d);
      expect(t).toContain('-a -f 1 -r 192.168.98.231:0 -g -w 100');
      expect(t).toContain('-A -f 1 -s wlc -p 300');
    }
    const gw = (await listVirtualServices()).find((s) => s.label === 'GW_VIP_L4')!;
    expect(gw.scheduler).toBe('wlc');
    expect((await listRealServers(gw.id)).find((r) => r.label === 'GW01')!.weight).toBe(100);
  });

  it('a hand-made ipvsadm change shows up as drift, and fix removes it without restarting keepalived', async () => {
    const d1 = (await listDirectors()).find((d) => d.name === 'director1')!;
    expect((await directorDrift(d1.id)).drifted).toBe(false);
    const pid = (await lab.mustRun('director1', 'cat /run/keepalived.pid')).trim();
    await lab.mustRun('director1', 'ipvsadm -e -f 1 -r 192.168.98.232 -g -w 7 && ipvsadm -A -t 10.9.9.9:80 -s rr');
    const drift = await directorDrift(d1.id);
    expect(drift.drifted).toBe(true);
    expect(drift.table.unexpected).toEqual(['-A -t 10.9.9.9:80 -s rr', '-a -f 1 -r 192.168.98.232:0 -g -w 7']);
    expect(drift.table.missing).toEqual(['-a -f 1 -r 192.168.98.232:0 -g -w 100']);
    expect(drift.files.every((f) => f.status === 'same')).toBe(true);
    const fixed = await fixDrift({ id: d1.id, actor: ACTOR });
    expect(fixed.drifted).toBe(false);
    expect(fixed.commands).toEqual(['ipvsadm -D -t 10.9.9.9:80', 'ipvsadm -e -f 1 -r 192.168.98.232:0 -g -w 100']);
    expect((await lab.mustRun('director1', 'cat /run/keepalived.pid')).trim()).toBe(pid);
  });
});

describe('Layer 4 SNAT', () => {
  const sysctlOf = (d: 'director1' | 'director2') => lab.mustRun(d, 'cat /proc/sys/net/ipv4/vs/conntrack').then((s) => s.trim());
  const natChain = (d: 'director1' | 'director2') =>
    lab.mustRun(d, 'nft list table inet lvs_console').then((s) => s.includes('nat_postrouting'));

  it('a SNAT service on a new VIP answers the client, and its gateway sees a director’s address, not the client’s; deleting it removes the source NAT', async () => {
    const { value: svc } = await createVirtualService({
      input: { label: 'WEB_SNAT', ip: '192.168.98.150', ports: '80', forwarding: 'snat', healthCheck: { type: 'connect' } },
      actor: ACTOR,
    });
    await createRealServer({ virtualServiceId: svc.id, input: { label: 'GW01', ip: '192.168.98.231' }, actor: ACTOR });
    const run = await apply('a Layer 4 SNAT service');
    expect(run.error).toBeNull();
    for (const d of ['director1', 'director2'] as const) {
      expect(await table(d)).toContain('-a -t 192.168.98.150:80 -r 192.168.98.231:80 -m -w 100');
      expect(await sysctlOf(d)).toBe('1');
      expect(await natChain(d)).toBe(true);
    }
    // The gateway is on the client's own network: without the source NAT it would answer the client
    // directly, from its own address, and the connection would never complete.
    const { value: peers } = await waitFor('three answers through the SNAT VIP', async () => {
      const r = await lab.fromClient('for i in 1 2 3; do curl -s --max-time 5 http://192.168.98.150/peer; done');
      const lines = r.stdout.trim().split('\n').filter(Boolean);
      return lines.length === 3 && lines;
    });
    expect(new Set(peers).size).toBe(1);
    expect(['192.168.98.21', '192.168.98.22']).toContain(peers[0]);
    // The other services keep the client's address (DR: the gateway sees 192.168.98.10 itself).
    expect((await lab.fromClient('curl -sk --max-time 5 https://192.168.98.238/peer')).stdout.trim()).toBe('192.168.98.10');

    await deleteVirtualService({ id: svc.id, actor: ACTOR });
    expect((await apply('no SNAT service any more')).error).toBeNull();
    for (const d of ['director1', 'director2'] as const) {
      expect(await sysctlOf(d)).toBe('0');
      expect(await natChain(d)).toBe(false);
    }
  });
});
