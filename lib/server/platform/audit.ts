import 'server-only';
import { getDb } from './db-client';

export interface AuditEventView {
  id: string;
  createdAt: Date;
  actor: string;
  action: string;
  objectType: string;
  objectId: string | null;
  before: string | null;
  after: string | null;
}

export async function auditFacets(): Promise<{ objectTypes: string[]; actors: string[] }> {
  const db = getDb();
  // GROUP BY in the database (Prisma's `distinct` reads every row: 220,000 after a 10,000-service import).
  const [types, actors] = await Promise.all([
    db.auditEvent.groupBy({ by: ['objectType'], orderBy: { objectType: 'asc' } }),
    db.auditEvent.groupBy({ by: ['actor'], orderBy: { actor: 'asc' } }),
  ]);
  return { objectTypes: types.map((t) => t.objectType), actors: actors.map((a) => a.actor) };
}

export async function listAuditEvents(opts: { take: number; objectType?: string; actor?: string }): Promise<AuditEventView[]> {
  return getDb().auditEvent.findMany({
    where: { objectType: opts.objectType || undefined, actor: opts.actor || undefined },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: opts.take,
    select: { id: true, createdAt: true, actor: true, action: true, objectType: true, objectId: true, before: true, after: true },
  });
}
