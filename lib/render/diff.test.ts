import { createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { diffRenderings, filePatch, PATCH_LINE_LIMIT } from './diff';

const big = (n: number, change?: number) =>
  Array.from({ length: n }, (_, i) => `virtual_server fwmark ${i} { weight ${i === change ? 2 : 1} }`).join('\n') + '\n';

describe('file diffs', () => {
  it('shows a change deep in a large file as the same hunk a whole-file diff gives, at the right line', () => {
    const before = big(200_000);
    const after = big(200_000, 150_000);
    const patch = filePatch('k (applied)', 'k (now)', before, after);
    expect(patch.split('\n').slice(0, 3)).toEqual(['--- k (applied)', '+++ k (now)', '@@ -149998,7 +149998,7 @@']);
    expect(patch).toContain('-virtual_server fwmark 150000 { weight 1 }\n+virtual_server fwmark 150000 { weight 2 }');
    // The same hunks as the library's diff of the whole file (on a size it can do quickly).
    const a = big(2_000);
    const b = big(2_000, 1_000).replace('fwmark 10 {', 'fwmark 10 { # moved\n');
    const whole = createTwoFilesPatch('x', 'y', a, b, '', '', { context: 3 }).split('\n').slice(3).join('\n');
    expect(filePatch('x', 'y', a, b).split('\n').slice(2).join('\n')).toBe(whole);
  });

  it('caps a file that is new as a whole and counts what it leaves out', () => {
    const [d] = diffRenderings({}, { director1: { '/etc/keepalived/keepalived.conf': big(10_000) } });
    expect(d.status).toBe('added');
    const lines = d.patch.split('\n');
    expect(lines.length).toBe(PATCH_LINE_LIMIT + 1);
    expect(lines.at(-1)).toMatch(
      /^\.\.\. 8,00\d more lines of this diff not shown \(0 removed, 8,00\d added\); the whole file is a download on View Configuration\.$/,
    );
  });
});

describe('file diffs of large changes', () => {
  it('shows a change to every line of a large file as one hunk, quickly, with the right counts', () => {
    const before = big(100_000);
    const after = before.replaceAll('{ weight 1 }', '{ weight 3 }');
    const patch = filePatch('k (applied)', 'k (now)', before, after);
    expect(patch.split('\n').slice(0, 4)).toEqual([
      '--- k (applied)',
      '+++ k (now)',
      '@@ -1,100000 +1,100000 @@',
      '-virtual_server fwmark 0 { weight 1 }',
    ]);
    expect(patch).toMatch(/198,00\d more lines of this diff not shown \(98,00\d removed, 100,000 added\)/);
  });
});
