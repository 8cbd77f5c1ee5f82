// How the console reaches the lab's directors: the CLI's status and authorize-key, and real SSH.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Lab } from './lab';
import { PROJECT_ROOT } from './vm';

const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const labCli = (...args: string[]) =>
  spawnSync(TSX, [path.join(PROJECT_ROOT, 'lib/lab/cli.ts'), ...args], { encoding: 'utf8', timeout: 60_000 });

let lab: Lab;
beforeAll(async () => {
  lab = Lab.attach();
  await lab.reset('dr'); // every lab file starts from a whole pair (none resets at its end)
}, 120_000);

describe('reaching the directors', () => {
  it('status --json gives each director’s SSH address, port, user and host-key fingerprint', () => {
    const r = labCli('status', '--json');
    expect(r.status, r.stderr).toBe(0);
    const status = JSON.parse(r.stdout);
    expect(status.running).toBe(true);
    expect(status.directors.map((d: { name: string }) => d.name)).toEqual(['director1', 'director2']);
    for (const d of status.directors) {
      expect(d).toMatchObject({
        host: '127.0.0.1',
        user: 'root',
        port: expect.any(Number),
        hostKeyFingerprint: expect.stringMatching(/^SHA256:[A-Za-z0-9+/]{43}$/),
      });
    }
    expect(status.directors[0].hostKeyFingerprint).not.toBe(status.directors[1].hostKeyFingerprint);
  });

  it('authorize-key lets a new key (the console’s) log in to both directors as root, checked against the pinned host key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-labkey-'));
    const key = path.join(dir, 'id');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'console-under-test', '-f', key]);
    const status = JSON.parse(labCli('status', '--json').stdout);
    const sshAs = (d: { port: number; hostKeyFingerprint: string }, trust: string) =>
      spawnSync(
        'ssh',
        [
          '-F',
          '/dev/null',
          '-i',
          key,
          '-o',
          'IdentitiesOnly=yes',
          '-o',
          'BatchMode=yes',
          '-o',
          'StrictHostKeyChecking=yes',
          '-o',
          `UserKnownHostsFile=${trust}`,
          '-p',
          String(d.port),
          'root@127.0.0.1',
          'id -un; ipvsadm -Ln | head -1',
        ],
        { encoding: 'utf8', timeout: 30_000 },
      );
    // Pin the host keys the way an admin would: ssh-keyscan, then compare the fingerprint with status.
    const known = path.join(dir, 'known_hosts');
    for (const d of status.directors) {
      const scanned = execFileSync('ssh-keyscan', ['-t', 'ed25519', '-p', String(d.port), '127.0.0.1'], { encoding: 'utf8' });
      fs.appendFileSync(known, scanned);
      const fp = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', '-'], { input: scanned, encoding: 'utf8' }).split(' ')[1];
      expect(fp).toBe(d.hostKeyFingerprint);
    }
    expect(sshAs(status.directors[0], known).status, 'not yet authorised').not.toBe(0);
    const auth = labCli('authorize-key', fs.readFileSync(`${key}.pub`, 'utf8').trim());
    expect(auth.status, auth.stderr).toBe(0);
    for (const d of status.directors) {
      const r = sshAs(d, known);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('root');
      expect(r.stdout).toContain('IP Virtual Server version');
    }
    expect(labCli('authorize-key', 'not a key').stderr).toContain('not an OpenSSH public key');
  });

  it('ssh <node> runs a command on that node; each director has its own /etc/keepalived', async () => {
    const r = labCli('ssh', 'gw1', 'ip -4 -o addr show dev eth0');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('192.168.98.231/24');
    await lab.mustRun('director1', 'echo one > /etc/keepalived/marker');
    expect((await lab.runOn('director2', 'cat /etc/keepalived/marker')).code).not.toBe(0);
    expect((await lab.mustRun('director1', 'cat /etc/keepalived/marker')).trim()).toBe('one');
  });

  it('killDirector is a real crash: its processes are gone and its links are down', async () => {
    await lab.mustRun('director2', 'sleep 300 </dev/null >/dev/null 2>&1 &');
    await lab.killDirector('director2');
    expect((await lab.vm('ip netns pids director2')).stdout.trim()).toBe('');
    expect((await lab.runOn('client', 'busybox ping -c1 -W1 192.168.98.22')).code).not.toBe(0);
    expect((await lab.runOn('client', 'busybox ping -c1 -W1 192.168.98.21')).code).toBe(0);
    // Nor does it answer SSH, as the console reaches it.
    const access = lab.directors().find((d) => d.name === 'director2')!;
    const scan = spawnSync('ssh-keyscan', ['-T', '5', '-t', 'ed25519', '-p', String(access.port), '127.0.0.1'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(scan.stdout).not.toContain('ssh-ed25519');
  });
});
