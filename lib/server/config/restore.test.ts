// What a restore leaves in the audit log: each change on its own (with before and after) for an
// ordinary restore; one event with the counts and the first names for a whole site's backup.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../test/temp-db';
import { getDb } from '../platform/db-client';
import { restoreConfiguration } from './restore';

beforeAll(async () => {
  await useTempDatabase();
});

const doc = (services: number, weight = 100) => ({
  format: 'lvs-console/1',
  virtualServices: Array.from({ length: services }, (_, i) => ({
    label: `VS_${String(i).padStart(4, '0')}`,
    ip: `10.1.${i >> 8}.${i & 255}`,
    ports: '443',
    realServers: Array.from({ length: 9 }, (_, j) => ({ label: `RS_${j}`, ip: `172.16.${j}.${(i % 250) + 1}`, weight })),
  })),
  floatingIps: [],
  directors: [],
});

const audits = () => getDb().auditEvent.findMany({ where: { action: { startsWith: 'import' } }, orderBy: { createdAt: 'asc' } });

describe('the audit log of a restore', () => {
  it('records each change of a small restore with its before and after', async () => {
    await restoreConfiguration({ document: doc(3), actor: 'alice' });
    const rows = await audits();
    // The services' addresses become floating IPs (the pair moves them).
    expect(rows).toHaveLength(3 + 27 + 3);
    expect(rows.filter((r) => r.action === 'import-create' && r.objectType === 'RealServer')).toHaveLength(27);
    expect(JSON.parse(rows[0].after!)).toMatchObject({ label: 'VS_0000' });
    await getDb().auditEvent.deleteMany();
  });

  it('records a restore of more than 1,000 changes as one event with the counts and the first names', async () => {
    await restoreConfiguration({ document: doc(150), actor: 'bob' });
    const [summary, ...more] = await audits();
    expect(more).toHaveLength(0);
    expect(summary).toMatchObject({ actor: 'bob', action: 'import', objectType: 'Configuration' });
    const after = JSON.parse(summary.after!);
    // 3 services, their 27 real servers, their 3 addresses and the settings were already there, unchanged.
    const created = 147 + 147 * 9 + 147;
    expect(after.created).toMatchObject({ count: created, more: created - 100 });
    expect(after.created.first).toHaveLength(100);
    expect(after.created.first[0]).toBe('virtual service VS_0003');
    expect(after.deleted).toEqual({ count: 0, first: [] });
    expect(after.unchanged).toBe(34);
    expect(await getDb().realServer.count()).toBe(1_350);
    // Written in bulk, read back as any other row (the dates too), and changed as any other.
    const rs = await getDb().realServer.findFirstOrThrow({ where: { label: 'RS_8', virtualService: { label: 'VS_0149' } } });
    expect(rs).toMatchObject({ ip: '172.16.8.150', port: null, weight: 100, adminState: 'online', version: 1 });
    expect(Math.abs(rs.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    const plan = await restoreConfiguration({ document: doc(150, 50), actor: 'bob' });
    expect(plan.update).toHaveLength(1_350);
    expect(await getDb().realServer.findUniqueOrThrow({ where: { id: rs.id } })).toMatchObject({ weight: 50, version: 2 });
  });
});
