import crypto from 'node:crypto';
// Restore: the configuration replaced by a document's (Backup & Restore, `cli import`, POST
// /api/v1/config, the importers of other tools' files, a revert). Validated as a whole before anything is
// written, then applied as a diff in one transaction; with dryRun nothing is written and the plan says
// what would change. Restoring the same document twice changes nothing the second time.
import 'server-only';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';
import { getDb } from '../platform/db-client';
import { ValidationError } from '../platform/validation';
import { validateConfigDocument, type NormalizedConfig } from '../../schemas/config-document';
import type { RealServerSpec } from '../../schemas/real-server';
import { Prisma } from '../generated/prisma/client';
import { auditRows, type AuditRow, type RestorePlan } from './restore-audit';

export type { RestorePlan };
import { restoreDirectors, restoreFloatingIps, same, type Restore } from './restore-pair';
import { virtualServiceColumns } from './virtual-services';
import { servicesWithRealServers } from './real-servers';
import { toRealServerSpec, toVirtualServiceSpec } from './rows';
import { getConsoleSettings, writeConsoleSettings } from './settings';

/** A restore of 10,000 services x 10 real servers writes for about 8 s on SQLite (more on a slow disk): one transaction all the same. */
const RESTORE_TRANSACTION = { maxWait: 30_000, timeout: 30 * 60_000 };

/** Splits a list so that no statement carries more rows (and parameters) than the databases accept. */
function chunks<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function withoutPool<S extends { realServers: unknown; fwmark: unknown }>(s: S): Omit<S, 'realServers' | 'fwmark'> {
  const { realServers: _r, fwmark: _f, ...spec } = s;
  return spec;
}

/** What every step of a restore works with: the transaction, the plan it fills, the audit rows it collects. */

/** Into one cluster (`default` unless told): nothing of another cluster is read, changed or removed. */
export async function restoreConfiguration(args: {
  document: unknown;
  actor: string;
  dryRun?: boolean;
  clusterId?: string;
}): Promise<RestorePlan> {
  const v = validateConfigDocument(args.document);
  if (!v.ok) throw new ValidationError(v.errors);
  return getDb().$transaction(async (tx) => {
    const audits: AuditRow[] = [];
    const r: Restore = {
      tx,
      next: v.config,
      plan: { create: [], update: [], delete: [], unchanged: 0 },
      dryRun: !!args.dryRun,
      clusterId: args.clusterId ?? DEFAULT_CLUSTER_ID,
      audits,
      audit: (action, objectType, objectId, before, after) =>
        audits.push({
          actor: args.actor,
          action: `import-${action}`,
          objectType,
          objectId,
          before: before === null ? null : JSON.stringify(before),
          after: after === null ? null : JSON.stringify(after),
        }),
    };
    await restoreServices(r);
    await restoreFloatingIps(r);
    await restoreDirectors(r);
    // Console-wide settings (a document without them means the defaults): with the cluster default only, so
    // that another site's backup or clone never changes them.
    if (r.clusterId !== DEFAULT_CLUSTER_ID) r.plan.unchanged++;
    else if (!same(await getConsoleSettings(tx), r.next.settings)) {
      r.plan.update.push('settings');
      if (!r.dryRun) await writeConsoleSettings(tx, r.next.settings, args.actor, 'import-update');
    } else r.plan.unchanged++;
    if (!r.dryRun) {
      for (const batch of chunks(auditRows(audits, args.actor, r.plan), 500)) await tx.auditEvent.createMany({ data: batch });
    }
    return r.plan;
  }, RESTORE_TRANSACTION);
}

type CurrentServices = Awaited<ReturnType<typeof servicesWithRealServers>>;
type Wanted = { s: NormalizedConfig['virtualServices'][number]; fwmark: number };

/**
 * Virtual services and their real servers, matched by label (maps: 10,000 services are compared in one
 * pass, not each with each). Each keeps its firewall mark unless the document names one or another
 * service takes it.
 */
