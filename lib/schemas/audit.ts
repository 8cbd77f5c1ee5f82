/** One audit event as the Logs page shows it; before and after are JSON, or null. */
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
