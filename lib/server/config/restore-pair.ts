// Restore, continued: a cluster's floating IPs and directors (its pair), and what every part of a
// restore shares. Split from restore.ts, which restores the services.
import 'server-only';
import type { NormalizedConfig } from '../../schemas/config-document';
import type { Prisma } from '../generated/prisma/client';
import { toDirectorSpec } from '../directors/directors';
import type { RestorePlan, AuditRow } from './restore-audit';

export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface Restore {
  tx: Prisma.TransactionClient;
  next: NormalizedConfig;
  plan: RestorePlan;
  dryRun: boolean;
  /** Audit rows are collected and written in batches at the end (one statement per 500, not one per change). */
  audit: (action: 'create' | 'update' | 'delete', objectType: string, objectId: string | null, before: unknown, after: unknown) => void;
  audits: AuditRow[];
  clusterId: string;
}

/** Floating IPs, matched by address (service addresses included, as validated). */
export async function restoreFloatingIps(r: Restore): Promise<void> {
  const floating = await r.tx.floatingIp.findMany({ where: { clusterId: r.clusterId } });
  for (const f of floating) {
    if (r.next.floatingIps.some((n) => n.address === f.address)) continue;
    r.plan.delete.push(`floating IP ${f.address}`);
    if (r.dryRun) continue;
    await r.tx.floatingIp.delete({ where: { id: f.id } });
    r.audit('delete', 'FloatingIp', f.id, { address: f.address, purpose: f.purpose }, null);
  }
  for (const n of r.next.floatingIps) {
    const old = floating.find((f) => f.address === n.address);
    const oldSpec = old && { address: old.address, prefix: old.prefix, purpose: old.purpose, interface: old.interface };
    if (!old) {
      r.plan.create.push(`floating IP ${n.address}`);
      if (!r.dryRun)
        r.audit('create', 'FloatingIp', (await r.tx.floatingIp.create({ data: { ...n, clusterId: r.clusterId } })).id, null, n);
    } else if (!same(oldSpec, n)) {
      r.plan.update.push(`floating IP ${n.address}`);
      if (r.dryRun) continue;
      await r.tx.floatingIp.update({ where: { id: old.id }, data: n });
      r.audit('update', 'FloatingIp', old.id, oldSpec, n);
    } else r.plan.unchanged++;
  }
}

/** Directors, matched by name. Their pinned host keys stay unless the document names one. */
export async function restoreDirectors(r: Restore): Promise<void> {
  const directors = await r.tx.director.findMany({ where: { clusterId: r.clusterId } });
  for (const d of directors) {
    if (r.next.directors.some((n) => n.name === d.name)) continue;
    r.plan.delete.push(`director ${d.name}`);
    if (r.dryRun) continue;
    await r.tx.director.delete({ where: { id: d.id } });
    r.audit('delete', 'Director', d.id, toDirectorSpec(d), null);
  }
  for (const n of r.next.directors) {
    const old = directors.find((d) => d.name === n.name);
    const wanted = { ...n, hostKeyFingerprint: n.hostKeyFingerprint ?? old?.hostKeyFingerprint ?? null };
    if (!old) {
      r.plan.create.push(`director ${n.name}`);
      if (!r.dryRun)
        r.audit('create', 'Director', (await r.tx.director.create({ data: { ...wanted, clusterId: r.clusterId } })).id, null, wanted);
    } else if (!same(toDirectorSpec(old), wanted)) {
      r.plan.update.push(`director ${n.name}`);
      if (r.dryRun) continue;
      await r.tx.director.update({ where: { id: old.id }, data: { ...wanted, version: { increment: 1 } } });
      r.audit('update', 'Director', old.id, toDirectorSpec(old), wanted);
    } else r.plan.unchanged++;
  }
}
