// First-run setup of the admin user `loadbalancer`. There is no default password: either the first
// start is given LVS_ADMIN_PASSWORD, or a one-time setup token (printed in the server log) lets the
// first visitor choose the password on /setup.
import crypto from 'node:crypto';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { hashPassword, passwordProblem } from './password';
import { audit } from '../platform/audit';

export const ADMIN_USER = 'loadbalancer';
const SETUP_TOKEN_KEY = 'setupTokenHash';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export async function isSetupComplete(): Promise<boolean> {
  return (await getDb().user.count()) > 0;
}

export type BootstrapOutcome = { kind: 'existing' } | { kind: 'created-from-env' } | { kind: 'setup-token'; token: string };

/** Run at every start. Never changes an existing admin's password. */
export async function bootstrapAdmin(adminPassword?: string): Promise<BootstrapOutcome> {
  const db = getDb();
  if (await isSetupComplete()) {
    await db.setting.deleteMany({ where: { key: SETUP_TOKEN_KEY } });
    return { kind: 'existing' };
  }
  if (adminPassword) {
    const problem = passwordProblem(adminPassword);
    if (problem)
      throw new AppError('VALIDATION_FAILED', `LVS_ADMIN_PASSWORD is not acceptable: ${problem}`, { field: 'LVS_ADMIN_PASSWORD' });
    await db.user.create({ data: { name: ADMIN_USER, role: 'admin', passwordHash: await hashPassword(adminPassword) } });
    return { kind: 'created-from-env' };
  }
  // A new token at every start until setup is done: a token from an old log is worthless.
  const token = crypto.randomBytes(18).toString('base64url');
  await db.setting.upsert({
    where: { key: SETUP_TOKEN_KEY },
    create: { key: SETUP_TOKEN_KEY, value: sha256(token) },
    update: { value: sha256(token) },
  });
  return { kind: 'setup-token', token };
}

/** Completes first-run setup. Fails if setup is already done or the token is wrong. */
export async function completeSetup(input: { token: string; password: string }): Promise<void> {
  const db = getDb();
  const problem = passwordProblem(input.password);
  if (problem) throw new AppError('VALIDATION_FAILED', problem, { field: 'password' });
  const passwordHash = await hashPassword(input.password);
  await db.$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) throw new AppError('CONFLICT', 'Setup is already complete; sign in instead.');
    const stored = await tx.setting.findUnique({ where: { key: SETUP_TOKEN_KEY } });
    const given = Buffer.from(sha256(input.token.trim()));
    if (!stored || !crypto.timingSafeEqual(Buffer.from(stored.value), given)) {
      throw new AppError('FORBIDDEN', 'The setup token is wrong. Copy it from the server log of the latest start.', { field: 'token' });
    }
    await tx.user.create({ data: { name: ADMIN_USER, role: 'admin', passwordHash } });
    await tx.setting.delete({ where: { key: SETUP_TOKEN_KEY } });
    await audit(tx, { actor: ADMIN_USER, action: 'setup', objectType: 'User', after: { name: ADMIN_USER } });
  });
}
