// The console's own SSH key pair (ed25519), one per installation. The private key is stored sealed.
import 'server-only';
import { getDb } from '../platform/db-client';
import { openSecret, sealSecret } from '../platform/secrets';
import { AppError } from '../platform/errors';
import { authorizeCommand, generateKeyPair } from '../../director/ssh-key';

const PUBLIC = 'sshPublicKey';
const PRIVATE = 'sshPrivateKeySealed';

export interface ConsoleKey {
  publicKey: string;
  privateKey: string;
}

export async function getConsoleKey(): Promise<ConsoleKey> {
  const db = getDb();
  const rows = await db.setting.findMany({ where: { key: { in: [PUBLIC, PRIVATE] } } });
  const pub = rows.find((r) => r.key === PUBLIC)?.value;
  const priv = rows.find((r) => r.key === PRIVATE)?.value;
  if (pub && priv) {
    try {
      return { publicKey: pub, privateKey: openSecret(priv) };
    } catch (err) {
      throw new AppError(
        'INTERNAL',
        `The console's SSH key cannot be unsealed: ${err instanceof Error ? err.message : String(err)} Nothing was sent to any director.`,
        { cause: err },
      );
    }
  }
  const pair = generateKeyPair('lvs-console');
  const publicKey = pair.public;
  await db.$transaction([
    db.setting.upsert({ where: { key: PUBLIC }, create: { key: PUBLIC, value: publicKey }, update: { value: publicKey } }),
    db.setting.upsert({
      where: { key: PRIVATE },
      create: { key: PRIVATE, value: sealSecret(pair.private) },
      update: { value: sealSecret(pair.private) },
    }),
  ]);
  return { publicKey, privateKey: pair.private };
}

/** The console's public key and the one line that authorises it on a director (nothing is unsealed). */
export async function getConsolePublicKey(): Promise<{ publicKey: string; authorizeCommand: string }> {
  const row = await getDb().setting.findUnique({ where: { key: PUBLIC } });
  const publicKey = row?.value ?? (await getConsoleKey()).publicKey;
  return { publicKey, authorizeCommand: authorizeCommand(publicKey) };
}
