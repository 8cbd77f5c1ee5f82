// The console's key pair: every generated key is one OpenSSH accepts (ssh2's generator alone gets about 1 in
// 240 wrong, which made a fresh installation's key, and a test's fake director, fail at random).
import { describe, expect, it } from 'vitest';
import ssh2 from 'ssh2';
import { generateKeyPair } from './ssh-key';

describe('generateKeyPair', () => {
  it('gives 2,000 pairs in a row whose public key parses whole and whose fingerprint is the public key’s', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const pair = generateKeyPair('lvs-console');
      const pub = ssh2.utils.parseKey(pair.public);
      if (pub instanceof Error) throw new Error(`key ${i} does not parse: ${pair.public}`);
      expect(pub.getPublicSSH().length).toBe(51);
      expect(pair.public).toMatch(/^ssh-ed25519 [A-Za-z0-9+/]{68} lvs-console$/);
      seen.add(pair.fingerprint);
    }
    expect(seen.size).toBe(2000);
  });
});
