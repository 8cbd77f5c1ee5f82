// Differences between two renderings, per director and file, as unified diffs people can read.
import { createTwoFilesPatch } from 'diff';
import type { Artefacts } from '.';

export interface FileDiff {
  director: string;
  path: string;
  status: 'added' | 'removed' | 'changed' | 'same';
  patch: string; // unified diff, empty when the same
}

export function diffRenderings(before: Record<string, Artefacts>, after: Record<string, Artefacts>): FileDiff[] {
  const out: FileDiff[] = [];
  const directors = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const director of directors) {
    const a = before[director] ?? {};
    const b = after[director] ?? {};
    for (const path of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const old = a[path];
      const now = b[path];
      const status = old === undefined ? 'added' : now === undefined ? 'removed' : old === now ? 'same' : 'changed';
      const patch = status === 'same' ? '' : createTwoFilesPatch(`${director}${path} (applied)`, `${director}${path} (now)`, old ?? '', now ?? '', '', '', { context: 3 }).split('\n').slice(2).join('\n');
      out.push({ director, path, status, patch });
    }
  }
  return out;
}
