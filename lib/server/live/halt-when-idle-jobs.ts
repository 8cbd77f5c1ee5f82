// The records of "drain, then halt when idle" jobs (lib/server/live/halt-when-idle.ts runs them).
import 'server-only';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { audit } from '../platform/audit';

export interface HaltWhenIdleJob {
  id: string;
  realServerId: string;
  virtualServiceId: string;
  deadline: Date;
  actor: string;
  createdAt: Date;
}

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
      audit(db, {
        actor,
        action: `halt-when-idle-${status}`,
        objectType: 'RealServer',
        objectId: realServerId,
        after: { reason, deadline: j.deadline },
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
    await audit(tx, {
      actor: args.actor,
      action: 'halt-when-idle',
      objectType: 'RealServer',
      objectId: rs.id,
      after: { label: rs.label, deadline },
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
