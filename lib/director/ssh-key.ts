import crypto from 'node:crypto';
import ssh2 from 'ssh2';

// The one line an admin runs on a director (as root) to let the console's key in.
export function authorizeCommand(publicKey: string): string {
  return `mkdir -p /root/.ssh && chmod 700 /root/.ssh && echo '${publicKey}' >> /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys`;
}

/**
 * A new ed25519 key pair in OpenSSH format, and the SHA256 fingerprint of its public key.
 * ssh2's generator drops a leading zero byte of the public key about once in 240 keys (a 31-byte key that
 * neither ssh2 nor OpenSSH accepts), so a pair is kept only when both halves parse back whole.
 */
export function generateKeyPair(comment = ''): { public: string; private: string; fingerprint: string } {
  for (let attempt = 0; attempt < 20; attempt++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment });
    const pub = ssh2.utils.parseKey(pair.public);
    const priv = ssh2.utils.parseKey(pair.private);
    if (pub instanceof Error || priv instanceof Error) continue;
    const blob = pub.getPublicSSH();
    if (blob.length !== ED25519_BLOB_BYTES || !blob.equals(priv.getPublicSSH())) continue;
    const fingerprint = `SHA256:${crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
    return { public: pair.public.trim(), private: pair.private, fingerprint };
  }
  throw new Error('No valid ed25519 key pair after 20 attempts.');
}

/** string "ssh-ed25519" (4 + 11 bytes) and the 32-byte key (4 + 32). */
const ED25519_BLOB_BYTES = 51;
