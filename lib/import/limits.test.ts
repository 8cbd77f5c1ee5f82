// Hostile or broken input to the importers: every one is refused with what was wrong, in bounded time and
// memory, never a crash (which the API would answer with 500) and never millions of issues.
import { describe, expect, it } from 'vitest';
import { mapIpvsadmSave } from './ipvsadm';
import { mapLdirectord } from './ldirectord';
import { parseKeepalived } from './keepalived-parse';
import { excerpt, IMPORT_MAX_FILES, IMPORT_MAX_ISSUES, IMPORT_MAX_LINE_LENGTH, IMPORT_MAX_TOKENS } from './limits';

describe('importer limits', () => {
  it('ipvsadm: "__proto__" and other words of JavaScript objects are only tokens', () => {
    for (const word of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const m = mapIpvsadmSave(`-A -t 10.0.0.1:80 -s wlc ${word}\n-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 1 ${word}\n`, 'rules');
      expect(m.refusals).toEqual([]);
      expect(m.services.map((s) => `${s.label} ${s.realServers.length}`)).toEqual(['10.0.0.1_80 1']);
    }
    expect(mapIpvsadmSave('-A -t __proto__ -s wlc\n', 'rules').refusals[0].message).toMatch(/not a numeric address:port/);
  });

  it('keepalived.conf: a file of nothing but braces stops at the token budget, with a bounded list of problems', () => {
    const t0 = Date.now();
    const { issues } = parseKeepalived(
      { path: 'k.conf', text: `${'{ '.repeat(1_000)}\n`.repeat(IMPORT_MAX_TOKENS / 1_000 + 10) },
      () => null,
    );
    expect(issues.length).toBe(1);
    expect(issues[0].message).toMatch(/more than 2,000,000 words and braces/);
    const some = parseKeepalived({ path: 'k.conf', text: '{ '.repeat(3_000) }, () => null);
    expect(some.issues).toHaveLength(IMPORT_MAX_ISSUES + 1);
    // 3,000 braces that open no block, and the blocks not closed at the end
    expect(some.issues.at(-1)!.message).toBe(`and 2,501 more problems, not listed (the first ${IMPORT_MAX_ISSUES} are).`);
    expect(Date.now() - t0).toBeLessThan(20_000); // a sanity bound, not a benchmark: it was unbounded
  });

  it('keepalived.conf: included files are counted and quoted names are cut', () => {
    const many = Array.from({ length: IMPORT_MAX_FILES + 5 }, (_, i) => ({ path: `/etc/keepalived/conf.d/${i}.conf`, text: '' }));
    const r = parseKeepalived({ path: '/etc/keepalived/keepalived.conf', text: 'include conf.d/*.conf\n' }, () => many);
    expect(r.issues.map((i) => i.message)).toEqual([
      `include conf.d/*.conf: more than ${IMPORT_MAX_FILES} included files in this import; /etc/keepalived/conf.d/${IMPORT_MAX_FILES}.conf and the rest are not read.`,
    ]);
    const long = `include /${'a'.repeat(5_000)}`;
    const refused = parseKeepalived({ path: 'k.conf', text: long }, () => ({ refused: 'not read.' }));
    expect(refused.issues[0].message.length).toBeLessThan(200);
    expect(refused.issues[0].message).toMatch(/^include \/a+… \(5001 characters\): not read\.$/);
  });

  it('a line longer than the limit is refused by its number, quoting 40 characters of it', () => {
    const text = `virtual=192.168.1.1:80\n${' '.repeat(IMPORT_MAX_LINE_LENGTH)}x\n`;
    for (const m of [mapLdirectord(text, 'l.cf'), mapIpvsadmSave(text, 'rules')]) {
      expect(m.refusals).toHaveLength(1);
      expect(m.refusals[0]).toMatchObject({
        line: 2,
        message: expect.stringMatching(/^a line of 8,193 characters \(at most 8,192\): ".{40}… \(8193 characters\)"\. Nothing was read\.$/),
      });
    }
  });

  it('ldirectord: a comment after a value is still dropped (found in one pass)', () => {
    const m = mapLdirectord('virtual=192.168.1.1:80   # the web VIP\n\treal=10.0.0.1:80 gate    # first\n\tchecktype=connect\n', 'l.cf');
    expect(m.refusals).toEqual([]);
    expect(m.services[0].realServers.map((r) => r.ip)).toEqual(['10.0.0.1']);
  });

  it('refusals list at most the limit, then say how many more there were', () => {
    const m = mapIpvsadmSave('-X nonsense\n'.repeat(2_000), 'rules');
    expect(m.refusals).toHaveLength(IMPORT_MAX_ISSUES + 1);
    expect(m.refusals.at(-1)).toEqual({
      file: 'rules',
      line: 2000,
      message: `and 1,500 more problems, not listed (the first ${IMPORT_MAX_ISSUES} are).`,
    });
  });

  it('excerpt keeps short text and cuts long text to one line', () => {
    expect(excerpt('include x.conf')).toBe('include x.conf');
    expect(excerpt('a\nb'.repeat(100), 10)).toBe('a ba ba ba… (300 characters)');
  });
});
