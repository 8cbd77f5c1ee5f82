// What persistent clients of a drained real server do: stored, exported and restored with the
// configuration, and rendered into the directors' sysctl file.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../test/temp-db';
import { getConsoleSettings, updateConsoleSettings } from './settings';
import { exportConfiguration } from './backup';
import { restoreConfiguration } from './restore';
import { loadRenderInput } from './rendering';
import { renderConfiguration } from '../../render';
import { DIRECTOR_PATHS } from '../../render/model';
import { SEED_DR } from '../../schemas/seed';
import { DEFAULT_CHECK_TIMING } from '../../schemas/settings';

beforeAll(async () => {
  await useTempDatabase();
  await restoreConfiguration({ document: SEED_DR, actor: 'test' });
});

const sysctl = async () => renderConfiguration(await loadRenderInput()).directors.director1[DIRECTOR_PATHS.sysctl];

describe('drain behaviour for persistent clients', () => {
  it('is "follow" by default: a drained server gets no client at all', async () => {
    expect(await getConsoleSettings()).toEqual({
      drainPersistentClients: 'follow',
      checkTiming: DEFAULT_CHECK_TIMING,
      quiescent: false,
      vrrpVersion: 2,
      vrrpAdvertInterval: 1,
      autoNatInterface: '',
    });
    expect(await sysctl()).toContain('net.ipv4.vs.expire_quiescent_template = 1');
  });

  it('"stay" keeps persistent clients on a drained server until their persistence ends, and travels with a backup', async () => {
    await updateConsoleSettings({ input: { drainPersistentClients: 'stay' }, actor: 'test' });
    expect(await sysctl()).toContain('net.ipv4.vs.expire_quiescent_template = 0');
    const backup = await exportConfiguration();
    expect(backup.settings).toEqual({
      drainPersistentClients: 'stay',
      checkTiming: DEFAULT_CHECK_TIMING,
      quiescent: false,
      vrrpVersion: 2,
      vrrpAdvertInterval: 1,
      autoNatInterface: '',
    });
    await updateConsoleSettings({ input: { drainPersistentClients: 'follow' }, actor: 'test' });
    const plan = await restoreConfiguration({ document: backup, actor: 'test' });
    expect(plan.update).toEqual(['settings']);
    expect(await getConsoleSettings()).toEqual({
      drainPersistentClients: 'stay',
      checkTiming: DEFAULT_CHECK_TIMING,
      quiescent: false,
      vrrpVersion: 2,
      vrrpAdvertInterval: 1,
      autoNatInterface: '',
    });
    await expect(updateConsoleSettings({ input: { drainPersistentClients: 'sometimes' }, actor: 'test' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'drainPersistentClients',
    });
  });
});

describe('quiescent', () => {
  it('is off by default; on, it is stored as a boolean, travels with a backup, and every service without its own setting renders inhibit_on_failure', async () => {
    const conf = async () => renderConfiguration(await loadRenderInput()).directors.director1[DIRECTOR_PATHS.keepalived];
    expect(await conf()).not.toContain('inhibit_on_failure');
    await updateConsoleSettings({ input: { quiescent: true }, actor: 'test' });
    expect((await getConsoleSettings()).quiescent).toBe(true);
    const on = await conf();
    expect(on.match(/inhibit_on_failure/g)?.length).toBe(SEED_DR.virtualServices.reduce((n, s) => n + s.realServers.length, 0));
    const backup = await exportConfiguration();
    expect(backup.settings.quiescent).toBe(true);
    // A service's own setting wins over the global one.
    backup.virtualServices[0].quiescent = false;
    await restoreConfiguration({ document: { ...backup, settings: { ...backup.settings, quiescent: true } }, actor: 'test' });
    const mixed = await conf();
    expect(mixed.match(/inhibit_on_failure/g)?.length).toBe(SEED_DR.virtualServices.slice(1).reduce((n, s) => n + s.realServers.length, 0));
    await expect(updateConsoleSettings({ input: { quiescent: 'yes' }, actor: 'test' })).rejects.toMatchObject({ field: 'quiescent' });
    await updateConsoleSettings({ input: { quiescent: false }, actor: 'test' });
    expect((await getConsoleSettings()).quiescent).toBe(false);
  });
});
