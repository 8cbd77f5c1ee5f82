// The console's own SSH key pair (ed25519), one per installation. The private key is stored sealed.
import ssh2 from 'ssh2';
import { getDb } from '../server/db-client';
import { openSecret, sealSecret } from '../server/secrets';

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
  if (pub && priv) return { publicKey: pub, privateKey: openSecret(priv) };
  const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: 'lvs-console' });
  const publicKey = pair.public.trim();
  await db.$transaction([
    db.setting.upsert({ where: { key: PUBLIC }, create: { key: PUBLIC, value: publicKey }, update: { value: publicKey } }),
    db.setting.upsert({ where: { key: PRIVATE }, create: { key: PRIVATE, value: sealSecret(pair.private) }, update: { value: sealSecret(pair.private) } }),
  ]);
  return { publicKey, privateKey: pair.private };
}

/** The one line an admin runs on a director (as root) to let the console in. */
export function authorizeCommand(publicKey: string): string {
  return `mkdir -p /root/.ssh && chmod 700 /root/.ssh && echo '${publicKey}' >> /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys`;
}