async function restoreServices(r: Restore): Promise<void> {
  const current = (await servicesWithRealServers(r.tx)).filter((c) => c.clusterId === r.clusterId);
  const currentByLabel = new Map(current.map((c) => [c.label, c]));
  const wanted = allocateMarks(r.next, currentByLabel);
  await removeServices(r, current, new Set(r.next.virtualServices.map((s) => s.label)));
  if (!r.dryRun) await freeMovingMarks(r, current, new Map(wanted.map((w) => [w.s.label, w.fwmark])));
  const idOf = await createServices(r, wanted, currentByLabel, new Map(current.map((c) => [c.label, c.id])));
  const newServers: (RealServerSpec & { virtualServiceId: string })[] = [];
  const goneServers: string[] = [];
  for (const w of wanted) {
    const existing = currentByLabel.get(w.s.label);
    if (!existing && r.dryRun) continue;
    const id = idOf.get(w.s.label)!;
    if (existing) await updateService(r, w, existing, id);
    const updates = diffRealServers(r, w.s, existing?.realServers ?? [], id, newServers, goneServers);
    if (!r.dryRun) for (const u of updates) await applyRealServerUpdate(r, u);
  }
  if (!r.dryRun) await writeRealServers(r, newServers, goneServers, idOf);
}

function allocateMarks(next: NormalizedConfig, currentByLabel: Map<string, CurrentServices[number]>): Wanted[] {
  const used = new Set(next.virtualServices.map((s) => s.fwmark).filter((m): m is number => m !== null));
  let mark = 1;
  const markFor = (label: string, asked: number | null) => {
    if (asked !== null) return asked;
    const keep = currentByLabel.get(label)?.fwmark;
    if (keep !== undefined && !used.has(keep)) {
      used.add(keep);
      return keep;
    }
    while (used.has(mark)) mark++;
    used.add(mark);
    return mark;
  };
  return next.virtualServices.map((s) => ({ s, fwmark: markFor(s.label, s.fwmark) }));
}

async function removeServices(r: Restore, current: CurrentServices, nextLabels: Set<string>): Promise<void> {
  const gone = current.filter((c) => !nextLabels.has(c.label));
  for (const c of gone) {
    r.plan.delete.push(`virtual service ${c.label}`);
    r.audit('delete', 'VirtualService', c.id, { label: c.label }, null);
  }
  // Their real servers go with them (ON DELETE CASCADE).
  if (!r.dryRun) for (const ids of chunks(gone.map((c) => c.id))) await r.tx.virtualService.deleteMany({ where: { id: { in: ids } } });
}

/** Marks that move between services are freed before they are reused (fwmark is unique). */
async function freeMovingMarks(r: Restore, current: CurrentServices, wantedMarkOf: Map<string, number>): Promise<void> {
  for (const c of current) {
    const w = wantedMarkOf.get(c.label);
    if (w !== undefined && w !== c.fwmark)
      await r.tx.virtualService.update({ where: { id: c.id }, data: { fwmark: -c.fwmark - 1_000_000 } });
  }
}

/** New services in batches; their ids come back with the rows. Returns every service's id by label. */
async function createServices(
  r: Restore,
  wanted: Wanted[],
  currentByLabel: Map<string, unknown>,
  idOf: Map<string, string>,
): Promise<Map<string, string>> {
  const fresh = wanted.filter(({ s }) => !currentByLabel.has(s.label));
  for (const { s } of fresh) {
    r.plan.create.push(`virtual service ${s.label}`);
    if (r.dryRun) r.plan.create.push(...s.realServers.map((x) => `real server ${s.label}/${x.label}`));
  }
  if (r.dryRun) return idOf;
  for (const batch of chunks(fresh, 200)) {
    const rows = await r.tx.virtualService.createManyAndReturn({
      data: batch.map(({ s, fwmark }) => ({ ...virtualServiceColumns(withoutPool(s)), fwmark, clusterId: r.clusterId })),
      select: { id: true, label: true },
    });
    for (const row of rows) idOf.set(row.label, row.id);
  }
  for (const { s, fwmark } of fresh) r.audit('create', 'VirtualService', idOf.get(s.label)!, null, { ...withoutPool(s), fwmark });
  return idOf;
}

