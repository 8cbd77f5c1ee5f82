// The console's configuration, from the environment, with the defaults the README documents.
import path from 'node:path';

export interface ConsoleConfig {
  dataDir: string;
  databaseUrl: string;
  port: number;
  host: string;
  tlsCert?: string;
  tlsKey?: string;
  adminPassword?: string;
  sessionMaxAgeSeconds: number;
}

function intFromEnv(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name}="${raw}" is not valid: use a whole number from ${min} to ${max}.`);
  }
  return n;
}

export type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): ConsoleConfig {
  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.LVS_DATA_DIR || './data');
  return {
    dataDir,
    databaseUrl: env.DATABASE_URL || `file:${path.join(dataDir, 'lvs-console.db')}`,
    port: intFromEnv(env, 'PORT', 9443, 1, 65535),
    host: env.HOST || '0.0.0.0',
    tlsCert: env.LVS_TLS_CERT || undefined,
    tlsKey: env.LVS_TLS_KEY || undefined,
    adminPassword: env.LVS_ADMIN_PASSWORD || undefined,
    sessionMaxAgeSeconds: intFromEnv(env, 'LVS_SESSION_MAX_AGE', 8 * 3600, 60, 30 * 24 * 3600),
  };
}
