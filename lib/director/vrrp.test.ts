// Reading who is active from a director's VRRP state file, its keepalived pid and its addresses.
import { describe, expect, it } from 'vitest';
import { detectSplitBrain, holdsAll, parseVrrpView } from './vrrp';

const out = (vrrp: string, run: boolean, addr: string, yieldFile = '') =>
  `@@vrrp\n${vrrp}\n@@run\n${run ? 'yes\n' : ''}@@addr\n${addr}\n@@yield\n${yieldFile}@@end\n`;
const ADDR = [
  '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
  '2: eth0    inet 192.168.98.21/24 scope global eth0\\       valid_lft forever preferred_lft forever',
  '2: eth0    inet 192.168.98.238/32 scope global eth0\\       valid_lft forever preferred_lft forever',
  '2: eth0    inet6 fe80::1/64 scope link \\       valid_lft forever preferred_lft forever',
].join('\n');

describe('parseVrrpView', () => {
  it('reads the state the notify hook wrote and the addresses the director holds', () => {
    const v = parseVrrpView(out('2026-11-27T10:00:00Z INSTANCE VI_LVS_CONSOLE MASTER 150', true, ADDR));
    expect(v).toEqual({
      state: 'MASTER',
      running: true,
      addresses: ['127.0.0.1', '192.168.98.21', '192.168.98.238', 'fe80::1'],
      yielding: false,
    });
    expect(holdsAll(v, ['192.168.98.238'])).toBe(true);
    expect(holdsAll(v, ['192.168.98.238', '192.168.98.237'])).toBe(false);
    expect(holdsAll(v, [])).toBe(false);
  });

  it('says when the console holds the director in FAULT (vrrp.yield = 1), and only then', () => {
    const fault = '2026-11-27T10:00:00Z INSTANCE VI_LVS_CONSOLE FAULT 0';
    expect(parseVrrpView(out(fault, true, ADDR, '1\n'))).toMatchObject({ state: 'FAULT', yielding: true });
    expect(parseVrrpView(out(fault, true, ADDR, '0\n')).yielding).toBe(false);
    expect(parseVrrpView(out(fault, true, ADDR)).yielding).toBe(false); // no file: never yielded
  });

  it('a crashed keepalived’s last state is not believed', () => {
    expect(parseVrrpView(out('2026-11-27T10:00:00Z INSTANCE VI_LVS_CONSOLE MASTER 150', false, ADDR)).state).toBeNull();
    expect(parseVrrpView(out('', true, '')).state).toBeNull();
  });
});

describe('detectSplitBrain', () => {
  const fips = ['192.168.98.238', '192.168.98.237'];
  it('is quiet for a healthy pair: one MASTER holding the floating IPs', () => {
    expect(
      detectSplitBrain(
        [
          { name: 'director1', master: true, addresses: ['192.168.98.21', ...fips] },
          { name: 'director2', master: false, addresses: ['192.168.98.22'] },
        ],
        fips,
      ),
    ).toBeNull();
  });
  it('names both MASTERs', () => {
    expect(
      detectSplitBrain(
        [
          { name: 'director1', master: true, addresses: [] },
          { name: 'director2', master: true, addresses: [] },
        ],
        fips,
      ),
    ).toMatch(/^Split brain: director1 and director2 are both MASTER/);
  });
  it('names a floating IP held by both (a crashed keepalived left it behind)', () => {
    expect(
      detectSplitBrain(
        [
          { name: 'director1', master: false, addresses: ['192.168.98.238'] },
          { name: 'director2', master: true, addresses: fips },
        ],
        fips,
      ),
    ).toMatch(/^Split brain: director1 and director2 both hold 192\.168\.98\.238,/);
  });
});
