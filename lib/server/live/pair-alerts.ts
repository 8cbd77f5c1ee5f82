// The pair's alarms, from the poller's last reads (nothing is contacted here): split brain, and no
// standby (a director that could not take over).
import 'server-only';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';
import { getDb } from '../platform/db-client';
import { detectSplitBrain } from '../../director/vrrp';
import { pollerState } from './poller-state';

/**
 * Split brain, from the last poll: two directors MASTER at once, or a floating IP on two directors
 * (a keepalived killed without cleaning up leaves its addresses behind). Null when all is well.
 */
export function splitBrainFrom(directors: { id: string; name: string }[], floating: string[], maxAgeMs = Infinity): string | null {
  const seen = directors.flatMap((d) => {
    const st = pollerState.states.get(d.id);
    return st?.reachable && st.snapshot && Date.now() - st.snapshot.takenAt.getTime() <= maxAgeMs
      ? [{ name: d.name, snap: st.snapshot }]
      : [];
  });
  return detectSplitBrain(
    seen.map((x) => ({
      name: x.name,
      master: x.snap.keepalivedPid !== null && x.snap.vrrpState === 'MASTER',
      addresses: x.snap.addresses,
    })),
    floating,
  );
}

/**
 * No standby: a pair (applied at least once) in which a director could not take over if the other failed,
 * from the last poll: FAULT (and why: the console's yield, or a tracked interface or script), unreachable,
 * or keepalived not running. What to do, or null. Directors not polled within maxAgeMs say nothing.
 */
export function noStandbyFrom(
  directors: { id: string; name: string; hostKeyFingerprint: string | null }[],
  applied: boolean,
  maxAgeMs = Infinity,
): string | null {
  if (!applied || directors.length !== 2 || directors.some((d) => !d.hostKeyFingerprint)) return null;
  const problems = directors.flatMap((d) => {
    const st = pollerState.states.get(d.id);
    if (!st || Date.now() - st.polledAt > maxAgeMs) return [];
    if (!st.reachable)
      return [{ name: d.name, what: 'cannot be reached', todo: `check that ${d.name} is up and that the console reaches it over SSH` }];
    const snap = st.snapshot!;
    if (snap.keepalivedPid === null)
      return [{ name: d.name, what: 'does not run keepalived', todo: `apply the configuration (or start keepalived on ${d.name})` }];
    if (snap.vrrpState === 'FAULT' && snap.yielding)
      return [
        {
          name: d.name,
          what: 'is held in FAULT by the console (vrrp.yield is 1)',
          todo: 'wait for the make-active that runs to finish; if none runs, the console sets vrrp.yield back to 0 within seconds (its log and Logs say so)',
        },
      ];
    if (snap.vrrpState === 'FAULT')
      return [
        {
          name: d.name,
          what: 'is in FAULT (an interface or a script it tracks fails)',
          todo: `check the link of ${d.name}'s VRRP interface and its tracked scripts`,
        },
      ];
    return [];
  });
  if (!problems.length) return null;
  const what = problems.map((p) => `${p.name} ${p.what}`).join(', and ');
  const todo = problems.map((p) => p.todo).join('; ');
  if (problems.length === 2)
    return `No director can take over: ${what}. Clients reach the floating IPs only while one of them holds them. To fix: ${todo}.`;
  const other = directors.find((d) => d.name !== problems[0].name)!.name;
  return `No standby: ${what}, so if ${other} fails nothing takes over. To fix: ${todo}.`;
}

/**
 * The pair's banners of every page, split brain and no standby (from the last poll; nothing is contacted
 * here): the pair of `default`, which the pages show.
 */
export async function pairAlerts(clusterId: string = DEFAULT_CLUSTER_ID): Promise<{ splitBrain: string | null; noStandby: string | null }> {
  if (pollerState.states.size < 2) return { splitBrain: null, noStandby: null };
  const db = getDb();
  const [directors, floating, revision] = await Promise.all([
    db.director.findMany({ where: { clusterId }, select: { id: true, name: true, hostKeyFingerprint: true } }),
    db.floatingIp.findMany({ where: { clusterId }, select: { address: true } }),
    db.configRevision.findFirst({ where: { clusterId }, select: { id: true } }),
  ]);
  // Only what the poller saw lately: it stops a minute after the last viewer, and old news is no alarm.
  return {
    splitBrain: splitBrainFrom(
      directors,
      floating.map((f) => f.address),
      30_000,
    ),
    noStandby: noStandbyFrom(directors, !!revision, 30_000),
  };
}
