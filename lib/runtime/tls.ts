// The console's TLS certificate: the admin's own (LVS_TLS_CERT/LVS_TLS_KEY), or a self-signed one
// made at first start in the data directory and reused afterwards.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  cert: string;
  key: string;
  fingerprint256: string; // AA:BB:... as browsers show it
  source: 'given' | 'generated' | 'reused';
  certPath: string;
}

function fingerprintOf(certPem: string): string {
  return new crypto.X509Certificate(certPem).fingerprint256;
}

export async function ensureTls(dataDir: string, given?: { cert?: string; key?: string }): Promise<TlsMaterial> {
  if (given?.cert || given?.key) {
    if (!given.cert || !given.key) throw new Error('Set both LVS_TLS_CERT and LVS_TLS_KEY (PEM files), or neither.');
    for (const [name, p] of [
      ['LVS_TLS_CERT', given.cert],
      ['LVS_TLS_KEY', given.key],
    ] as const) {
      if (!fs.existsSync(p)) throw new Error(`${name} points at ${p}, which does not exist.`);
    }
    const cert = fs.readFileSync(given.cert, 'utf8');
    const key = fs.readFileSync(given.key, 'utf8');
    return { cert, key, fingerprint256: fingerprintOf(cert), source: 'given', certPath: given.cert };
  }
  const dir = path.join(dataDir, 'tls');
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  if (fs.existsSync(certPath) && fs.existsSync(keyPath)) {
    const cert = fs.readFileSync(certPath, 'utf8');
    return { cert, key: fs.readFileSync(keyPath, 'utf8'), fingerprint256: fingerprintOf(cert), source: 'reused', certPath };
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const host = os.hostname();
  const now = new Date();
  const pems = await generate(
    [
      { name: 'commonName', value: host },
      { name: 'organizationName', value: 'lvs-console' },
    ],
    {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: new Date(now.getTime() - 60_000),
      notAfterDate: new Date(now.getTime() + 825 * 24 * 3600 * 1000), // the longest browsers accept
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: host },
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
            { type: 7, ip: '::1' },
          ],
        },
      ],
    },
  );
  fs.writeFileSync(keyPath, pems.private, { mode: 0o600 });
  fs.writeFileSync(certPath, pems.cert, { mode: 0o644 });
  return { cert: pems.cert, key: pems.private, fingerprint256: fingerprintOf(pems.cert), source: 'generated', certPath };
}
