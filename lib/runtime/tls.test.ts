import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureTls } from './tls';

describe('ensureTls', () => {
  it('generates a certificate once, then reuses it with the same fingerprint', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-tls-'));
    const first = await ensureTls(dir);
    expect(first.source).toBe('generated');
    expect(first.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const x = new crypto.X509Certificate(first.cert);
    expect(x.checkPrivateKey(crypto.createPrivateKey(first.key))).toBe(true);
    expect(x.subjectAltName).toContain('IP Address:127.0.0.1');
    expect((fs.statSync(path.join(dir, 'tls', 'key.pem')).mode & 0o777).toString(8)).toBe('600');

    const second = await ensureTls(dir);
    expect(second.source).toBe('reused');
    expect(second.fingerprint256).toBe(first.fingerprint256);
  });

  it('uses the admin’s own certificate, and names a missing file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-tls-'));
    const made = await ensureTls(dir);
    const given = await ensureTls('/nonexistent', { cert: made.certPath, key: path.join(dir, 'tls', 'key.pem') });
    expect(given).toMatchObject({ source: 'given', fingerprint256: made.fingerprint256 });
    await expect(ensureTls(dir, { cert: '/nope/cert.pem', key: made.certPath })).rejects.toThrow(
      'LVS_TLS_CERT points at /nope/cert.pem, which does not exist.',
    );
    await expect(ensureTls(dir, { cert: made.certPath })).rejects.toThrow(/both LVS_TLS_CERT and LVS_TLS_KEY/);
  });
});
