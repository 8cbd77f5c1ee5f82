// The state files' writes run for real (the shell and awk a director runs) in a folder of this test,
// and an apply that fails at verify is rolled back: the folder ends as the apply found it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATE_DIR, STATE_VALUES } from '../render/state-files';
import { DIRECTOR_PATHS } from '../render/model';
import { readStateFiles, restoreStateFiles, writeStateFiles } from './live-state';
import { applyToDirector, ApplyStepError } from './apply';
import type { DirectorSession, ExecResult } from './transport';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-state-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the commands that touch the state folder in bash here (the folder moved to this test's); answers the others as a director whose table never matches. */
class LocalStateDirector implements DirectorSession {
  readonly target = { name: 'local1', host: '127.0.0.1', port: 22, user: 'root', hostKeyFingerprint: null };
  async exec(command: string, opts: { stdin?: string | Buffer } = {}): Promise<ExecResult> {
    if (command.includes(STATE_DIR) && !command.includes('keepalived --config-test')) {
      const r = spawnSync('bash', ['-c', command.split(STATE_DIR).join(dir)], { input: opts.stdin ?? '', encoding: 'utf8' });
      return Promise.resolve({ code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr });
    }
    if (command.includes('keepalived --config-test')) return Promise.resolve({ code: 0, stdout: 'exit=0\n', stderr: '' });
    return Promise.resolve({ code: 0, stdout: '', stderr: '' }); // ipvsadm -Sn: an empty table, so verify fails
  }
  async writeFiles(): Promise<void> {}
  async rename(): Promise<void> {}
}

const files = () =>
  Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8').trim()]),
  );

describe('the state files on a director', () => {
  it('drain and halt write a file each, online removes it, and each change says what was there', async () => {
    const conn = new LocalStateDirector();
    const first = await writeStateFiles(conn, { 'fw1-10_0_0_1.state': STATE_VALUES.drain, 'fw1-10_0_0_2.state': STATE_VALUES.halt });
    expect(files()).toEqual({ 'fw1-10_0_0_1.state': '-65535', 'fw1-10_0_0_2.state': '-2147483648' });
    expect(first).toEqual([
      { name: 'fw1-10_0_0_1.state', before: null },
      { name: 'fw1-10_0_0_2.state', before: null },
    ]);
    // The same again writes nothing (keepalived reacts to every write).
    expect(await writeStateFiles(conn, { 'fw1-10_0_0_1.state': STATE_VALUES.drain })).toEqual([]);
    expect(await writeStateFiles(conn, { 'fw1-10_0_0_1.state': null })).toEqual([{ name: 'fw1-10_0_0_1.state', before: '-65535' }]);
    expect(await readStateFiles(conn)).toEqual({ 'fw1-10_0_0_2.state': '-2147483648' });
  });

  it('an exact write (an apply) removes every other state file and the older console’s two files per real server', async () => {
    fs.writeFileSync(path.join(dir, 'fw9-10_0_0_9.state'), '-65535\n');
    fs.writeFileSync(path.join(dir, 'fw1-10_0_0_1.drain'), '0\n');
    fs.writeFileSync(path.join(dir, 'fw1-10_0_0_1.halt'), '1\n');
    fs.writeFileSync(path.join(dir, 'vrrp.yield'), '0\n');
    const conn = new LocalStateDirector();
    const changes = await writeStateFiles(conn, { 'fw1-10_0_0_1.state': STATE_VALUES.halt }, { exact: true });
    expect(files()).toEqual({ 'fw1-10_0_0_1.state': '-2147483648', 'vrrp.yield': '0' });
    // What mattered is said (for a rollback); a legacy file holding 0 meant online and is simply gone.
    expect(changes.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'fw1-10_0_0_1.halt', before: '1' },
      { name: 'fw1-10_0_0_1.state', before: null },
      { name: 'fw9-10_0_0_9.state', before: '-65535' },
    ]);
    await restoreStateFiles(conn, changes);
    expect(files()).toEqual({ 'fw1-10_0_0_1.halt': '1', 'fw9-10_0_0_9.state': '-65535', 'vrrp.yield': '0' });
  });

  it('refuses a name or a value that is not a state file’s, before anything runs', async () => {
    const conn = new LocalStateDirector();
    await expect(writeStateFiles(conn, { '../../etc/passwd': '1' })).rejects.toThrow(/not a state file/);
    await expect(writeStateFiles(conn, { 'fw1-10_0_0_1.state': '1; rm -rf /' })).rejects.toThrow(/not a state file/);
    expect(files()).toEqual({});
  });

  it('an apply that fails at verify and is rolled back leaves the state files as it found them', async () => {
    fs.writeFileSync(path.join(dir, 'fw1-10_0_0_1.state'), '-65535\n');
    const conn = new LocalStateDirector();
    const wanted = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`fw2-10_0_${i >> 8}_${i & 255}.state`, STATE_VALUES.drain]));
    const err = await applyToDirector(
      conn,
      { [DIRECTOR_PATHS.keepalived]: 'global_defs {}\n' },
      ['-A -t 10.0.0.1:80 -s wlc'],
      async () => undefined,
      {
        verifyTimeoutMs: 10,
        stateFiles: wanted,
      },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplyStepError);
    expect(err).toMatchObject({ step: 'verify', outcome: 'rolled-back' });
    expect(files()).toEqual({ 'fw1-10_0_0_1.state': '-65535' });
  });
});
