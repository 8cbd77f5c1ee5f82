// Every branch of the apply pipeline against a scripted director: a failure in each step, the
// connection lost before and after the swap, and a rollback that fails. What is checked is what an
// admin sees: which step failed, whether the director runs the old files, the new ones, or nobody
// knows, and that no step is left "running".
import { describe, expect, it } from 'vitest';
import { applyToDirector, ApplyStepError, type StepEvent, type StepName } from './apply';
import { DirectorError } from './errors';
import type { DirectorSession, ExecResult } from './transport';
import { DIRECTOR_PATHS } from '../render/model';

const ARTEFACTS = {
  [DIRECTOR_PATHS.keepalived]: 'global_defs {}\n',
  [DIRECTOR_PATHS.nftMarks]: 'table inet lvs_console {}\n',
  [DIRECTOR_PATHS.sysctl]: 'net.ipv4.vs.expire_nodest_conn = 1\n',
};
const STATE = { 'fw1-192_168_98_231.state': '-65535' };
const TABLE = ['-A -t 192.168.98.238:443 -s wlc', '-a -t 192.168.98.238:443 -r 192.168.98.231:443 -g -w 100'];

type Fault = 'fail' | 'drop';

/** Which command (or SFTP call) belongs to which step, as the pipeline sends them. */
const STEP_OF: [StepName, RegExp][] = [
  ['config-test', /^mkdir -p '\/var\/lib\/lvs-console'; .*keepalived --config-test/],
  ['nft-check', /^nft -c -f /],
  ['backup', /^rm -rf '\/var\/lib\/lvs-console\/previous'/],
  ['state', /^mkdir -p '\/var\/lib\/lvs-console\/state'/],
  ['sysctl', /^sysctl -q -p /],
  ['marks', /^nft -f /],
  ['reload', /systemctl reload keepalived; else systemctl start keepalived; fi$/],
  ['verify', /^ipvsadm -Sn$/],
  ['rollback', /^for f in .*\.lvs-old/],
];

class FakeDirector implements DirectorSession {
  readonly target = { name: 'fake1', host: '127.0.0.1', port: 22, user: 'root', hostKeyFingerprint: null };
  readonly commands: string[] = [];
  renamed = 0;
  private dead = false;

  constructor(
    private readonly faults: Partial<Record<StepName, Fault>> = {},
    private readonly checkScripts: string[] = [],
  ) {}

  private hit(step: StepName) {
    if (this.dead) throw new DirectorError('dropped', 'the SSH connection to fake1 dropped (socket closed); nothing more was done there.');
    const fault = this.faults[step];
    if (fault === 'drop') {
      this.dead = true;
      throw new DirectorError('dropped', `the SSH connection to fake1 dropped (during ${step}); nothing more was done there.`);
    }
    return fault === 'fail';
  }

