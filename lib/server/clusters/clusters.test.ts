// Clusters side by side in one database: each renders, restores, lists and applies only what is its
// own; a cluster is deleted only when empty, and `default` never.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../test/temp-db';
import { getDb } from '../platform/db-client';
import { restoreConfiguration } from '../config/restore';
import { currentRendering } from '../config/rendering';
import { exportConfiguration } from '../config/backup';
import { getConsoleSettings } from '../config/settings';
import { listVirtualServices } from '../config/virtual-services';
import { listDirectors } from '../directors/directors';
import { pendingChanges } from '../apply/pending';
import { startApply } from '../apply/start';
import { createCluster, deleteCluster, resolveClusterId } from './clusters';

const site = (director: string, port: number) => ({
  format: 'lvs-console/1',
  virtualServices: [{ label: 'WEB', ip: '192.168.98.50', ports: '443', realServers: [{ label: 'GW01', ip: '192.168.98.231' }] }],
  floatingIps: [],
  directors: [{ name: director, host: '127.0.0.1', port }],
});

let york = '';
beforeAll(async () => {
  await useTempDatabase();
  expect(await resolveClusterId(undefined)).toBe('default'); // the only one: today's scripts need not say
  york = (await createCluster({ input: { name: 'YORK', site: 'York' }, actor: 'test' })).id;
  await restoreConfiguration({ document: site('leeds1', 1), actor: 'test' });
  await restoreConfiguration({ document: site('york1', 2), actor: 'test', clusterId: york });
});

describe('two clusters', () => {
  it('hold the same label and address each, listed apart', async () => {
    expect((await listVirtualServices()).map((s) => s.clusterId).sort()).toEqual(['default', york].sort());
    expect((await listVirtualServices(york)).map((s) => `${s.label}@${s.clusterId}`)).toEqual([`WEB@${york}`]);
    expect((await listDirectors('default')).map((d) => d.name)).toEqual(['leeds1']);
    expect((await listDirectors(york)).map((d) => d.name)).toEqual(['york1']);
  });

  it('render each for its own directors only', async () => {
    expect(Object.keys((await currentRendering('default')).rendered.directors)).toEqual(['leeds1']);
    expect(Object.keys((await currentRendering(york)).rendered.directors)).toEqual(['york1']);
  });

  it("keep one cluster's rendering and version through a change in the other, and render it again after its own", async () => {
    const before = await currentRendering('default');
    const yorkBefore = await currentRendering(york);
    await getDb().realServer.updateMany({ where: { virtualService: { clusterId: york } }, data: { weight: 50 } });
    const after = await currentRendering('default');
    expect(after).toBe(before); // the same object: its version did not move, nothing was read or rendered
    expect((await currentRendering(york)).version).toBeGreaterThan(yorkBefore.version!);
    expect(after.hash).toBe(before.hash);
    await getDb().realServer.updateMany({ where: { virtualService: { clusterId: 'default' } }, data: { weight: 60 } });
    const own = await currentRendering('default');
    expect(own.version).toBeGreaterThan(before.version!);
    expect(own.rendered).not.toBe(before.rendered);
    expect(own.hash).not.toBe(before.hash);
  });

  it('need the cluster named once there are two, by id or name', async () => {
    await expect(resolveClusterId(undefined)).rejects.toThrow(/more than one cluster/);
    expect(await resolveClusterId('YORK')).toBe(york);
    await expect(resolveClusterId('LEEDS')).rejects.toThrow(/No cluster has the id or name "LEEDS"/);
  });

  it('apply one cluster to its own directors (a director without a confirmed key stops it before anything is contacted)', async () => {
    await expect(startApply({ comment: '', actor: 'test', clusterId: york })).rejects.toThrow(/Confirm the host key of york1 first/);
    expect((await pendingChanges({ clusterId: york })).directors).toBe(1);
  });

  it('restore into one cluster leaves the other as it was', async () => {
    await restoreConfiguration({
      document: { format: 'lvs-console/1', virtualServices: [], floatingIps: [], directors: [] },
      actor: 'test',
      clusterId: york,
    });
    expect(await listVirtualServices(york)).toEqual([]);
    expect(await listDirectors(york)).toEqual([]);
    expect((await listVirtualServices('default')).map((s) => s.label)).toEqual(['WEB']);
    expect((await listDirectors('default')).map((d) => d.name)).toEqual(['leeds1']);
  });

  it('clone another cluster: its services and floating IPs, not its directors, and never the console-wide settings', async () => {
    const settings = await getConsoleSettings(getDb());
    const doc = await exportConfiguration('default');
    await restoreConfiguration({
      document: { ...doc, directors: [], settings: { ...doc.settings, quiescent: !doc.settings.quiescent } },
      actor: 'test',
      clusterId: york,
    });
    expect(await getConsoleSettings(getDb())).toEqual(settings); // another cluster's document leaves them
    const hull = await createCluster({ input: { name: 'HULL', cloneFrom: 'default' }, actor: 'test' });
    expect((await listVirtualServices(hull.id)).map((s) => `${s.label} ${s.ip}`)).toEqual(['WEB 192.168.98.50']);
    expect(await listDirectors(hull.id)).toEqual([]);
    await expect(createCluster({ input: { name: 'LEEDS', cloneFrom: 'nowhere' }, actor: 'test' })).rejects.toThrow(/nowhere/);
    expect((await getDb().cluster.findMany({ where: { name: 'LEEDS' } })).length).toBe(0);
    await restoreConfiguration({
      document: { format: 'lvs-console/1', virtualServices: [], floatingIps: [], directors: [] },
      actor: 'test',
      clusterId: hull.id,
    });
    await restoreConfiguration({
      document: { format: 'lvs-console/1', virtualServices: [], floatingIps: [], directors: [] },
      actor: 'test',
      clusterId: york,
    });
    await deleteCluster({ id: hull.id, actor: 'test' });
  });

  it('are deleted only when empty, and default never', async () => {
    await expect(deleteCluster({ id: 'default', actor: 'test' })).rejects.toThrow(/cannot be deleted/);
    await deleteCluster({ id: york, actor: 'test' });
    expect((await getDb().cluster.findMany()).map((c) => c.id)).toEqual(['default']);
    const audit = await getDb().auditEvent.findMany({ where: { objectType: 'Cluster' }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['create', 'create', 'delete', 'delete']);
  });
});
