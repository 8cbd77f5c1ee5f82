// A director that answers slowly is shown slow, never unreachable: an SSH server on 127.0.0.1 (ssh2)
// takes longer over the status read than the console allows, but answers a one-word check at once.
// The read is left to finish and the next poll takes it; a director that answers nothing at all is
// unreachable. (Made-up output: what a director's kernel holds is proven in the lab.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../test/temp-db';
import { startFakeSsh, type FakeSsh } from '../../test/fake-ssh';
import { dropAllDirectorSessions } from '../directors/sessions';
import { readDirector, readDeadlineMs } from './director-read';
import { pollerState } from './poller-state';
import type { Director } from '../generated/prisma/client';

let ssh: FakeSsh;
let readMs = 0;
let silent = false;
const never = new Promise<string>(() => undefined);
const SNAPSHOT = '@@proc\nTCP  C0A862EE:01BB wlc\n  -> C0A862E7:01BB      Route   100    2          0\n@@stats\n@@end\n';

beforeAll(async () => {
  process.env.LVS_STATUS_READ_MIN_SECONDS = '1';
  await useTempDatabase();
  ssh = await startFakeSsh((command) => {
    if (silent) return never;
    if (command === 'echo ok') return 'ok\n';
    if (command.includes('@@proc')) return new Promise((r) => setTimeout(() => r(SNAPSHOT), readMs));
    return '';
  });
});

afterAll(async () => {
  delete process.env.LVS_STATUS_READ_MIN_SECONDS;
  dropAllDirectorSessions();
  await ssh.close();
});

const director = (id: string) => ssh.director(id, `director-${id}`) as unknown as Director;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a director read sized to its table', () => {
  it('a read that takes longer than allowed while the director answers: slow, the read left to finish, taken by the next poll', async () => {
    readMs = 2_500;
    await readDirector(director('slow1'), {}, false);
    const slow = pollerState.states.get('slow1')!;
    expect(slow).toMatchObject({ reachable: true, error: null });
    expect(slow.slowSeconds).toBeGreaterThanOrEqual(1);
    expect(slow.inflight).toBeDefined();
    await sleep(2_000);
    await readDirector(director('slow1'), {}, false);
    const done = pollerState.states.get('slow1')!;
    expect(done).toMatchObject({ reachable: true, slowSeconds: null });
    expect(done.snapshot?.services[0].realServers[0]).toMatchObject({ address: '192.168.98.231:443', activeConnections: 2 });
    expect(ssh.stats.commands.filter((c) => c.includes('@@proc'))).toHaveLength(1); // waited for, not asked again
    // Its next read may take four times as long as this one did.
    expect(readDeadlineMs(done)).toBeGreaterThanOrEqual(4 * 2_500);
  });

  it('a director that answers nothing, not even the check, is unreachable and says for how long it was asked', async () => {
    silent = true;
    await readDirector(director('gone1'), {}, false);
    expect(pollerState.states.get('gone1')).toMatchObject({
      reachable: false,
      error: 'director-gone1 did not answer the status read within 1 s, nor a check after it.',
    });
    silent = false;
  });
});
