// Silences: maintenance windows in which a virtual service (with its real servers), or one real server,
// is not reported. The watcher leaves what is silenced out of its observations, so a change that happened
// and was undone inside the window is never sent, and one that still holds when the window ends is sent
// after the hold-down time as any other. Every silence, and ending one early, is audited.
import 'server-only';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { parseOrThrow } from '../platform/validation';
import { audit } from '../platform/audit';
import { MAX_SILENCE_MINUTES, silenceSchema, type SilenceView } from '../../schemas/alerts';
import { serviceOf } from './compose';
import type { Observation } from './engine';

type Row = Awaited<ReturnType<ReturnType<typeof getDb>['alertSilence']['findFirstOrThrow']>>;

const toView = (r: Row, now: Date): SilenceView => ({
  id: r.id,
  serviceId: r.serviceId,
  realServerId: r.realServerId,
  target: r.target,
  from: r.from.toISOString(),
  until: r.until.toISOString(),
  reason: r.reason,
  createdBy: r.createdBy,
  endedBy: r.endedBy,
  active: r.until > now,
});

/** POST /api/v1/alerts/silences: silences a service or one of its real servers (by label) for a window. */
export async function createSilence(args: { input: unknown; actor: string; now?: Date }): Promise<SilenceView> {
  const now = args.now ?? new Date();
  const s = parseOrThrow(silenceSchema, args.input);
  const db = getDb();
  const service = await db.virtualService.findUnique({
    where: { clusterId_label: { clusterId: DEFAULT_CLUSTER_ID, label: s.service } },
    select: { id: true, label: true },
  });
  if (!service)
    throw new AppError(
      'NOT_FOUND',
      `No virtual service is labelled ${s.service}: use a label from Cluster Configuration > Virtual Services.`,
      {
        field: 'service',
      },
    );
  const rs = s.realServer
    ? await db.realServer.findUnique({
        where: { virtualServiceId_label: { virtualServiceId: service.id, label: s.realServer } },
        select: { id: true, label: true },
      })
    : null;
  if (s.realServer && !rs)
    throw new AppError(
      'NOT_FOUND',
      `${service.label} has no real server labelled ${s.realServer}; leave it empty to silence the whole service.`,
      {
        field: 'realServer',
      },
    );
  const until = s.until ? new Date(s.until) : new Date(now.getTime() + s.minutes! * 60_000);
  if (until <= now) throw new AppError('VALIDATION_FAILED', 'The end of the window has passed: give a later time.', { field: 'until' });
  if (until.getTime() - now.getTime() > MAX_SILENCE_MINUTES * 60_000)
    throw new AppError('VALIDATION_FAILED', 'A silence lasts at most a week; add another when it ends.', { field: 'until' });
  const row = await db.$transaction(async (tx) => {
    const created = await tx.alertSilence.create({
      data: {
        serviceId: service.id,
        realServerId: rs?.id ?? null,
        target: rs ? `${service.label} / ${rs.label}` : service.label,
        from: now,
        until,
        reason: s.reason,
        createdBy: args.actor,
      },
    });
    await audit(tx, { actor: args.actor, action: 'create', objectType: 'AlertSilence', objectId: created.id, after: toView(created, now) });
    return created;
  });
  return toView(row, now);
}

/** DELETE /api/v1/alerts/silences/{id}: ends a silence now (it stays in the history). */
export async function endSilence(args: { id: string; actor: string; now?: Date }): Promise<SilenceView> {
  const now = args.now ?? new Date();
  const db = getDb();
  return db.$transaction(async (tx) => {
    const before = await tx.alertSilence.findUnique({ where: { id: args.id } });
    if (!before) throw new AppError('NOT_FOUND', `No silence has the id ${args.id}.`);
    if (before.until <= now) return toView(before, now); // already over: nothing to do (twice is fine)
    const after = await tx.alertSilence.update({ where: { id: args.id }, data: { until: now, endedBy: args.actor } });
    await audit(tx, {
      actor: args.actor,
      action: 'end',
      objectType: 'AlertSilence',
      objectId: args.id,
      before: toView(before, now),
      after: toView(after, now),
    });
    return toView(after, now);
  });
}

/** GET /api/v1/alerts/silences: the active ones first (ending soonest first), then the last 50 that ended. */
export async function listSilences(now = new Date()): Promise<SilenceView[]> {
  const db = getDb();
  const [active, ended] = await Promise.all([
    db.alertSilence.findMany({ where: { until: { gt: now } }, orderBy: { until: 'asc' } }),
    db.alertSilence.findMany({ where: { until: { lte: now } }, orderBy: { until: 'desc' }, take: 50 }),
  ]);
  return [...active, ...ended].map((r) => toView(r, now));
}

/** Which observations are silenced at `now`: a whole service (its own state and its real servers') or one real server. */
export async function silencedAt(now: Date): Promise<(o: Pick<Observation, 'key'>) => boolean> {
  const rows = await getDb().alertSilence.findMany({
    where: { until: { gt: now }, from: { lte: now } },
    select: { serviceId: true, realServerId: true },
  });
  if (!rows.length) return () => false;
  const services = new Set(rows.filter((r) => !r.realServerId).map((r) => r.serviceId));
  const realServers = new Set(rows.filter((r) => r.realServerId).map((r) => `rs:${r.serviceId}:${r.realServerId}`));
  return (o) => services.has(serviceOf(o) ?? '') || realServers.has(o.key);
}
