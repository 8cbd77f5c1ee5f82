// One action on the directors at a time, and a catch-up that fails backs off. The director is an SSH
// server on 127.0.0.1 (lib/test/fake-ssh) that answers slowly; nothing here reaches a real machine, and
// no kernel claim is made (the lab proves those).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../test/temp-db';
import { startFakeSsh, type FakeSsh } from '../../test/fake-ssh';
import { getDb } from '../platform/db-client';
import { getConsoleKey } from '../directors/console-key';
import { catchUpBehindDirectors, catchUpRetryDelay, CATCH_UP_RETRY_MS } from './catch-up';
import { fixDrift } from './drift';
import { startApply } from './start';
import { breakClusteredPair } from '../ha/clustered-pair';
import { makeDirectorActive } from '../ha/make-active';
import { currentRendering } from '../config/rendering';
import { exportConfiguration } from '../config/backup';
import { restoreConfiguration } from '../config/restore';
import { dropAllDirectorSessions } from '../directors/sessions';
import { leaseHolder } from '../platform/lease';

let ssh: FakeSsh;
let slowMkdirMs = 0;

beforeAll(async () => {
  await useTempDatabase();
  // The status read answers (the director "is up"); the apply's first command waits, then the upload fails
  // (this server has no SFTP): an apply that takes a while, then fails before anything changed.
  ssh = await startFakeSsh(async (command) => {
    if (command.startsWith('mkdir -p')) await new Promise((r) => setTimeout(r, slowMkdirMs));
    return command.includes('@@vrrp') ? '@@vrrp\n@@run\n@@addr\n@@yield\n@@end\n' : '';
  });
  const d = ssh.director('x', 'director1');
  await restoreConfiguration({
    document: {
      format: 'lvs-console/1',
      virtualServices: [],
      floatingIps: [],
      directors: [{ name: 'director1', host: d.host, port: d.port, hostKeyFingerprint: d.hostKeyFingerprint }],
    },
    actor: 'test',
  });
  await getConsoleKey();
});

afterAll(async () => {
  dropAllDirectorSessions();
  await ssh.close();
});

describe('the directors lock', () => {
  it('while an apply runs, a second apply, a make-active, a drift fix and a break pair get 409 naming it; then it is free', async () => {
    slowMkdirMs = 1_500;
    const first = await startApply({ comment: 'slow', actor: 'alice' });
    const conflict = expect.objectContaining({
      code: 'CONFLICT',
      message: expect.stringMatching(
        /^An apply is running \(started \d\d:\d\d:\d\d UTC by alice, console on .*\(pid \d+\)\); one action changes the directors at a time\. Try again when it has finished\./,
      ),
    });
    const d1 = await getDb().director.findFirstOrThrow({ where: { name: 'director1' } });
    await expect(startApply({ comment: 'second', actor: 'bob' })).rejects.toEqual(conflict);
    await expect(makeDirectorActive({ id: d1.id, actor: 'bob' })).rejects.toEqual(conflict);
    await expect(fixDrift({ id: d1.id, actor: 'bob' })).rejects.toEqual(conflict);
    await expect(breakClusteredPair({ actor: 'bob' })).rejects.toEqual(conflict);
    expect(await leaseHolder('directors')).toMatchObject({ what: 'an apply', actor: 'alice' });
    const run = await first.done;
    expect(run.status).toBe('failed');
    expect(await leaseHolder('directors')).toBeNull();
    expect(await getDb().applyRun.count({ where: { status: 'running' } })).toBe(0);
    slowMkdirMs = 0;
  });

  it('a run a stopped console left "running" is closed by the next action that takes the lock', async () => {
    const stale = await getDb().applyRun.create({ data: { actor: 'gone', comment: 'the console died here' } });
    await getDb().applyStep.create({ data: { applyRunId: stale.id, seq: 1, name: 'reload', status: 'running' } });
    await (
      await startApply({ comment: 'next', actor: 'alice' })
    ).done;
    const closed = await getDb().applyRun.findUniqueOrThrow({ where: { id: stale.id }, include: { steps: true } });
    expect(closed).toMatchObject({
      status: 'failed',
      error: 'Interrupted: the console stopped during this apply. Check the directors, then apply again.',
    });
    expect(closed.steps[0]).toMatchObject({ status: 'failed', output: 'This step did not finish: the console stopped here.' });
  });
});

describe('catch-up of a director that answers but fails', () => {
  it('waits twice as long after each failure (to 15 minutes), says when it tries next, and the CLI can try at once', async () => {
    expect([1, 2, 3, 4, 10, 30].map((n) => catchUpRetryDelay(n, 15_000) / 1000)).toEqual([15, 30, 60, 120, 900, 900]);
    const { rendered, hash } = await currentRendering();
    await getDb().configRevision.create({
      data: { hash, artefacts: JSON.stringify(rendered.directors), snapshot: JSON.stringify(await exportConfiguration()), actor: 'test' },
    });
    await getDb().director.updateMany({ data: { appliedHash: 'an older revision' } });

    const t0 = Date.now();
    const [run] = await catchUpBehindDirectors('console');
    expect(run).toMatchObject({ status: 'failed', comment: expect.stringMatching(/^catch-up: director1 to the revision of /) });
    let d = await getDb().director.findFirstOrThrow({ where: { name: 'director1' } });
    expect(d.catchUpFailures).toBe(1);
    expect(d.catchUpNextAt!.getTime() - t0).toBeGreaterThanOrEqual(CATCH_UP_RETRY_MS - 50);
    expect(d.catchUpError).toMatch(/^director1: /);
    expect(d.stateUnknownSince).toBeNull(); // it failed before anything was swapped: nothing unknown

    // Before its time the loop leaves it alone (no run); the CLI's "now" tries at once.
    expect(await catchUpBehindDirectors('console')).toEqual([]);
    const [again] = await catchUpBehindDirectors('cli:root', { now: true });
    expect(again.status).toBe('failed');
    d = await getDb().director.findFirstOrThrow({ where: { name: 'director1' } });
    expect(d.catchUpFailures).toBe(2);
    expect(d.catchUpNextAt!.getTime() - Date.now()).toBeGreaterThan(2 * CATCH_UP_RETRY_MS - 5_000);
    expect(await getDb().applyRun.count({ where: { comment: { startsWith: 'catch-up' } } })).toBe(2);
  });
});
