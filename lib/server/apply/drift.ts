// Drift: what a director runs against the last applied revision (files and kernel table), and the fix
// (the revision's files put back if they differ, the kernel table corrected entry by entry, no reload).
import 'server-only';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { audit } from '../platform/audit';
import { withDirectorsLock } from '../platform/lease';
import { openDirectorConnection } from '../directors/connect';
import { withDirectorSession } from '../directors/sessions';
import { readDrift, reconcileCommands, type DriftReport } from '../../director/drift';
import { writeStateFiles } from '../../director/live-state';
import { applyToDirector } from '../../director/apply';
import type { DirectorConnection } from '../../director/transport';
import { lastRevisionFor } from './revisions';
import { STATE_KNOWN } from './runs';

async function withDirector<T>(id: string, fn: (conn: DirectorConnection, name: string) => Promise<T>): Promise<T> {
  const d = await getDb().director.findUnique({ where: { id } });
  if (!d) throw new AppError('NOT_FOUND', `No director has the id ${id}.`);
  const conn = await openDirectorConnection(d);
  try {
    return await fn(conn, d.name);
  } finally {
    conn.close();
  }
}

/**
 * GET drift: the director's files and kernel table against the last applied revision. A read: it runs on
 * the director's shared connection, in the read lane (a flood of them is refused with 429, never given
 * new connections).
 */
export async function directorDrift(id: string): Promise<DriftReport & { director: string; revisionId: string }> {
  const d = await getDb().director.findUnique({ where: { id } });
  if (!d) throw new AppError('NOT_FOUND', `No director has the id ${id}.`);
  const { rev, artefacts, expected } = await lastRevisionFor(d.name);
  const report = await withDirectorSession(d, (conn) => readDrift(conn, artefacts, expected), { lane: 'read' });
  // The console has seen what the director runs: its state is known again (drifted or not).
  await getDb().director.update({ where: { id }, data: STATE_KNOWN });
  return { director: d.name, revisionId: rev.id, ...report };
}

/**
 * "Fix": puts the last revision's files back if they differ (as an apply would), then corrects the
 * kernel table entry by entry, without restarting keepalived, and checks the result.
 */
export async function fixDrift(args: { id: string; actor: string }): Promise<DriftReport & { director: string; commands: string[] }> {
  const d = await getDb().director.findUnique({ where: { id: args.id }, select: { name: true } });
  if (!d) throw new AppError('NOT_FOUND', `No director has the id ${args.id}.`);
  return withDirectorsLock(`fixing the drift of ${d.name}`, args.actor, () =>
    withDirector(args.id, async (conn, name) => {
      const { artefacts, expected, stateFiles } = await lastRevisionFor(name);
      const before = await readDrift(conn, artefacts, expected);
      const commands: string[] = [];
      if (before.files.some((f) => f.status !== 'same')) {
        await applyToDirector(conn, artefacts, expected, () => Promise.resolve(), { stateFiles });
      } else {
        const states = await writeStateFiles(conn, stateFiles, { exact: true });
        if (states.length) commands.push(`state files written: ${states.map((c) => c.name).join(', ')}`);
      }
      const mid = await readDrift(conn, artefacts, expected);
      const fixes = reconcileCommands(mid.table.missing, mid.table.unexpected);
      for (const c of fixes) {
        const r = await conn.exec(c);
        if (r.code !== 0) throw new AppError('INTERNAL', `${name}: \`${c}\` failed: ${r.stderr.trim()}`);
        commands.push(c);
      }
      const after = await readDrift(conn, artefacts, expected);
      const clean = after.files.every((f) => f.status === 'same');
      await getDb().director.update({
        where: { id: args.id },
        data: { ...STATE_KNOWN, ...(clean ? { appliedHash: (await lastRevisionFor(name)).rev.hash, appliedAt: new Date() } : {}) },
      });
      await audit(getDb(), {
        actor: args.actor,
        action: 'fix-drift',
        objectType: 'Director',
        objectId: args.id,
        before,
        after: { ...after, commands },
      });
      return { director: name, commands, ...after };
    }),
  );
}
