// Differences between two renderings, per director and file, as unified diffs people can read.
// A 10,000-service keepalived.conf is tens of megabytes: the lines both sides share at the start and at
// the end are set aside before the diff (a change to one service is then a diff of a few lines, not of a
// million), and what is shown is capped (the files themselves are downloads on View Configuration).
import { createTwoFilesPatch } from 'diff';
import type { Artefacts } from '.';

export interface FileDiff {
  director: string;
  path: string;
  status: 'added' | 'removed' | 'changed' | 'same';
  patch: string; // unified diff, empty when the same
}

/** The most lines of a patch shown; the rest is counted. */
export const PATCH_LINE_LIMIT = 2_000;
const CONTEXT = 3;
/** Changed lines (both sides) up to which a minimal diff is computed. */
const MYERS_LINE_LIMIT = 20_000;

function splitLines(text: string): string[] {
  return text === '' ? [] : text.split('\n');
}

/** A unified diff of two texts, diffing only the part between their common first and last lines. */
export function filePatch(oldName: string, newName: string, before: string, after: string): string {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  // Keep the context lines around the change; the hunk headers are moved back to the whole file's lines.
  const from = Math.max(0, head - CONTEXT);
  const cut = Math.max(0, tail - CONTEXT);
  // A whole new or removed file, or a change to most of a large one (a setting every service uses): one
  // hunk that removes the old lines and adds the new ones. Myers' diff is quadratic in what changed, and
  // would take minutes on a million changed lines.
  if (!a.length || !b.length || a.length + b.length - 2 * (head + tail) > MYERS_LINE_LIMIT) {
    const aMid = a.slice(from, a.length - cut);
    const bMid = b.slice(from, b.length - cut);
    const noNewline = (lines: string[]) => (lines.length && lines.at(-1) === '' ? lines.slice(0, -1) : lines);
    const oldLines = cut > 0 ? aMid : noNewline(aMid);
    const newLines = cut > 0 ? bMid : noNewline(bMid);
    const hunk = `@@ -${oldLines.length ? from + 1 : from},${oldLines.length} +${newLines.length ? from + 1 : from},${newLines.length} @@`;
    // Only the lines shown are built (a new 10,000-service keepalived.conf has a million).
    const shown: string[] = [`--- ${oldName}`, `+++ ${newName}`, hunk];
    for (const l of oldLines) {
      if (shown.length >= PATCH_LINE_LIMIT) break;
      shown.push(`-${l}`);
    }
    for (const l of newLines) {
      if (shown.length >= PATCH_LINE_LIMIT) break;
      shown.push(`+${l}`);
    }
    const removed = oldLines.length - Math.min(oldLines.length, PATCH_LINE_LIMIT - 3);
    const added = newLines.length - (shown.length - 3 - (oldLines.length - removed));
    return removed + added > 0 ? `${shown.join('\n')}\n${notShown(removed + added, removed, added)}` : shown.join('\n');
  }
  // Lines cut off at the end mean the excerpt's last line had its newline.
  const excerpt = (lines: string[]) => lines.slice(from, lines.length - cut).join('\n') + (cut > 0 ? '\n' : '');
  const raw = createTwoFilesPatch(oldName, newName, excerpt(a), excerpt(b), '', '', { context: CONTEXT });
  const body = raw.split('\n').slice(3); // "=====", "--- old", "+++ new": written below without the tabs
  const shifted = body.map((line) =>
    line.replace(
      /^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@/,
      (_m, s1: string, c1 = '', s2: string, c2 = '') =>
        `@@ -${Number(s1) + (Number(s1) > 0 ? from : 0)}${c1} +${Number(s2) + (Number(s2) > 0 ? from : 0)}${c2} @@`,
    ),
  );
  return capPatch([`--- ${oldName}`, `+++ ${newName}`, ...shifted].join('\n'));
}

function capPatch(patch: string): string {
  const lines = patch.split('\n');
  if (lines.length <= PATCH_LINE_LIMIT) return patch;
  const removed = lines.slice(PATCH_LINE_LIMIT).filter((l) => l.startsWith('-')).length;
  const added = lines.slice(PATCH_LINE_LIMIT).filter((l) => l.startsWith('+')).length;
  return `${lines.slice(0, PATCH_LINE_LIMIT).join('\n')}\n${notShown(lines.length - PATCH_LINE_LIMIT, removed, added)}`;
}

const notShown = (lines: number, removed: number, added: number) =>
  `... ${lines.toLocaleString('en')} more lines of this diff not shown (${removed.toLocaleString('en')} removed, ${added.toLocaleString('en')} added); the whole file is a download on View Configuration.`;

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
      const patch = status === 'same' ? '' : filePatch(`${director}${path} (applied)`, `${director}${path} (now)`, old ?? '', now ?? '');
      out.push({ director, path, status, patch });
    }
  }
  return out;
}
