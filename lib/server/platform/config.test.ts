import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to port 9443 and a database inside ./data', () => {
    const c = loadConfig({});
    expect(c.port).toBe(9443);
    expect(c.dataDir).toBe(path.resolve('data'));
    expect(c.databaseUrl).toBe(`file:${path.resolve('data', 'lvs-console.db')}`);
    expect(c.adminPassword).toBeUndefined();
  });

  it('lets PORT, LVS_DATA_DIR and DATABASE_URL override the defaults', () => {
    const c = loadConfig({ PORT: '10443', LVS_DATA_DIR: '/srv/lvs', DATABASE_URL: 'file:/var/lib/x.db' });
    expect(c).toMatchObject({ port: 10443, dataDir: '/srv/lvs', databaseUrl: 'file:/var/lib/x.db' });
  });

  it('says which variable is wrong and what to use instead', () => {
    expect(() => loadConfig({ PORT: 'https' })).toThrow('PORT="https" is not valid: use a whole number from 1 to 65535.');
    expect(() => loadConfig({ LVS_SESSION_MAX_AGE: '5' })).toThrow(/LVS_SESSION_MAX_AGE/);
  });
});
