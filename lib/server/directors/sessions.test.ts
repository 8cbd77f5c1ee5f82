// The work on one director's shared SSH connection is bounded: an SSH server on 127.0.0.1 (ssh2) counts
// the channels open at once while reads and the poller's commands pile up. A flood of reads is refused
// with 429 and Retry-After-seconds, the poller's lane still gets through, and the connection stays the
// one connection it was. A command that sends too much output is cut off with a clear error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../test/temp-db';
import { startFakeSsh, type FakeSsh } from '../../test/fake-ssh';
import { dropAllDirectorSessions, MAX_CHANNELS_PER_DIRECTOR, withDirectorSession } from './sessions';
import { AppError } from '../platform/errors';
import { DirectorError } from '../../director/errors';

let ssh: FakeSsh;

beforeAll(async () => {
  await useTempDatabase();
  ssh = await startFakeSsh((command) => {
    const [cmd, arg] = command.split(' ');
    if (cmd === 'sleep') return new Promise((r) => setTimeout(() => r('slept\n'), Number(arg)));
    if (cmd === 'flood') return 'x'.repeat(Number(arg));
    return '';
  });
});

afterAll(async () => {
  dropAllDirectorSessions();
  await ssh.close();
});

const director = () => ssh.director('d1', 'director1');
const run = (command: string, lane: 'high' | 'read' = 'high', maxOutputBytes?: number) =>
  withDirectorSession(director(), (c) => c.exec(command, { maxOutputBytes }).then((r) => r.stdout), { lane });

describe('SSH work per director', () => {
  it('at most 4 commands at once; past 2 running and 4 waiting, reads get 429 with when to try again, the poller still gets through', async () => {
    const reads = Array.from({ length: 10 }, () =>
      run('sleep 300', 'read').then(
        (out) => out,
        (err) => err,
      ),
    );
    const polls = Array.from({ length: 3 }, () => run('sleep 300', 'high'));
    const results = await Promise.all(reads);
    expect(await Promise.all(polls)).toEqual(['slept\n', 'slept\n', 'slept\n']);
    const refused = results.filter((r) => r instanceof AppError);
    expect(results.filter((r) => r === 'slept\n')).toHaveLength(6);
    expect(refused).toHaveLength(4);
    expect(refused[0]).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 2,
      message: expect.stringMatching(
        /^director1 is busy with other reads \(2 running, 4 waiting\); nothing was asked of it\. Try again in 2 s\.$/,
      ),
    });
    expect(ssh.stats.mostOpen).toBe(MAX_CHANNELS_PER_DIRECTOR);
    expect(ssh.stats.connections).toBe(1); // one shared connection, never one per read
  });

  it('a command that sends more than its cap is cut off, says so, and the connection serves the next command', async () => {
    const err = await run('flood 300000', 'read', 100_000).catch((e) => e);
    expect(err).toBeInstanceOf(DirectorError);
    expect(err.message).toMatch(/^director1: `flood` sent more than 98 kB of output; the console stopped reading it/);
    expect(await run('sleep 1')).toBe('slept\n');
    expect(ssh.stats.connections).toBe(1);
  });
});
