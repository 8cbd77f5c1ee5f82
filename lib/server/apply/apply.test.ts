// An apply always ends: whatever fails after its run is created, the run is marked failed with the
// reason, no step stays "running", and the next apply can start. The director is a fake on 127.0.0.1
// (a port nothing listens on): these tests never reach a real machine.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../test/temp-db';
import { freePort } from '../../runtime/free-port';
import { createDirector } from '../directors/directors';
import { getConsoleKey } from '../directors/console-key';
import { startApply } from './start';
import { getDb } from '../platform/db-client';

let dataDir: string;

beforeAll(async () => {
  dataDir = (await useTempDatabase()).dir;
  const port = await freePort();
  await createDirector({
    input: { name: 'director1', host: '127.0.0.1', port, hostKeyFingerprint: `SHA256:${'A'.repeat(43)}` },
    actor: 'test',
  });
  await getConsoleKey(); // the key pair exists and is sealed with <data>/secrets.key
});

describe('an apply that fails before it reaches any director', () => {
  it('with secrets.key gone from the data directory: the run ends failed saying why, and the next apply runs', async () => {
    const keyFile = path.join(dataDir, 'secrets.key');
    const saved = fs.readFileSync(keyFile);
    fs.rmSync(keyFile);

    const first = await startApply({ comment: 'without the key', actor: 'test' });
    const failed = await first.done;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(
      /SSH key cannot be unsealed: .*secrets\.key is missing\. Put back the secrets\.key of this data directory/,
    );
    expect(failed.finishedAt).not.toBeNull();
    expect(await getDb().applyRun.count({ where: { status: 'running' } })).toBe(0);
    // The key was not silently replaced by a new one (which would never open the stored secret).
    expect(fs.existsSync(keyFile)).toBe(false);

    fs.writeFileSync(keyFile, saved, { mode: 0o600 });
    const second = await startApply({ comment: 'key restored', actor: 'test' });
    const run = await second.done;
    // It ran: it got as far as connecting (nothing listens on that port), and ended too.
    expect(run.steps.map((s) => `${s.director}:${s.name}:${s.status}`)).toEqual(['director1:connect:failed']);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/^director1: Cannot reach director1 at 127\.0\.0\.1:\d+/);
    const audit = await getDb().auditEvent.findMany({ where: { action: 'apply-failed' }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => a.objectId)).toEqual([first.id, second.id]);
  });
});

describe('an apply to a pair', () => {
  it('skips a director it cannot reach, and fails only when it reaches none (saying which and why)', async () => {
    const d1 = await getDb().director.findFirstOrThrow({ where: { name: 'director1' } });
    await getDb().director.update({ where: { id: d1.id }, data: { vrrpAddress: '192.168.98.21' } });
    await createDirector({
      input: {
        name: 'director2',
        role: 'secondary',
        host: '127.0.0.1',
        port: await freePort(),
        vrrpAddress: '192.168.98.22',
        hostKeyFingerprint: `SHA256:${'B'.repeat(43)}`,
      },
      actor: 'test',
    });
    const run = await (await startApply({ comment: 'both down', actor: 'test' })).done;
    // Secondary first; each one skipped with the reason, none behind a failed step.
    expect(run.steps.map((s) => `${s.director}:${s.name}:${s.status}`)).toEqual(['director2:connect:skipped', 'director1:connect:skipped']);
    expect(run.steps[0].output).toMatch(
      /^director2 could not be reached \(Cannot reach director2 at 127\.0\.0\.1:\d+.*\); it was skipped and is behind until it is brought up to date\.$/,
    );
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/^No director could be reached: director2 could not be reached .* director1 could not be reached/);
    expect(await getDb().configRevision.count()).toBe(0); // nothing was applied, so no revision
  });
});
