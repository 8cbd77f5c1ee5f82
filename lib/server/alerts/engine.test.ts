// When a change becomes an alert: hold-down, recovery, flapping, and what a restart remembers.
import { describe, expect, it } from 'vitest';
import { AlertEngine, FLAP_QUIET_S, type Observation } from './engine';

const gw2 = (state: string): Observation => ({
  key: 'rs:vs1:gw2',
  kind: 'real-server',
  state,
  name: 'Real server GW02 (192.168.98.232:443) of GW_VIP_L4 (192.168.98.10:443)',
  facts: { service: 'GW_VIP_L4', realServer: 'GW02', address: '192.168.98.232:443' },
  path: '/overview?q=GW_VIP_L4',
});

/** Polls every 10 s from t0 to t1 with the state `at(t)`; the events' texts with their times. */
function run(engine: AlertEngine, t0: number, t1: number, at: (t: number) => string) {
  const out: string[] = [];
  for (let t = t0; t <= t1; t += 10) for (const e of engine.observe(t, [gw2(at(t))]).events) out.push(`${t - t0}: ${e.text}`);
  return out;
}

describe('the alert engine', () => {
  it('reports a real server down once it has been down for the hold-down time, and its recovery likewise; the first state seen is not news', () => {
    const engine = new AlertEngine(30);
    const out = run(engine, 0, 300, (t) => (t >= 50 && t < 200 ? 'down' : 'up'));
    expect(out).toEqual([
      '80: Real server GW02 (192.168.98.232:443) of GW_VIP_L4 (192.168.98.10:443) is down.',
      '230: Real server GW02 (192.168.98.232:443) of GW_VIP_L4 (192.168.98.10:443) is up again.',
    ]);
  });

  it('a change shorter than the hold-down time is not reported', () => {
    expect(run(new AlertEngine(30), 0, 300, (t) => (t >= 50 && t < 70 ? 'down' : 'up'))).toEqual([]);
  });

  it('a real server going down and up every 10 s for 2 minutes is reported once as flapping, then once when it settles (its last change at 130 s)', () => {
    const flapping = run(new AlertEngine(30), 0, 600, (t) => (t >= 20 && t < 140 ? ((t / 10) % 2 ? 'up' : 'down') : 'up'));
    expect(flapping).toHaveLength(2);
    expect(flapping[0]).toMatch(
      /^\d+: Real server GW02 .* is flapping: 4 changes in \d+ s\. Its alerts are held until it has been stable for 60 s\.$/,
    );
    expect(flapping[1]).toMatch(
      new RegExp(`^${130 + FLAP_QUIET_S}: Real server GW02 .* stopped flapping; now: Real server GW02 .* is up again\\.$`),
    );
  });

  it('after a restart, what was last reported is the baseline: a change made meanwhile is reported, nothing is repeated', () => {
    const before = new AlertEngine(30);
    before.observe(0, [gw2('up')]);
    const { events, reported } = before.observe(40, [gw2('up')]);
    expect(events).toEqual([]);
    expect(reported).toEqual([]); // the baseline was recorded at the first poll
    // The console restarts; gw2 went down while it was away.
    const after = new AlertEngine(30, new Map([['rs:vs1:gw2', 'up']]));
    expect(after.observe(100, [gw2('down')]).events).toEqual([]);
    const held = after.observe(130, [gw2('down')]);
    expect(held.events.map((e) => `${e.from} -> ${e.to}`)).toEqual(['up -> down']);
    expect(held.reported).toEqual([{ key: 'rs:vs1:gw2', state: 'down' }]);
    // And a restart after that report does not repeat it.
    expect(new AlertEngine(30, new Map([['rs:vs1:gw2', 'down']])).observe(200, [gw2('down')]).events).toEqual([]);
  });
});
