// Several consoles and people at once: two applies pressed together make one run (the directors lock is in
// the database, so this holds across consoles, on SQLite and PostgreSQL alike); two consoles on one
// PostgreSQL elect exactly one leader, and a leader that dies is replaced. The director here is a TCP
// port on 127.0.0.1 that accepts and says nothing (the apply waits for it, then fails): no real machine.
import net from 'node:net';
import { request as pwRequest } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { ADMIN_PASSWORD, startConsole, type ConsoleServer } from '../lib/test/console-server';
import { freePort } from '../lib/runtime/free-port';
import { createScratchDatabase } from '../lib/tools/pg-scratch';

/** A "director" that takes the TCP connection and holds it for `ms`, then closes it. */
async function silentDirector(ms: number): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    setTimeout(() => s.destroy(), ms).unref();
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    port,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const health = async (c: ConsoleServer) => {
  const ctx = await pwRequest.newContext({ ignoreHTTPSErrors: true });
  try {
    return (await (await ctx.get(`${c.baseURL}/api/health`)).json()) as { status: string; leader: boolean };
  } finally {
    await ctx.dispose();
  }
};

test('two applies at once: one starts (202), the other is refused (409) naming it; the next apply runs once the first ended', async ({
  api,
  emptyConfig: _,
}) => {
  const director = await silentDirector(3_000);
  try {
    const add = await api.post('directors', {
      data: { name: 'director1', host: '127.0.0.1', port: director.port, hostKeyFingerprint: `SHA256:${'A'.repeat(43)}` },
    });
    expect(add.status()).toBe(201);
    const [a, b] = await Promise.all([
      api.post('apply', { data: { comment: 'first' } }),
      api.post('apply', { data: { comment: 'second' } }),
    ]);
    expect([a.status(), b.status()].sort()).toEqual([202, 409]);
    const loser = a.status() === 409 ? a : b;
    expect((await loser.json()).error).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(
        /^An apply is running \(started \d\d:\d\d:\d\d UTC by api-key:e2e-\d+, console on .*\); one action changes the directors at a time\./,
      ),
    });
    const { id } = await (a.status() === 202 ? a : b).json();
    await expect.poll(async () => (await (await api.get(`apply/${id}`)).json()).status, { timeout: 40_000 }).toBe('failed');
    const runs = await (await api.get('apply')).json();
    expect(runs.filter((r: { comment: string }) => r.comment === 'first' || r.comment === 'second')).toHaveLength(1);
    // The lock was released when the run ended.
    const next = await api.post('apply', { data: { comment: 'third' } });
    expect(next.status()).toBe(202);
    const third = await next.json();
    await expect.poll(async () => (await (await api.get(`apply/${third.id}`)).json()).status, { timeout: 40_000 }).not.toBe('running');
  } finally {
    await director.close();
  }
});

test('two consoles on one PostgreSQL: exactly one leads; when it dies the other leads within a minute', async () => {
  test.skip(!process.env.LVS_TEST_POSTGRES, 'needs PostgreSQL (npm test runs it in its PostgreSQL pass)');
  test.setTimeout(120_000);
  const url = await createScratchDatabase(process.env.LVS_TEST_POSTGRES!, 'lvs_e2e');
  const a = await startConsole({ LVS_ADMIN_PASSWORD: ADMIN_PASSWORD, DATABASE_URL: url });
  const b = await startConsole({ DATABASE_URL: url });
  try {
    await expect.poll(async () => [(await health(a)).leader, (await health(b)).leader], { timeout: 15_000 }).toEqual([true, false]);
    // Still one after a few election rounds (every 10 s).
    await new Promise((r) => setTimeout(r, 12_000));
    expect([(await health(a)).leader, (await health(b)).leader]).toEqual([true, false]);
    expect(b.log()).not.toContain('this console is the leader');

    const t0 = Date.now();
    await a.kill();
    await expect.poll(async () => (await health(b)).leader, { timeout: 60_000, intervals: [1_000] }).toBe(true);
    console.log(`[e2e] the second console led ${((Date.now() - t0) / 1000).toFixed(1)} s after the leader was killed`);
    expect(b.log()).toContain('this console is the leader');
  } finally {
    await a.stop();
    await b.stop();
  }
});
