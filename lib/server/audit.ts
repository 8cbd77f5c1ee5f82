import { getDb } from './db-client';

export interface AuditEventView {
  id: string;
  createdAt: Date;
  actor: string;
  action: string;
  objectType: string;
  objectId: string | null;
}

export async function listAuditEvents(opts: { take: number; objectType?: string; actor?: string }): Promise<AuditEventView[]> {
  return getDb().auditEvent.findMany({
    where: { objectType: opts.objectType, actor: opts.actor },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: opts.take,
    select: { id: true, createdAt: true, actor: true, action: true, objectType: true, objectId: true },
  });
}
