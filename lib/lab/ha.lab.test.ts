// The HA pair on the lab, through the console (API and Chromium): the primary is active after the
// first apply; killing it keeps the VIP answering through the peer with the client on its gateway;
// with one director dead, apply and drain go to the other, and the dead one catches up by itself when
// it is back; manual failover moves the floating IPs and back; a clean stop fails over faster; a second
// cluster beside the pair is applied and rolled up apart from it.
import { expect as see } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, authorizeKey } from './lab';
import { startLabConsole, type LabConsole } from './testing/console';
import { normaliseIpvsSave } from '../director/apply';
import { waitFor } from './testing/wait';

let lab: Lab;
let c: LabConsole;
const VIP = '192.168.98.238';
type D = 'director1' | 'director2';
const failover: Record<string, number> = {};

const holdsVip = async (d: D) => (await lab.runOn(d, 'ip -o addr show')).stdout.includes(` ${VIP}/`);
const table = async (d: D) => normaliseIpvsSave(await lab.mustRun(d, 'ipvsadm -Sn'));
const vmNow = async () => Number((await lab.vm('date +%s.%N')).stdout.trim());

/** From the client, until the VIP answers: which gateway, and the VM's clock then. */
async function firstAnswer(): Promise<{ who: string; at: number }> {
  const r = await lab.fromClient(
    `for i in $(seq 1 200); do r=$(curl -sk --max-time 1 https://${VIP}/whoami) && { echo "$(date +%s.%N) $r"; exit 0; }; sleep 0.1; done; exit 1`,
    90_000,
  );
  expect(r.code, `the VIP never answered: ${r.stderr}`).toBe(0);
  const [at, who] = r.stdout.trim().split(' ');
  return { who, at: Number(at) };
}

async function overviewDirector(name: D) {
  const o = await c.api('GET', 'overview');
  return o.directors.find((d: { name: string }) => d.name === name);
}

beforeAll(async () => {
  lab = Lab.attach();
  await lab.reset('dr');
  c = await startLabConsole();
  await c.loadExample(lab, 'dr');
  authorizeKey((await c.api('GET', 'ssh-key')).publicKey);
}, 240_000);

afterAll(async () => {
  const said = (c?.server.log() ?? '').split('\n').filter((l) => /catching up|unexpected error/.test(l));
  if (said.length) console.log(`[lab] the console logged:\n${said.slice(-20).join('\n')}`);
  await c?.stop();
  console.log(
    `[lab] failover seen by the client: ${Object.entries(failover)
      .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
      .join(', ')}`,
  );
}, 120_000);

