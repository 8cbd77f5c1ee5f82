// "Drain, then halt when idle": VDI sessions last hours, so an admin drains a gateway and lets the
// console halt it when its last connection is gone, or at a deadline. The job lives in the database
// and runs in the console (closing the browser does not stop it; a restarted console resumes it),
// is checked at every overview poll, shows the connections left, can be cancelled, and is audited.
import 'server-only';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { setRealServerState } from './real-server-state';

export interface HaltWhenIdleJob {
  id: string;
  realServerId: string;
  virtualServiceId: string;
  deadline: Date;
  actor: string;
  createdAt: Date;
}

const json = (v: unknown) => JSON.stringify(v);

/** The running jobs, by real server id. */
export async function runningHaltWhenIdle(): Promise<Map<string, HaltWhenIdleJob>> {
  const rows = await getDb().drainJob.findMany({ where: { status: 'running' } });
  return new Map(
    rows.map((r) => [
      r.realServerId,
      {
        id: r.id,
        realServerId: r.realServerId,
        virtualServiceId: r.virtualServiceId,
        deadline: r.deadline,
        actor: r.actor,
        createdAt: r.createdAt,
      },
    ]),
  );
}

/** Ends a real server's running job (a new state for it replaces the old intent). */
export async function endHaltWhenIdle(
  realServerId: string,
  status: 'cancelled' | 'halted' | 'failed',
  reason: string,
  actor: string,
): Promise<void> {
  const db = getDb();
  const jobs = await db.drainJob.findMany({ where: { realServerId, status: 'running' } });
  for (const j of jobs) {
    await db.$transaction([
      db.drainJob.update({ where: { id: j.id }, data: { status, reason, finishedAt: new Date() } }),
      db.auditEvent.create({
        data: {
          actor,
          action: `halt-when-idle-${status}`,
          objectType: 'RealServer',
          objectId: realServerId,
          after: json({ reason, deadline: j.deadline }),
        },
      }),
    ]);
  }
}

/** Starts a job for a real server that was just drained. */
export async function startHaltWhenIdle(args: {
  virtualServiceId: string;
  realServerId: string;
  deadlineSeconds: number;
  actor: string;
}): Promise<HaltWhenIdleJob> {
  const db = getDb();
  const deadline = new Date(Date.now() + args.deadlineSeconds * 1000);
  const row = await db.$transaction(async (tx) => {
    const rs = await tx.realServer.findFirst({ where: { id: args.realServerId, virtualServiceId: args.virtualServiceId } });
    if (!rs)
      throw new AppError('NOT_FOUND', `Virtual service ${args.virtualServiceId} has no real server with the id ${args.realServerId}.`);
    const job = await tx.drainJob.create({
      data: { realServerId: rs.id, virtualServiceId: rs.virtualServiceId, deadline, actor: args.actor },
    });
    await tx.auditEvent.create({
      data: {
        actor: args.actor,
        action: 'halt-when-idle',
        objectType: 'RealServer',
        objectId: rs.id,
        after: json({ label: rs.label, deadline }),
      },
    });
    return job;
  });
  return {
    id: row.id,
    realServerId: row.realServerId,
    virtualServiceId: row.virtualServiceId,
    deadline: row.deadline,
    actor: row.actor,
    createdAt: row.createdAt,
  };
}

/**
 * At every poll: halts each drained real server whose connections (active and inactive, as the
 * director carrying the traffic counts them) are gone, or whose deadline has passed. `connections`
 * is null when no director could be read: then only the deadline can end it.
 */
export async function checkHaltWhenIdle(connectionsOf: (realServerId: string) => number | null): Promise<void> {
  const db = getDb();
  for (const job of (await runningHaltWhenIdle()).values()) {
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
    const left = connectionsOf(rs.id);
    const expired = Date.now() >= job.deadline.getTime();
    if (left !== 0 && !expired) continue;
    const reason =
      left === 0 ? 'its last connection has closed' : `the deadline passed with ${left ?? 'an unknown number of'} connections left`;
    try {
      await setRealServerState({
        virtualServiceId: rs.virtualServiceId,
        id: rs.id,
        input: { state: 'halt' },
        actor: `${job.actor} (halt when idle)`,
        keepHaltWhenIdle: true,
      });
      await endHaltWhenIdle(rs.id, 'halted', `halted because ${reason}`, `${job.actor} (halt when idle)`);
    } catch (err) {
      await endHaltWhenIdle(
        rs.id,
        'failed',
        `could not halt: ${err instanceof Error ? err.message : String(err)}`,
        `${job.actor} (halt when idle)`,
      );
    }
  }
}
