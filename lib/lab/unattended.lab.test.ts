// What happens in the middle, on the lab pair with the guide's DR setup: the console killed while a
// make-active holds a director in FAULT (the restarted console puts vrrp.yield back, and both directors
// are a MASTER/BACKUP pair again); two make-actives pressed at once (one runs, one is refused, one
// MASTER after); a director that answers but fails its catch-up is retried at growing intervals and
// caught up once it can be.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, authorizeKey } from './lab';
import { startLabConsole, type LabConsole } from './testing/console';
import { waitFor } from './testing/wait';
import { DIRECTOR_PATHS } from '../render/model';
import { VRRP_YIELD_FILE } from '../render/state-files';
import { shellQuote } from '../director/remote-path';

type D = 'director1' | 'director2';
const DIRECTORS: D[] = ['director1', 'director2'];
/** The first catch-up retry, in seconds (the default is 15; it doubles after each failure). */
const RETRY_SECONDS = 2;

let lab: Lab;
let c: LabConsole;

/** The director's VRRP state as its notify hook wrote it, if keepalived runs (else null). */
async function vrrp(d: D): Promise<string | null> {
  const r = await lab.runOn(d, `p=$(cat /run/keepalived.pid 2>/dev/null) && kill -0 "$p" 2>/dev/null && cat ${DIRECTOR_PATHS.vrrpState}`);
  return r.code === 0 ? (/INSTANCE \S+ (MASTER|BACKUP|FAULT|STOP)\b/.exec(r.stdout)?.[1] ?? null) : null;
}
const yieldOf = async (d: D) => (await lab.runOn(d, `cat ${VRRP_YIELD_FILE} 2>/dev/null`)).stdout.trim() || '0';
const states = async () =>
  Object.fromEntries(await Promise.all(DIRECTORS.map(async (d) => [d, `${await vrrp(d)}/${await yieldOf(d)}`] as const)));
const directorId = async (name: D) => (await c.api('GET', 'directors')).find((d: { name: string }) => d.name === name).id as string;

beforeAll(async () => {
  lab = Lab.attach();
  await lab.reset('dr');
  c = await startLabConsole({ LVS_CATCH_UP_RETRY_SECONDS: String(RETRY_SECONDS) });
  await c.loadExample(lab, 'dr');
  authorizeKey((await c.api('GET', 'ssh-key')).publicKey);
  const run = await c.applyNow('Leostream DR');
  expect(run.status, run.error ?? '').toBe('succeeded');
  await waitFor(
    'a MASTER/BACKUP pair',
    async () => {
      const s = await states();
      return s.director1 === 'MASTER/0' && s.director2 === 'BACKUP/0';
    },
    30_000,
    500,
  );
}, 300_000);

afterAll(async () => {
  const said = (c?.server.log() ?? '').split('\n').filter((l) => /vrrp\.yield|leader|catching up|unexpected error/.test(l));
  if (said.length) console.log(`[lab] the console logged:\n${said.slice(-20).join('\n')}`);
  await c?.stop();
}, 120_000);

