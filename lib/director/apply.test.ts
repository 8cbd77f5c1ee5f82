import { describe, expect, it } from 'vitest';
import { compareTable, normaliseIpvsSave } from './apply';
import { readDrift, reconcileCommands } from './drift';
import type { DirectorSession } from './transport';
import { DIRECTOR_PATHS } from '../render/model';

const WANT = ['-A -f 1 -s wlc -p 300', '-a -f 1 -r 192.168.98.231:0 -g -w 100', '-a -f 1 -r 192.168.98.232:0 -g -w 100'];

describe('reading the kernel table back', () => {
  it('normalises ipvsadm -Sn output (spacing, order, blank lines)', () => {
    expect(
      normaliseIpvsSave('-a -f 1 -r 192.168.98.232:0 -g -w 100\n-A -f 1 -s wlc -p 300\n\n-a  -f 1 -r 192.168.98.231:0 -g -w 100\n'),
    ).toEqual(WANT);
  });

  it('accepts a real server that keepalived left out (failing check), but nothing extra or different', () => {
    expect(compareTable(WANT, WANT)).toEqual({ ok: true, missing: [], unexpected: [] });
    expect(compareTable(WANT, [WANT[0], WANT[1]])).toEqual({ ok: true, missing: [WANT[2]], unexpected: [] });
    expect(compareTable(WANT, [WANT[0], WANT[1], '-a -f 1 -r 192.168.98.232:0 -g -w 7']).ok).toBe(false);
    expect(compareTable(WANT, [...WANT, '-A -t 10.9.9.9:80 -s rr']).ok).toBe(false);
    expect(compareTable(WANT, [WANT[1], WANT[2]]).ok).toBe(false); // the service itself is missing
  });

  it('takes a real server at weight 0 where another weight is wanted as inhibited by keepalived (quiescent), not as unexpected', () => {
    const inhibited = '-a -f 1 -r 192.168.98.232:0 -g -w 0';
    expect(compareTable(WANT, [WANT[0], WANT[1], inhibited])).toEqual({ ok: true, missing: [WANT[2]], unexpected: [] });
    // Another weight than 0 is still a difference.
    expect(compareTable(WANT, [WANT[0], WANT[1], '-a -f 1 -r 192.168.98.232:0 -g -w 1']).ok).toBe(false);
  });
});

describe('drift', () => {
  // A director that holds `conf` and whose kernel has GW02 at weight 0 (as inhibit_on_failure leaves a failed server).
  const director = (conf: string) =>
    ({
      exec: (cmd: string) =>
        Promise.resolve({
          code: 0,
          stderr: '',
          stdout: cmd.startsWith('cat ') ? conf : [WANT[0], WANT[1], '-a -f 1 -r 192.168.98.232:0 -g -w 0'].join('\n'),
        }),
    }) as unknown as DirectorSession;

  it('takes a real server at weight 0 in a quiescent configuration as keepalived’s doing, and anywhere else as drift', async () => {
    const quiescent = 'real_server 192.168.98.232 {\n  inhibit_on_failure\n}\n';
    const inhibited = await readDrift(director(quiescent), { [DIRECTOR_PATHS.keepalived]: quiescent }, WANT);
    expect([inhibited.drifted, inhibited.table]).toEqual([false, { missing: [], unexpected: [] }]);
    const plain = 'real_server 192.168.98.232 {\n}\n';
    const drifted = await readDrift(director(plain), { [DIRECTOR_PATHS.keepalived]: plain }, WANT);
    expect([drifted.drifted, drifted.table]).toEqual([true, { missing: [WANT[2]], unexpected: ['-a -f 1 -r 192.168.98.232:0 -g -w 0'] }]);
  });
});

describe('drift repair', () => {
  it('deletes extras, edits changed entries and adds missing ones, with commands built only from parsed rules', () => {
    expect(
      reconcileCommands(
        ['-a -f 1 -r 192.168.98.232:0 -g -w 100', '-A -t 192.168.98.237:443 -s wlc -p 300'],
        ['-a -f 1 -r 192.168.98.232:0 -g -w 7', '-A -t 10.9.9.9:80 -s rr'],
      ),
    ).toEqual([
      'ipvsadm -D -t 10.9.9.9:80',
      'ipvsadm -A -t 192.168.98.237:443 -s wlc -p 300',
      'ipvsadm -e -f 1 -r 192.168.98.232:0 -g -w 100',
    ]);
    expect(() => reconcileCommands([], ['-A -t 1.2.3.4:80 -s rr; reboot'])).toThrow(/unrecognised ipvsadm rule/);
    expect(() => reconcileCommands([], ['-a -f 1 -r $(reboot):0 -g -w 1'])).toThrow(/unrecognised/);
  });
});