  async exec(command: string): Promise<ExecResult> {
    if (this.dead) throw new DirectorError('dropped', 'the SSH connection to fake1 dropped (socket closed); nothing more was done there.');
    this.commands.push(command);
    const scripts = /^for s in ((?:'\/usr\/local\/lib\/lvs-console\/checks\/[^']+' ?)+); do/.exec(command);
    if (scripts) {
      const missing = [...scripts[1].matchAll(/'([^']+)'/g)]
        .map((m) => m[1])
        .filter((p) => !this.checkScripts.includes(p.split('/').pop()!));
      return { code: 0, stdout: missing.map((p) => `missing=${p}\n`).join(''), stderr: '' };
    }
    const step = STEP_OF.find(([, re]) => re.test(command))?.[0];
    if (!step) return { code: 0, stdout: '', stderr: '' };
    const failing = this.hit(step);
    if (step === 'config-test') return { code: 0, stdout: failing ? 'exit=1\nsimulated: bad keyword\n' : 'exit=0\n', stderr: '' };
    if (step === 'verify')
      return { code: 0, stdout: (failing ? [...TABLE, '-A -t 10.9.9.9:80 -s rr'] : TABLE).join('\n') + '\n', stderr: '' };
    return failing ? { code: 1, stdout: '', stderr: `simulated ${step} failure` } : { code: 0, stdout: 'ok\n', stderr: '' };
  }

  async writeFiles(): Promise<void> {
    if (this.hit('upload')) throw new DirectorError('command', 'fake1: writing failed: Permission denied');
  }

  async rename(): Promise<void> {
    if (this.hit('install')) throw new DirectorError('command', 'fake1: renaming failed: simulated');
    this.renamed++;
  }
}

async function run(faults: Partial<Record<StepName, Fault>>) {
  const conn = new FakeDirector(faults);
  const events: StepEvent[] = [];
  let error: ApplyStepError | undefined;
  try {
    await applyToDirector(conn, ARTEFACTS, TABLE, async (e) => void events.push(e), { verifyTimeoutMs: 50, stateFiles: STATE });
  } catch (err) {
    if (!(err instanceof ApplyStepError)) throw err;
    error = err;
  }
  // Every step that started has ended (none is left "running").
  const open = new Set<string>();
  for (const e of events) {
    if (e.status === 'running') open.add(e.name);
    else open.delete(e.name);
  }
  const steps = events.filter((e) => e.status !== 'running').map((e) => `${e.name}:${e.status}`);
  return { conn, error, steps, open: [...open] };
}

const BEFORE_SWAP: StepName[] = ['upload', 'config-test', 'nft-check', 'backup'];
const AFTER_SWAP: StepName[] = ['install', 'state', 'sysctl', 'marks', 'reload', 'verify'];

describe('the apply pipeline on one director', () => {
  it('runs every step in order when nothing fails', async () => {
    const r = await run({});
    expect(r.error).toBeUndefined();
    expect(r.steps).toEqual(
      ['upload', 'config-test', 'nft-check', 'backup', 'install', 'state', 'sysctl', 'marks', 'reload', 'verify'].map(
        (s) => `${s}:succeeded`,
      ),
    );
    // The state files go through stdin to one shell loop, never on a command line.
    expect(r.conn.commands.find((c) => c.includes('/var/lib/lvs-console/state'))).not.toContain('fw1-192_168_98_231');
    expect(r.conn.renamed).toBe(3);
  });

  it.each(BEFORE_SWAP)('a failure in %s leaves the previous files in place and removes the staged ones', async (step) => {
    const r = await run({ [step]: 'fail' });
    expect(r.error).toMatchObject({ step, outcome: 'unchanged' });
    expect(r.steps.at(-1)).toBe(`${step}:failed`);
    expect(r.steps).not.toContain('rollback:succeeded');
    expect(r.conn.renamed).toBe(0);
    expect(r.conn.commands.at(-1)).toMatch(/^rm -f '\/etc\/keepalived\/keepalived\.conf\.lvs-new' /);
    expect(r.open).toEqual([]);
  });

  it.each(AFTER_SWAP)('a failure in %s after the swap restores the previous files and says so', async (step) => {
    const r = await run({ [step]: 'fail' });
    expect(r.error).toMatchObject({ step, outcome: 'rolled-back', rolledBack: true });
    expect(r.steps.slice(-2)).toEqual([`${step}:failed`, 'rollback:succeeded']);
    expect(r.open).toEqual([]);
  });

  it('the connection lost before the swap: the director keeps its files, nothing more is tried', async () => {
    const r = await run({ 'config-test': 'drop' });
    expect(r.error).toMatchObject({ step: 'config-test', outcome: 'unchanged' });
    expect(r.error!.cause).toBeInstanceOf(DirectorError);
    expect(r.steps.at(-1)).toBe('config-test:failed');
    expect(r.open).toEqual([]);
  });

  it.each(['sysctl', 'reload'] as StepName[])(
    'the connection lost in %s after the swap: no rollback over a dead link, the state is unknown, the failing step is named',
    async (step) => {
      const r = await run({ [step]: 'drop' });
      expect(r.error).toMatchObject({ step, outcome: 'unknown' });
      expect(r.error!.message).toMatch(/dropped .* the state of fake1 is unknown\. Run a drift check/);
      expect(r.steps.at(-1)).toBe(`${step}:failed`);
      expect(r.steps.some((s) => s.startsWith('rollback'))).toBe(false);
      expect(r.open).toEqual([]);
    },
  );

  it('a rollback that fails leaves the state unknown and still names the step that failed first', async () => {
    const r = await run({ marks: 'fail', rollback: 'fail' });
    expect(r.error).toMatchObject({ step: 'marks', outcome: 'unknown' });
    expect(r.error!.message).toMatch(/Loading the firewall marks failed .* Restoring the previous files failed too .* unknown/);
    expect(r.steps.slice(-2)).toEqual(['marks:failed', 'rollback:failed']);
    expect(r.open).toEqual([]);
  });

  it('the connection lost during the rollback: unknown, and the rollback step ends failed', async () => {
    const r = await run({ verify: 'fail', rollback: 'drop' });
    expect(r.error).toMatchObject({ step: 'verify', outcome: 'unknown' });
    expect(r.steps.slice(-2)).toEqual(['verify:failed', 'rollback:failed']);
    expect(r.open).toEqual([]);
  });

  it('refuses to go on when an external check script is missing on the director, saying where to put it', async () => {
    const conn = new FakeDirector({}, ['gw-check.sh']);
    const events: StepEvent[] = [];
    const err = await applyToDirector(conn, ARTEFACTS, TABLE, async (e) => void events.push(e), {
      checkScripts: ['gw-check.sh', 'broker-check.sh'],
    }).catch((e) => e);
    expect(err).toMatchObject({ step: 'config-test', outcome: 'unchanged' });
    expect(err.message).toBe(
      'fake1 has no executable /usr/local/lib/lvs-console/checks/broker-check.sh: external checks run only scripts from /usr/local/lib/lvs-console/checks/. Copy the script there on every director and chmod 755 it, then apply again.',
    );
    expect(conn.renamed).toBe(0);
  });

  it('refuses a file that is not one of the console’s own before anything reaches the director', async () => {
    const conn = new FakeDirector();
    await expect(applyToDirector(conn, { ...ARTEFACTS, '/etc/passwd': 'x' }, TABLE, async () => undefined)).rejects.toThrow(
      /Refused to use "\/etc\/passwd" on a director/,
    );
    await expect(
      applyToDirector(conn, { "/etc/keepalived/keepalived.conf'; reboot; '": 'x' }, TABLE, async () => undefined),
    ).rejects.toThrow(/Refused to use/);
    expect(conn.commands).toEqual([]);
  });
});
