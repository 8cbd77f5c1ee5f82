// Secrets at rest (the console's SSH private key): AES-256-GCM with a key kept in the data directory,
// outside the database, so that a copy of the database (or a backup) does not carry usable secrets.
import 'server-only';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config';

/**
 * The sealing key. It is created only when the first secret is sealed: a missing file when a secret
 * is opened means the data directory lost it, and a new key would not open the old secrets.
 */
function masterKey(create: boolean): Buffer {
  const file = path.join(loadConfig().dataDir, 'secrets.key');
  if (!fs.existsSync(file)) {
    if (!create)
      throw new Error(
        `${file} is missing. Put back the secrets.key of this data directory (from its backup); without it the console's SSH key must be made anew and authorised on every director again.`,
      );
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} is damaged: it must hold 32 random bytes in base64.`);
  return key;
}

export function sealSecret(plain: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', masterKey(true), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
}

export function openSecret(sealed: string): string {
  const [v, iv, tag, data] = sealed.split(':');
  if (v !== 'v1') throw new Error('unknown secret format');
  const decipher = crypto.createDecipheriv('aes-256-gcm', masterKey(false), Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(
      `${path.join(loadConfig().dataDir, 'secrets.key')} does not open this secret: it is not the key this data directory was made with. Put back its own secrets.key.`,
    );
  }
}