describe('nothing gets stuck when the console stops or two people press at once', () => {
  it('make-active for director2, the console killed while director1 yields: after a restart both are MASTER/BACKUP and vrrp.yield is 0 on both within 60 s', async () => {
    const d2 = await directorId('director2');
    const asked = Date.now();
    const request = c.call('POST', `directors/${d2}/make-active`).catch(() => null);
    // The moment the failure was seen in: director1 has been told to yield (FAULT), the move is not finished.
    await waitFor('director1 yielding', async () => (await yieldOf('director1')) === '1', 20_000, 100);
    const killedAfter = Date.now() - asked;
    await c.server.kill();
    await request;
    // The broken state the console left: director1 held in FAULT, for good unless someone puts it back.
    await waitFor('director1 in FAULT', async () => (await vrrp('director1')) === 'FAULT', 15_000, 300);
    expect(await yieldOf('director1')).toBe('1');

    const restarted = Date.now();
    await c.server.restart();
    const { ms } = await waitFor(
      'both directors MASTER/BACKUP with vrrp.yield 0',
      async () => {
        const s = await states();
        const pair = [s.director1, s.director2].sort();
        return pair[0] === 'BACKUP/0' && pair[1] === 'MASTER/0' ? s : false;
      },
      60_000,
      1_000,
    );
    console.log(
      `[lab] killed ${(killedAfter / 1000).toFixed(1)} s after the make-active; both fine ${((Date.now() - restarted) / 1000).toFixed(1)} s after the restart began (${(ms / 1000).toFixed(1)} s after it listened)`,
    );
    // The browser's session outlived the restart (same data directory, same user). Said in the audit log, and no banner is left.
    const logs = await c.page.goto(`${c.server.baseURL}/logs?object=Director`);
    expect(logs?.ok()).toBe(true);
    await expect
      .poll(async () => (await c.page.getByRole('row').filter({ hasText: 'reconcile-yield' }).count()) > 0, { timeout: 10_000 })
      .toBe(true);
    const overview = await waitFor(
      'an overview without the no-standby banner',
      async () => {
        const o = await c.api('GET', 'overview?page=1');
        return o.noStandby === null && o.directors.every((d: { reachable: boolean; yielding: boolean }) => d.reachable && !d.yielding)
          ? o
          : false;
      },
      30_000,
      1_000,
    );
    expect(overview.value.directors.map((d: { vrrpState: string }) => d.vrrpState).sort()).toEqual(['BACKUP', 'MASTER']);
  }, 240_000);

  it('two make-actives at once, one per director: one runs, the other gets 409; after 30 s exactly one MASTER and no yield left', async () => {
    const [d1, d2] = await Promise.all([directorId('director1'), directorId('director2')]);
    const answers = await Promise.all([c.call('POST', `directors/${d1}/make-active`), c.call('POST', `directors/${d2}/make-active`)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.body.error.message).toMatch(
      /^Making director[12] active is running \(started .* by loadbalancer, console on .*\); one action changes the directors at a time\./,
    );
    await new Promise((r) => setTimeout(r, 30_000));
    const s = await states();
    expect([s.director1, s.director2].sort(), JSON.stringify(s)).toEqual(['BACKUP/0', 'MASTER/0']);
    const winner = answers.find((a) => a.status === 200)!.body.active as D;
    expect(s[winner]).toBe('MASTER/0');
  }, 120_000);

  it('a director that answers but fails its catch-up is retried at growing intervals, shown with its next try, and caught up once it can be', async () => {
    // director1 misses an apply (it is down), and comes back with a keepalived whose config-test fails.
    await lab.killDirector('director1');
    const services = await c.api('GET', 'virtual-services');
    const gw = services.find((s: { label: string }) => s.label === 'GW_VIP_L4');
    await c.api('PATCH', `virtual-services/${gw.id}`, { version: gw.version, scheduler: 'wrr' });
    const run = await c.applyNow('while director1 is down');
    expect(run.status, run.error ?? '').toBe('succeeded');
    // Its config-test (keepalived --config-test=LOG) writes its complaint to LOG, as keepalived does.
    const refusing = [
      '#!/bin/sh',
      'for a in "$@"; do case "$a" in --config-test=*) echo "lab: this keepalived refuses every configuration" > "${a#--config-test=}"; exit 1;; esac; done',
      'exec /usr/sbin/keepalived "$@"',
    ];
    await lab.mustRun(
      'director1',
      `printf '%s\\n' ${refusing.map(shellQuote).join(' ')} > /usr/local/sbin/keepalived && chmod +x /usr/local/sbin/keepalived`,
    );
    await lab.reviveDirector('director1');

    const catchUps = async () =>
      ((await c.api('GET', 'apply')) as { id: string; comment: string; status: string; startedAt: string; finishedAt: string | null }[])
        .filter((r) => r.comment.startsWith('catch-up: director1'))
        .reverse();
    const { value: failed } = await waitFor(
      'four failed catch-ups',
      async () => {
        const runs = (await catchUps()).filter((r) => r.status === 'failed');
        return runs.length >= 4 ? runs : false;
      },
      120_000,
      1_000,
    );
    // From the end of one failure to the start of the next try: at least 2, 4, 8 s.
    const gaps = failed.slice(1, 4).map((r, i) => (Date.parse(r.startedAt) - Date.parse(failed[i].finishedAt!)) / 1000);
    console.log(`[lab] catch-up retries after ${gaps.map((g) => g.toFixed(1)).join(', ')} s (first retry ${RETRY_SECONDS} s, doubling)`);
    gaps.forEach((g, i) => expect(g, `gap ${i + 1} of ${gaps.join(', ')}`).toBeGreaterThanOrEqual(RETRY_SECONDS * 2 ** i - 0.5));
    // (Each wait is also rounded up to the loop's next tick, every 2 s: compare the third with the first.)
    expect(gaps[2]).toBeGreaterThan(gaps[0] + 2);
    const run1 = await c.api('GET', `apply/${failed[0].id}`);
    expect(run1.error).toMatch(/keepalived --config-test on director1 exited 1: .*lab: this keepalived refuses every configuration/);

    // The overview says so, with when it tries next.
    const d1 = (await c.api('GET', 'overview?page=1')).directors.find((d: { name: string }) => d.name === 'director1');
    expect(d1.catchUp).toMatchObject({
      failures: expect.any(Number),
      nextAt: expect.any(String),
      error: expect.stringMatching(/config-test/),
    });
    expect(d1.catchUp.failures).toBeGreaterThanOrEqual(4);

    // Fixed on the director: the next try catches it up (the revision), and the count is gone.
    await lab.mustRun('director1', 'rm -f /usr/local/sbin/keepalived');
    await waitFor(
      'director1 caught up',
      async () => {
        const o = (await c.api('GET', 'overview?page=1')).directors.find((d: { name: string }) => d.name === 'director1');
        return o.revision === 'in-sync' && o.catchUp === null;
      },
      90_000,
      2_000,
    );
    expect((await catchUps()).at(-1)!.status).toBe('succeeded');
  }, 300_000);
});