describe('the HA pair', () => {
  it('after the first apply the primary holds the floating IPs (installed first, it wins the first election: no move)', async () => {
    const run = await c.applyNow('first apply of the pair');
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(run.steps.filter((s) => s.name === 'install').map((s) => s.director)).toEqual(['director1', 'director2']);
    const keep = run.steps.find((s) => s.name === 'keep-active');
    expect(keep?.status, keep?.output ?? '').toBe('succeeded');
    expect(keep?.output).toBe('director1 holds the floating IPs (the primary, started first).');
    expect(await holdsVip('director1')).toBe(true);
    expect(await holdsVip('director2')).toBe(false);
    // A second apply does not move them.
    await c.api(
      'PATCH',
      `virtual-services/${(await c.api('GET', 'virtual-services')).find((s: { label: string }) => s.label === 'BROKER_VIP_L4').id}`,
      { version: 1, scheduler: 'wrr' },
    );
    expect((await c.applyNow('second apply')).status).toBe('succeeded');
    expect(await holdsVip('director1')).toBe(true);
  }, 240_000);

  it("a second cluster beside the pair: applying default names only the pair and its roll-up shows MASTER and BACKUP; the other cluster's apply contacts only its own (unreachable) director and leaves both kernels as they were", async () => {
    const york = await c.api('POST', 'clusters', { name: 'YORK', site: 'a site the lab does not have' });
    const pids = async () =>
      Promise.all((['director1', 'director2'] as const).map(async (d) => (await lab.runOn(d, 'pidof keepalived')).stdout.trim()));
    try {
      // Its director answers nowhere (127.0.0.1:9, host key pinned up front, so the console does try it);
      // its service has the label and the address of one of default's (another site may).
      await c.api('POST', 'directors', {
        clusterId: york.id,
        name: 'york1',
        host: '127.0.0.1',
        port: 9,
        vrrpInterface: 'eth0',
        hostKeyFingerprint: `SHA256:${'A'.repeat(43)}`,
      });
      await c.api('POST', 'virtual-services', { clusterId: york.id, label: 'GW_VIP_L4', ip: VIP, ports: '443' });
      const tables = await Promise.all([table('director1'), table('director2')]);
      const keepalived = await pids();
      const finished = async (id: string) => {
        let run: { status: string; error: string | null; steps: { director: string | null }[] } = {
          status: 'running',
          error: null,
          steps: [],
        };
        await waitFor(`apply ${id}`, async () => (run = await c.api('GET', `apply/${id}`)).status !== 'running', 180_000, 1_000);
        return { ...run, directors: [...new Set(run.steps.map((s) => s.director).filter(Boolean))].sort() };
      };
      const mine = await finished((await c.api('POST', 'apply', { comment: 'default only', cluster: 'default' })).id);
      expect(mine.status, mine.error ?? '').toBe('succeeded');
      expect(mine.directors).toEqual(['director1', 'director2']);
      const theirs = await finished((await c.api('POST', `apply?cluster=${york.id}`, { comment: 'york only' })).id);
      expect(theirs.status).toBe('failed');
      expect(theirs.directors).toEqual(['york1']);
      // Neither apply changed the pair's kernels or restarted keepalived (nothing was pending for default).
      expect(await Promise.all([table('director1'), table('director2')])).toEqual(tables);
      expect(await pids()).toEqual(keepalived);
      type Fleet = {
        id: string;
        rollup: { vrrp: { name: string; state: string | null }[]; activeDirector: string | null; unreachable: string[] };
      }[];
      let fleet: Fleet = [];
      await waitFor(
        'the roll-ups of both clusters',
        async () => {
          fleet = await c.api('GET', 'clusters');
          return fleet.find((f) => f.id === york.id)?.rollup.unreachable.length === 1;
        },
        30_000,
        1_000,
      );
      const rollup = (id: string) => fleet.find((f) => f.id === id)!.rollup;
      expect(rollup('default')).toMatchObject({
        vrrp: [
          { name: 'director1', state: 'MASTER' },
          { name: 'director2', state: 'BACKUP' },
        ],
        activeDirector: 'director1',
        unreachable: [],
      });
      expect(rollup(york.id)).toMatchObject({ vrrp: [{ name: 'york1', state: null }], activeDirector: null, unreachable: ['york1'] });
    } finally {
      for (const s of await c.api('GET', `virtual-services?cluster=${york.id}`)) await c.api('DELETE', `virtual-services/${s.id}`);
      for (const d of await c.api('GET', `directors?cluster=${york.id}`)) await c.api('DELETE', `directors/${d.id}`);
      await c.api('DELETE', `clusters/${york.id}`);
    }
  }, 420_000);

  it('a crash of the active director: the VIP answers through the peer, the client stays on its gateway, and the page shows it', async () => {
    const before = (await lab.fromClient(`curl -sk --max-time 5 https://${VIP}/whoami`)).stdout.trim();
    expect(before).toMatch(/^gw[12]$/);
    // A connection held open on 3389 (the same persistence template), and time for the sync daemon.
    // Detached from the command's session (which would otherwise wait for it).
    await lab.fromClient(
      `rm -f /tmp/held.out; setsid sh -c '(sleep 100) | socat -T120 - TCP:${VIP}:3389 > /tmp/held.out 2>&1' </dev/null >/dev/null 2>&1 &`,
    );
    await waitFor(
      'the held connection answered',
      async () => (await lab.fromClient('head -1 /tmp/held.out')).stdout.trim() === before,
      15_000,
      500,
    );
    await waitFor(
      'the template synced to director2',
      async () => (await lab.mustRun('director2', 'ipvsadm -Lnc')).includes('ESTABLISHED'),
      20_000,
      1_000,
    );

    const killedAt = await vmNow();
    await lab.killDirector('director1');
    const { who, at } = await firstAnswer();
    failover.crash = at - killedAt;
    expect(who, 'the client’s next connection lands on the gateway it had (the template came with the sync daemon)').toBe(before);
    expect(await holdsVip('director2')).toBe(true);

    await c.page.goto(`${c.server.baseURL}/cluster-configuration/high-availability`);
    await see(c.page.getByRole('region', { name: 'Director director1' })).toContainText('Unreachable', { timeout: 30_000 });
    await see(c.page.getByRole('region', { name: 'Director director2' })).toContainText(/VRRP\s*MASTER/, { timeout: 30_000 });
    await see(c.page.getByRole('status').filter({ hasText: /^Active: / })).toHaveText('Active: director2 (holds the floating IPs).');
  }, 180_000);

  it('with director1 dead, apply and drain go to director2; director1 catches up by itself when it is back, and drift is clean', async () => {
    const services = await c.api('GET', 'virtual-services');
    const gw = services.find((s: { label: string }) => s.label === 'GW_VIP_L4');
    const servers = await c.api('GET', `virtual-services/${gw.id}/real-servers`);
    const gw01 = servers.find((r: { label: string }) => r.label === 'GW01');
    const gw02 = servers.find((r: { label: string }) => r.label === 'GW02');
    await c.api('PATCH', `virtual-services/${gw.id}/real-servers/${gw01.id}`, { version: gw01.version, weight: 150 });
    const run = await c.applyNow('weight while director1 is down');
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(run.warning).toMatch(/^director1 could not be reached .* it was skipped and is behind/);
    expect(run.steps.find((s) => s.director === 'director1')).toMatchObject({ name: 'connect', status: 'skipped' });
    expect((await table('director2')).some((l) => l.startsWith('-a -f 1 -r 192.168.98.231:0') && l.includes('-w 150'))).toBe(true);
    expect((await overviewDirector('director1')).revision).toBe('behind');
    await c.page.goto(`${c.server.baseURL}/maintenance`);
    await see(c.page.getByRole('alert').filter({ hasText: 'Behind:' })).toContainText('director1 was unreachable during an apply');

    const drained = await c.api('PUT', `virtual-services/${gw.id}/real-servers/${gw02.id}/state`, { state: 'drain' });
    expect(drained.directors.map((d: { director: string; done: boolean }) => `${d.director}:${d.done}`).sort()).toEqual([
      'director1:false',
      'director2:true',
    ]);
    expect((await table('director2')).some((l) => l.startsWith('-a -f 1 -r 192.168.98.232:0') && l.includes('-w 0'))).toBe(true);

    await lab.reviveDirector('director1');
    // No click: the console's own loop (every 15 s) sees it answer and brings it up to date.
    await waitFor('director1 caught up', async () => (await overviewDirector('director1')).revision === 'in-sync', 120_000, 2_000);
    const runs = await c.api('GET', 'apply');
    expect(runs[0]).toMatchObject({ status: 'succeeded', comment: expect.stringMatching(/^catch-up: director1/) });
    expect(await table('director1')).toEqual(await table('director2')); // the weight, and GW02 drained
    const d1 = (await c.api('GET', 'directors')).find((d: { name: string }) => d.name === 'director1');
    const drift = await c.api('GET', `directors/${d1.id}/drift`);
    expect(
      drift.files.every((f: { status: string }) => f.status === 'same'),
      JSON.stringify(drift.files),
    ).toBe(true);
    expect(drift.table).toMatchObject({ missing: [], unexpected: [] });
    // It came back as BACKUP: director2 keeps the floating IPs (nothing moved without a reason).
    expect(await holdsVip('director2')).toBe(true);
    expect(await holdsVip('director1')).toBe(false);
    await c.api('PUT', `virtual-services/${gw.id}/real-servers/${gw02.id}/state`, { state: 'online' });
  }, 300_000);

  it('Make this director active moves the floating IPs to director1 (the button) and back to director2 (the API)', async () => {
    await c.page.goto(`${c.server.baseURL}/cluster-configuration/high-availability`);
    await see(c.page.getByRole('region', { name: 'Director director1' })).toContainText(/VRRP\s*BACKUP/, { timeout: 30_000 });
    await c.page.getByRole('button', { name: 'Make director1 active' }).click();
    await see(c.page.getByRole('status').filter({ hasText: 'is active' })).toContainText(
      /director1 is active: it took the floating IPs in \d+\.\d s/,
      { timeout: 40_000 },
    );
    expect(await holdsVip('director1')).toBe(true);
    expect(await holdsVip('director2')).toBe(false);
    await see(c.page.getByRole('status').filter({ hasText: /^Active: / })).toHaveText('Active: director1 (holds the floating IPs).', {
      timeout: 30_000,
    });
    expect((await lab.fromClient(`curl -sk --max-time 5 https://${VIP}/whoami`)).stdout.trim()).toMatch(/^gw[12]$/);

    const d2 = (await c.api('GET', 'directors')).find((d: { name: string }) => d.name === 'director2');
    const back = await c.api('POST', `directors/${d2.id}/make-active`);
    expect(back).toMatchObject({ active: 'director2', changed: true });
    expect(await holdsVip('director2')).toBe(true);
    expect(await holdsVip('director1')).toBe(false);
    // Both directors are BACKUP-capable again (the yield is undone): director1 is BACKUP, not FAULT.
    await waitFor('director1 back to BACKUP', async () => (await overviewDirector('director1')).vrrpState === 'BACKUP', 30_000, 1_000);
    failover.manual = back.ms / 1000;
    // Measured from the directors' notify timestamps: director1 giving up, director2 MASTER.
    const { value: last } = await waitFor(
      'the last failover recorded',
      async () => {
        const f = (await c.api('GET', 'overview')).lastFailover;
        return f?.to === 'director2' ? f : undefined;
      },
      30_000,
      1_000,
    );
    expect(last).toMatchObject({ from: 'director1', to: 'director2', how: 'handover' });
    expect(last.seconds).toBeGreaterThanOrEqual(0);
    console.log(`[lab] make-active handover from the notify timestamps: ${last.seconds} s`);
  }, 180_000);

  it('a clean stop of keepalived on the active director hands over at once: a priority-0 advert, not three missed ones', async () => {
    const zeroAdverts = async () =>
      Number((await lab.mustRun('director1', "grep -c 'Backup received priority 0 advertisement' /run/keepalived.log || true")).trim());
    const before = await zeroAdverts();
    const stoppedAt = await vmNow();
    await lab.mustRun('director2', 'systemctl stop keepalived');
    const { at } = await firstAnswer();
    failover.cleanStop = at - stoppedAt; // reported with the crash's time; not compared (two timings under emulation)
    expect(await holdsVip('director1')).toBe(true);
    // Why it is faster than a crash: director2 said it was leaving, and director1 took over on that advert.
    expect(await zeroAdverts()).toBeGreaterThan(before);
    await lab.mustRun('director2', 'systemctl start keepalived');
  }, 120_000);

  it('at 0.2 s adverts (VRRPv3; 0.5 s with version 2 refused) a crash of the active director fails over, and the overview records it', async () => {
    const refused = await c.page.request.put(`${c.server.baseURL}/api/v1/settings`, {
      data: { vrrpVersion: 2, vrrpAdvertInterval: 0.5 },
      headers: { Origin: c.server.baseURL },
    });
    expect(refused.status()).toBe(422);
    expect(await refused.text()).toContain('needs VRRP version 3');
    await c.api('PUT', 'settings', { vrrpVersion: 3, vrrpAdvertInterval: 0.2 });
    const run = await c.applyNow('0.2 s adverts');
    expect(run.status, run.error ?? '').toBe('succeeded');
    // The standby was held in FAULT while the two disagreed (v2 and v3), so the floating IPs never moved.
    expect(run.steps.map((st: { name: string }) => st.name)).toContain('hold-standby');
    for (const d of ['director1', 'director2'] as const)
      expect(await lab.mustRun(d, 'grep -E "^ *(version|advert_int)" /etc/keepalived/keepalived.conf')).toMatch(
        /version 3\s+advert_int 0\.2/,
      );
    await waitFor('director1 active', () => holdsVip('director1'), 30_000, 500).catch(async (err) => {
      for (const d of ['director1', 'director2'] as const)
        console.log(`[lab] ${d} keepalived.log:\n${(await lab.runOn(d, 'tail -n 40 /run/keepalived.log')).stdout}`);
      console.log(
        `[lab] apply steps: ${JSON.stringify(run.steps.map((st: { name: string; output: string | null }) => [st.name, st.output]))}`,
      );
      throw err;
    });
    await waitFor('director2 BACKUP', async () => (await overviewDirector('director2')).vrrpState === 'BACKUP', 30_000, 1_000);

    const t0 = await vmNow();
    await lab.killDirector('director1');
    const { at } = await firstAnswer();
    failover.crashAt200ms = at - t0;
    expect(await holdsVip('director2')).toBe(true);
    const { value: last } = await waitFor(
      'the crash recorded as the last failover',
      async () => {
        const f = (await c.api('GET', 'overview')).lastFailover;
        return f?.to === 'director2' && f.how === 'lost' ? f : undefined;
      },
      30_000,
      1_000,
    );
    expect(last.from).toBe('director1');
    await lab.reviveDirector('director1');
    await waitFor('director1 BACKUP again', async () => (await overviewDirector('director1'))?.vrrpState === 'BACKUP', 90_000, 1_000);
  }, 300_000);
});
