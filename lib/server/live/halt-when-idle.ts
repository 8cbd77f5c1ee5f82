// "Drain, then halt when idle": VDI sessions last hours, so an admin drains a gateway and lets the
// console halt it when its last connection is gone, or at a deadline. The job lives in the database
// and runs in the console (closing the browser does not stop it; a restarted console resumes it),
// is checked at every overview poll, shows the connections left, can be cancelled, and is audited.
import 'server-only';
import { getDb } from '../platform/db-client';
import { setRealServerState } from './real-server-state';
import { runningHaltWhenIdle, endHaltWhenIdle } from './halt-when-idle-jobs';
import { raiseAlert } from '../alerts/raise';
import { loadRenderInput } from '../config/rendering';
import { stateScope } from '../../render/state-files';

/** "Real server GW02 (192.168.98.232) of GW_VIP_L4 was halted because its last connection has closed." */
async function alertHaltEnded(rs: { id: string; label: string; ip: string; virtualServiceId: string }, to: string, what: string) {
  const vs = await getDb().virtualService.findUnique({ where: { id: rs.virtualServiceId }, select: { label: true } });
  await raiseAlert({
    key: `halt-when-idle:${rs.id}`,
    kind: 'halt-when-idle',
    to,
    text: `Real server ${rs.label} (${rs.ip}) of ${vs?.label ?? 'a deleted service'} ${what}.`,
    facts: { service: vs?.label ?? '', realServer: rs.label, address: rs.ip },
    path: `/overview?q=${encodeURIComponent(vs?.label ?? rs.label)}`,
  });
}

/**
 * At every poll: halts each drained real server whose connections (active and inactive, as the
 * director carrying the traffic counts them) are gone, or whose deadline has passed. `connectionsOf`
 * gives null when no director could be read, or when the figures were read (their read began) before
 * `since`, the job's start: a read from before the drain may predate a connection. Then only the deadline
 * can end it until the next read.
 */
export async function checkHaltWhenIdle(connectionsOf: (realServerId: string, since: Date) => number | null): Promise<void> {
  const db = getDb();
  const jobs = await runningHaltWhenIdle();
  if (!jobs.size) return;
  // One state file per address (a large table): a halt reaches the address in every service, so it waits for all of them.
  const byAddress = stateScope((await loadRenderInput()).services) === 'address';
  const connectionsLeft = async (rs: { id: string; ip: string }, since: Date) => {
    if (!byAddress) return connectionsOf(rs.id, since);
    const counts = (await db.realServer.findMany({ where: { ip: rs.ip }, select: { id: true } })).map((x) => connectionsOf(x.id, since));
    return counts.some((n) => n === null) ? null : counts.reduce<number>((a, n) => a + (n ?? 0), 0);
  };
  for (const job of jobs.values()) {
    const rs = await db.realServer.findUnique({ where: { id: job.realServerId } });
    if (!rs || rs.adminState !== 'drain') {
      await endHaltWhenIdle(
        job.realServerId,
        'cancelled',
        rs ? `its state was set to ${rs.adminState} meanwhile` : 'the real server was deleted',
        'system',
      );
      continue;
    }
    const left = await connectionsLeft(rs, job.createdAt);
    const expired = Date.now() >= job.deadline.getTime();
    if (left !== 0 && !expired) continue;
    const reason =
      left === 0 ? 'its last connection has closed' : `the deadline passed with ${left ?? 'an unknown number of'} connections left`;
    try {
      const done = await setRealServerState({
        virtualServiceId: rs.virtualServiceId,
        id: rs.id,
        input: { state: 'halt' },
        actor: `${job.actor} (halt when idle)`,
        keepHaltWhenIdle: true,
      });
      for (const x of done.realServers) await endHaltWhenIdle(x.id, 'halted', `halted because ${reason}`, `${job.actor} (halt when idle)`);
      await alertHaltEnded(rs, 'halted', `was halted because ${reason}`);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      await endHaltWhenIdle(rs.id, 'failed', `could not halt: ${why}`, `${job.actor} (halt when idle)`);
      await alertHaltEnded(rs, 'failed', `could not be halted when idle: ${why}`);
    }
  }
}