async function updateService(r: Restore, w: Wanted, existing: CurrentServices[number], id: string): Promise<void> {
  const spec = withoutPool(w.s);
  const before = { ...toVirtualServiceSpec(existing), fwmark: existing.fwmark };
  if (same(before, { ...spec, fwmark: w.fwmark })) {
    r.plan.unchanged++;
    return;
  }
  r.plan.update.push(`virtual service ${w.s.label}`);
  if (r.dryRun) return;
  await r.tx.virtualService.update({
    where: { id },
    data: { ...virtualServiceColumns(spec), fwmark: w.fwmark, version: { increment: 1 } },
  });
  r.audit('update', 'VirtualService', id, before, { ...spec, fwmark: w.fwmark });
}

type RealServerUpdate = { id: string; service: string; before: RealServerSpec; after: RealServerSpec };

/** One service's real servers against the document's, by label: new and gone ones are collected for batches, the changed ones returned. */
function diffRealServers(
  r: Restore,
  s: Wanted['s'],
  currentRs: CurrentServices[number]['realServers'],
  serviceId: string,
  newServers: (RealServerSpec & { virtualServiceId: string })[],
  goneServers: string[],
): RealServerUpdate[] {
  const updates: RealServerUpdate[] = [];
  const byLabel = new Map(currentRs.map((x) => [x.label, x]));
  const wantedRs = new Set(s.realServers.map((x) => x.label));
  for (const old of byLabel.values()) {
    if (wantedRs.has(old.label)) continue;
    r.plan.delete.push(`real server ${s.label}/${old.label}`);
    goneServers.push(old.id);
    r.audit('delete', 'RealServer', old.id, { service: s.label, ...toRealServerSpec(old) }, null);
  }
  for (const want of s.realServers) {
    const old = byLabel.get(want.label);
    if (!old) {
      r.plan.create.push(`real server ${s.label}/${want.label}`);
      newServers.push({ ...want, virtualServiceId: serviceId });
    } else if (!same(toRealServerSpec(old), want)) {
      r.plan.update.push(`real server ${s.label}/${want.label}`);
      updates.push({ id: old.id, service: s.label, before: toRealServerSpec(old), after: want });
    } else r.plan.unchanged++;
  }
  return updates;
}

async function applyRealServerUpdate(r: Restore, u: RealServerUpdate): Promise<void> {
  await r.tx.realServer.update({ where: { id: u.id }, data: { ...u.after, version: { increment: 1 } } });
  r.audit('update', 'RealServer', u.id, { service: u.service, ...u.before }, { service: u.service, ...u.after });
}

async function writeRealServers(
  r: Restore,
  newServers: (RealServerSpec & { virtualServiceId: string })[],
  goneServers: string[],
  idOf: Map<string, string>,
): Promise<void> {
  for (const ids of chunks(goneServers)) await r.tx.realServer.deleteMany({ where: { id: { in: ids } } });
  const labelOf = new Map([...idOf].map(([label, id]) => [id, label]));
  const now = new Date();
  const rows = newServers.map((x) => ({ ...x, id: crypto.randomUUID() }));
  // One INSERT of many rows per batch, past the client's per-row work (18 s for 100,000 rows that way).
  for (const batch of chunks(rows, 500)) {
    const values = batch.map(
      (x) =>
        Prisma.sql`(${x.id}, ${x.virtualServiceId}, ${x.label}, ${x.ip}, ${x.port}, ${x.weight}, ${x.minConnections}, ${x.maxConnections}, ${x.adminState}, 1, ${now}, ${now})`,
    );
    await r.tx
      .$executeRaw`INSERT INTO "RealServer" ("id", "virtualServiceId", "label", "ip", "port", "weight", "minConnections", "maxConnections", "adminState", "version", "createdAt", "updatedAt") VALUES ${Prisma.join(values)}`;
  }
  for (const { virtualServiceId, id, ...rs } of rows)
    r.audit('create', 'RealServer', id, null, { service: labelOf.get(virtualServiceId), ...rs });
}
