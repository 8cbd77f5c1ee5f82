// Password hashing: argon2id with the library's defaults (m=19 MiB, t=2, p=1, OWASP's minimum).
import { hash, verify } from '@node-rs/argon2';
import { MIN_PASSWORD_LENGTH, passwordSchema } from '../../schemas/user';

// Algorithm.Argon2id; the package's enum is an ambient const enum, which isolated modules cannot read.
const ARGON2ID = 2;

export { MIN_PASSWORD_LENGTH };

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/** Returns what is wrong with a new password, or null when it is acceptable (the shared schema decides). */
export function passwordProblem(password: string): string | null {
  const r = passwordSchema.safeParse(password);
  return r.success ? null : r.error.issues[0].message;
}
