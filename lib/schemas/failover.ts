// The pair's last failover, measured from the directors' own VRRP notify timestamps (milliseconds): the
// new active director's MASTER time against the moment the old one gave the floating IPs up (a make-active,
// a clean stop, a fault). A director that vanished (a crash, its link down) records nothing: then the
// takeover is bounded by when the console last read it. Pure: the poller keeps the record.

/** What the poller knows of each director's VRRP state. */
export interface DirectorVrrp {
  name: string;
  reachable: boolean;
  vrrpState: 'MASTER' | 'BACKUP' | 'FAULT' | 'STOP' | null;
  /** When its VRRP state last changed, as its notify hook wrote it (ISO, milliseconds). */
  vrrpSince: string | null;
  /** When it last left MASTER, as its notify hook wrote it (ISO), if known. */
  leftMaster?: string | null;
  /** When the console last read it (ISO). */
  takenAt: string | null;
}

export interface LastFailover {
  /** When the new active director became MASTER (its notify time). */
  at: string;
  from: string;
  to: string;
  /** handover: the old one gave up (its notify time is known); lost: it vanished (crash, link down). */
  how: 'handover' | 'lost';
  /** handover: from the old director giving up to the new one being MASTER, in seconds. */
  seconds: number | null;
  /** lost: at most this long since the console last read the old director (it was MASTER then). */
  withinSeconds: number | null;
}

/** Who is active and since when, and the last failover seen. */
export interface FailoverRecord {
  active: string;
  since: string;
  last: LastFailover | null;
}

/** A notify time this long before the new MASTER still belongs to the same failover. */
const SAME_FAILOVER_MS = 60_000;

/**
 * The record after one poll: unchanged while the same director stays MASTER (or none, or two: a split
 * brain is reported elsewhere); a new last failover when another director has become MASTER.
 */
export function failoverStep(prev: FailoverRecord | null, directors: DirectorVrrp[]): FailoverRecord | null {
  const masters = directors.filter((d) => d.reachable && d.vrrpState === 'MASTER' && d.vrrpSince);
  if (masters.length !== 1) return prev;
  const m = masters[0];
  const since = m.vrrpSince!;
  if (prev && prev.active === m.name && prev.since === since) return prev;
  if (!prev || prev.active === m.name) return { active: m.name, since, last: prev?.last ?? null };
  const tm = Date.parse(since);
  const old = directors.find((d) => d.name === prev.active);
  // When the old one gave up: its notify's "left MASTER" time (it may have changed again since: FAULT, then BACKUP).
  const left = old?.leftMaster ?? old?.vrrpSince;
  const gaveUp = old?.reachable && old.vrrpState !== 'MASTER' && left ? Date.parse(left) : NaN;
  const last: LastFailover =
    tm - gaveUp >= -500 && tm - gaveUp < SAME_FAILOVER_MS
      ? { at: since, from: prev.active, to: m.name, how: 'handover', seconds: Math.max(0, tm - gaveUp) / 1000, withinSeconds: null }
      : {
          at: since,
          from: prev.active,
          to: m.name,
          how: 'lost',
          seconds: null,
          withinSeconds: old?.takenAt && Date.parse(old.takenAt) < tm ? (tm - Date.parse(old.takenAt)) / 1000 : null,
        };
  return { active: m.name, since, last };
}

/** "director1 -> director2 at 10:01:02.345 UTC: 0.31 s from director1 giving up to director2 active." */
export function describeFailover(f: LastFailover): string {
  const at = f.at.replace('T', ' ').replace(/Z$/, ' UTC');
  return f.how === 'handover'
    ? `${f.from} → ${f.to} at ${at}: ${f.seconds!.toFixed(2)} s from ${f.from} giving the floating IPs up to ${f.to} holding them.`
    : `${f.from} → ${f.to} at ${at}: ${f.from} was lost (a crash or its link)${
        f.withinSeconds !== null ? `; ${f.to} was active ${f.withinSeconds.toFixed(1)} s after the console last read ${f.from}` : ''
      }.`;
}
