// What a restore leaves in the audit log: each change as an event of its own, or, for a whole site's
// backup, one event with the counts.
import 'server-only';
import type { AuditEventView } from '../../schemas/audit';

export interface RestorePlan {
  create: string[];
  update: string[];
  delete: string[];
  unchanged: number;
}

/** An audit event as written: the Logs page's view without its id and time. */
export type AuditRow = Omit<AuditEventView, 'id' | 'createdAt'>;

/**
 * Up to this many changes, each is an audit event of its own (with its before and after); a larger restore
 * (a whole site's backup: 110,000 events at 10,000 services, 13 s of writing) is one event holding the
 * counts and the first names of each kind of change.
 */
const AUDIT_EACH_UP_TO = 1_000;
const SUMMARY_NAMES = 100;

function summaryAudit(actor: string, plan: RestorePlan): AuditRow {
  const part = (names: string[]) => ({
    count: names.length,
    first: names.slice(0, SUMMARY_NAMES),
    ...(names.length > SUMMARY_NAMES ? { more: names.length - SUMMARY_NAMES } : {}),
  });
  const after = { created: part(plan.create), updated: part(plan.update), deleted: part(plan.delete), unchanged: plan.unchanged };
  return { actor, action: 'import', objectType: 'Configuration', objectId: null, before: null, after: JSON.stringify(after) };
}

/** The rows to write for a restore's changes. */
export function auditRows(audits: AuditRow[], actor: string, plan: RestorePlan): AuditRow[] {
  return audits.length > AUDIT_EACH_UP_TO ? [summaryAudit(actor, plan)] : audits;
}
