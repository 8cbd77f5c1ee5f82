// The pending-changes banner at size: the configuration's version moves with every change of what it
// is made of (whichever process writes), the banner's hash is rendered again only then, and every read
// path still answers past the database's parameter limit (1,001 services x 10 real servers).
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../test/temp-db';
import { getDb } from '../platform/db-client';
import { exportConfiguration } from '../config/backup';
import { restoreConfiguration } from '../config/restore';
import { loadRenderInput } from '../config/rendering';
import { currentConfigurationHash, pendingChanges } from './pending';
import { searchServicesWithRealServers } from '../config/real-servers';
import { searchVirtualServices } from '../config/virtual-services';

const version = async () => (await getDb().configVersion.findUnique({ where: { id: 1 } }))!.version;

function document(services: number, perService: number) {
  return {
    format: 'lvs-console/1',
    virtualServices: Array.from({ length: services }, (_, i) => ({
      label: `VS_${i}`,
      ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      ports: '443',
      realServers: Array.from({ length: perService }, (_, j) => ({ label: `RS_${i}_${j}`, ip: `172.16.${j}.${(i % 250) + 1}` })),
    })),
    floatingIps: [],
    directors: [{ name: 'director1', host: '127.0.0.1', port: 1 }],
  };
}

beforeAll(async () => {
  await useTempDatabase();
}, 60_000);

describe('the configuration at 1,001 services x 10 real servers (past the parameter limit)', () => {
  beforeAll(async () => {
    await restoreConfiguration({ document: document(1_001, 10), actor: 'test' });
  }, 240_000);

  it('exports, renders, lists and says what is pending', async () => {
    const doc = await exportConfiguration();
    expect(doc.virtualServices).toHaveLength(1_001);
    expect(doc.virtualServices.reduce((n, s) => n + s.realServers.length, 0)).toBe(10_010);
    expect((await loadRenderInput()).services).toHaveLength(1_001);
    // The lists: the last page, a search by label and by address, one state.
    const last = await searchVirtualServices({ q: '', skip: 1_000, take: 50 });
    expect([last.total, last.items.map((s) => s.label)]).toEqual([1_001, ['VS_999']]);
    const byLabel = await searchServicesWithRealServers({ q: 'VS_1000', skip: 0, take: 50 });
    expect([byLabel.total, byLabel.items[0].realServers.length]).toEqual([1, 10]);
    const byIp = await searchVirtualServices({ q: '10.0.3.231', skip: 0, take: 50 });
    expect(byIp.items.map((s) => s.label)).toEqual(['VS_999']);
    expect((await searchServicesWithRealServers({ q: '', state: 'halt', skip: 0, take: 50 })).total).toBe(0);
    expect((await pendingChanges()).pending).toBe(true);
  }, 120_000);

  it('the banner compares versions and renders nothing; the Apply page compares the files (a change undone is then not pending)', async () => {
    // As an apply leaves it: a revision of the current rendering and version.
    const h0 = await currentConfigurationHash();
    await getDb().configRevision.create({
      data: { hash: h0, configVersion: await version(), artefacts: '{}', snapshot: '{}', actor: 'test' },
    });
    expect(await pendingChanges({ exact: false })).toMatchObject({ pending: false, compared: true });
    // A change and its undoing: the version moved twice, the files are the same again.
    await getDb().$executeRawUnsafe(`UPDATE "RealServer" SET "weight" = 7 WHERE "label" = 'RS_9_1'`);
    expect(await pendingChanges({ exact: false })).toMatchObject({ pending: true, compared: false });
    await getDb().$executeRawUnsafe(`UPDATE "RealServer" SET "weight" = 100 WHERE "label" = 'RS_9_1'`);
    expect(await pendingChanges({ exact: false })).toMatchObject({ pending: true, compared: false });
    // The Apply page renders and compares; from then on the banner knows.
    expect(await pendingChanges()).toMatchObject({ pending: false, compared: true });
    expect(await pendingChanges({ exact: false })).toMatchObject({ pending: false, compared: true });
    await getDb().configRevision.deleteMany();
  }, 60_000);

  it('every write moves the version, also one made outside the console (raw SQL); an apply’s bookkeeping does not', async () => {
    const v0 = await version();
    const h0 = await currentConfigurationHash();
    expect(await currentConfigurationHash()).toBe(h0); // nothing changed: the same hash, from the cache
    // Another process (the CLI, a restore) changes a weight: the banner's hash follows.
    await getDb().$executeRawUnsafe(`UPDATE "RealServer" SET "weight" = 50 WHERE "label" = 'RS_7_3'`);
    expect(await version()).toBe(v0 + 1);
    const h1 = await currentConfigurationHash();
    expect(h1).not.toBe(h0);
    // A director's apply bookkeeping is not configuration.
    await getDb().director.update({
      where: { name: 'director1' },
      data: { appliedHash: 'x', appliedAt: new Date(), lastApplyStatus: 'succeeded' },
    });
    expect(await version()).toBe(v0 + 1);
    // Its address is.
    await getDb().director.update({ where: { name: 'director1' }, data: { port: 2 } });
    expect(await version()).toBe(v0 + 2);
    await getDb().$executeRawUnsafe(`UPDATE "RealServer" SET "weight" = 100 WHERE "label" = 'RS_7_3'`);
    await getDb().director.update({ where: { name: 'director1' }, data: { port: 1 } });
    expect(await currentConfigurationHash()).toBe(h0);
  }, 120_000);
});

describe('5,000 services', () => {
  it('import, export and render past 5,000 ids in one statement', async () => {
    await restoreConfiguration({ document: document(5_000, 1), actor: 'test' });
    expect((await exportConfiguration()).virtualServices).toHaveLength(5_000);
    expect((await loadRenderInput()).services).toHaveLength(5_000);
    expect((await pendingChanges()).pending).toBe(true);
  }, 240_000);
});
