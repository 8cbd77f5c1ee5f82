// Everything the first start creates, and every later start checks: data directory, session secret,
// database schema, admin user (or setup token) and TLS certificate.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ConsoleConfig } from '../server/platform/config';
import { ensureTls, type TlsMaterial } from './tls';
import { applyPendingMigrations } from '../server/platform/migrations';
import { bootstrapAdmin, type BootstrapOutcome } from '../server/auth/setup';
import { failInterruptedApplies } from '../server/apply/recovery';

export interface BootstrapResult {
  tls: TlsMaterial;
  admin: BootstrapOutcome;
  appliedMigrations: string[];
}

function ensureSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

export async function bootstrap(config: ConsoleConfig): Promise<BootstrapResult> {
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  process.env.NEXTAUTH_SECRET ||= ensureSecret(config.dataDir);
  // The console is reached by whatever address the admin types; next-auth must build its URLs from it.
  process.env.AUTH_TRUST_HOST = 'true';
  process.env.LVS_DATA_DIR = config.dataDir;
  process.env.DATABASE_URL = config.databaseUrl;
  // How leases name this console (lib/server/platform/lease): its host and port.
  process.env.PORT = String(config.port);
  const appliedMigrations = await applyPendingMigrations(config.databaseUrl);
  const admin = await bootstrapAdmin(config.adminPassword);
  // Applies a stopped console left running (taken over at once when that console was this one, on this host).
  await failInterruptedApplies();
  const tls = await ensureTls(config.dataDir, { cert: config.tlsCert, key: config.tlsKey });
  return { tls, admin, appliedMigrations };
}
