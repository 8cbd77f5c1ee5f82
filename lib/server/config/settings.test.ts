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
    expect(await getConsoleSettings()).toEqual({ drainPersistentClients: 'follow', checkTiming: DEFAULT_CHECK_TIMING });
    expect(await sysctl()).toContain('net.ipv4.vs.expire_quiescent_template = 1');
  });

  it('"stay" keeps persistent clients on a drained server until their persistence ends, and travels with a backup', async () => {
    await updateConsoleSettings({ input: { drainPersistentClients: 'stay' }, actor: 'test' });
    expect(await sysctl()).toContain('net.ipv4.vs.expire_quiescent_template = 0');
    const backup = await exportConfiguration();
    expect(backup.settings).toEqual({ drainPersistentClients: 'stay', checkTiming: DEFAULT_CHECK_TIMING });
    await updateConsoleSettings({ input: { drainPersistentClients: 'follow' }, actor: 'test' });
    const plan = await restoreConfiguration({ document: backup, actor: 'test' });
    expect(plan.update).toEqual(['settings']);
    expect(await getConsoleSettings()).toEqual({ drainPersistentClients: 'stay', checkTiming: DEFAULT_CHECK_TIMING });
    await expect(updateConsoleSettings({ input: { drainPersistentClients: 'sometimes' }, actor: 'test' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'drainPersistentClients',
    });
  });
});
