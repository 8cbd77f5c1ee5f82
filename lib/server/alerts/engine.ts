// When a change becomes an alert: a state must hold for the hold-down time before it is reported (and
// its recovery likewise); a thing that changes often (FLAP_CHANGES changes within FLAP_WINDOW_S) is
// reported once as flapping, then nothing until it has been stable for FLAP_QUIET_S, when its settled
// state is reported. The first state seen of a thing is its baseline (no alert at the console's start),
// unless what was last reported is known (AlertState), so a restart neither repeats nor misses a change.
// Pure: the caller feeds observations and the clock, persists `reported`, and sends the events.
import 'server-only';
import type { AlertEvent } from '../../schemas/alerts';

export const FLAP_CHANGES = 4;
export const FLAP_WINDOW_S = 600;
export const FLAP_QUIET_S = 60;

/** The state of one watched thing at one poll. */
export interface Observation {
  key: string;
  kind: Exclude<AlertEvent['kind'], 'flapping'>;
  state: string;
  /** Who it is, e.g. "Real server GW02 (192.168.98.232:443) of GW_VIP_L4". */
  name: string;
  facts: Record<string, string>;
  path: string;
}

interface Tracked {
  reported: string;
  last: string;
  lastChangeAt: number;
  changes: number[];
  flapping: boolean;
}

/** How a state reads in a message. */
const PHRASE: Record<string, string> = {
  up: 'is up again',
  down: 'is down',
  degraded: 'is degraded (some of its real servers are down)',
  reachable: 'is reachable again',
  unreachable: 'cannot be reached',
  none: 'has no standby: the pair cannot fail over',
  ok: 'has a standby again',
  yes: 'is in split brain: both directors claim the floating IPs',
  no: 'is out of split brain',
  'in-sync': 'runs the last applied configuration again',
  behind: 'is behind: it missed an apply (the console catches it up when it can)',
  'state-unknown': 'is in an unknown state: an action on it did not finish (see Local Configuration > Directors)',
  'state-known': 'is in a known state again',
};

export function phrase(o: Pick<Observation, 'kind' | 'state'>): string {
  return PHRASE[o.state] ?? `is ${o.state}`;
}

/** The sentence of a change from `from` to the observed state. */
export function describe(o: Observation, from: string): string {
  if (o.kind === 'failover')
    return o.state === 'none'
      ? `No director holds the floating IPs any more (${from} did).`
      : `Failover: ${o.state} is now the active director${from !== 'none' ? ` (it was ${from})` : ''}.`;
  return `${o.name} ${phrase(o)}.`;
}

export class AlertEngine {
  private tracked = new Map<string, Tracked>();

  /** `reported`: what was last reported of each thing (from AlertState), by key. */
  constructor(
    private holdDownS: number,
    reported: Map<string, string> = new Map(),
  ) {
    this.known = reported;
  }

  private known: Map<string, string>;

  setHoldDown(seconds: number) {
    this.holdDownS = seconds;
  }

  /**
   * One poll's observations at `now` (seconds). Returns the events to send and the reported states that
   * changed (to persist). Things not observed this time (not read) are left as they were.
   */
  observe(now: number, observations: Observation[]): { events: AlertEvent[]; reported: { key: string; state: string }[] } {
    const events: AlertEvent[] = [];
    const reported: { key: string; state: string }[] = [];
    for (const o of observations) {
      let t = this.tracked.get(o.key);
      if (!t) {
        const before = this.known.get(o.key);
        t = { reported: before ?? o.state, last: before ?? o.state, lastChangeAt: now, changes: [], flapping: false };
        this.tracked.set(o.key, t);
        if (before === undefined) reported.push({ key: o.key, state: o.state }); // the baseline
      }
      if (o.state !== t.last) {
        t.last = o.state;
        t.lastChangeAt = now;
        t.changes.push(now);
      }
      t.changes = t.changes.filter((c) => now - c < FLAP_WINDOW_S);
      if (!t.flapping && t.changes.length >= FLAP_CHANGES) {
        t.flapping = true;
        events.push(
          this.event(o, now, t.reported, 'flapping', {
            kind: 'flapping',
            text: `${o.name} is flapping: ${t.changes.length} changes in ${Math.round(now - t.changes[0])} s. Its alerts are held until it has been stable for ${FLAP_QUIET_S} s.`,
          }),
        );
        continue;
      }
      if (t.flapping) {
        if (now - t.lastChangeAt < Math.max(this.holdDownS, FLAP_QUIET_S)) continue;
        t.flapping = false;
        t.changes = [];
        const settled = `${o.name} stopped flapping; now: ${describe(o, t.reported)}`;
        events.push(this.event(o, now, t.reported, o.state, { text: settled }));
        if (o.state !== t.reported) reported.push({ key: o.key, state: o.state });
        t.reported = o.state;
        continue;
      }
      if (o.state === t.reported || now - t.lastChangeAt < this.holdDownS) continue;
      events.push(this.event(o, now, t.reported, o.state, { text: describe(o, t.reported) }));
      t.reported = o.state;
      reported.push({ key: o.key, state: o.state });
    }
    return { events, reported };
  }

  private event(o: Observation, at: number, from: string, to: string, extra: { kind?: AlertEvent['kind']; text: string }): AlertEvent {
    const since = this.tracked.get(o.key)?.lastChangeAt ?? at;
    return { key: o.key, kind: extra.kind ?? o.kind, from, to, at, since, text: extra.text, facts: o.facts, path: o.path };
  }

  /** Changes seen but not yet held long enough to report (not flapping): when each was first seen. */
  holding(): number[] {
    return [...this.tracked.values()].filter((t) => !t.flapping && t.last !== t.reported).map((t) => t.lastChangeAt);
  }
}
