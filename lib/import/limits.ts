// What an import may be: the same limits for the Import page, its server action, the REST API, the CLI
// and a director's files. A file past them is refused with what was too large, never parsed into
// millions of objects. Pure.

import { byteLength, IMPORT_LIMIT_TEXT, IMPORT_MAX_BYTES, tooLargeMessage } from '../schemas/import-source';

export { byteLength, IMPORT_LIMIT_TEXT, IMPORT_MAX_BYTES, tooLargeMessage };
export const IMPORT_MAX_LINES = 1_000_000;
/** Longer lines are refused (no configuration line of these formats comes near it). */
export const IMPORT_MAX_LINE_LENGTH = 8_192;
/** keepalived.conf words and braces, over every file. */
export const IMPORT_MAX_TOKENS = 2_000_000;
/** Refusals listed; past it one more line says how many were left out. */
export const IMPORT_MAX_ISSUES = 500;
/** Files an `include` may bring in, and how many of them on one import from a director. */
export const IMPORT_MAX_FILES = 256;

/** At most `max` characters of a file's text, for a refusal that quotes it. */
export function excerpt(text: string, max = 80): string {
  const oneLine = text.replace(/[\r\n\t]+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max)}… (${oneLine.length} characters)`;
}

/**
 * The lines of a file, or why it is refused: too many lines, or the first line that is too long. Every
 * parser reads its file through this, so no regular expression ever sees an unbounded line.
 */
export function linesWithin(text: string): { lines: string[] } | { refused: { line: number; message: string } } {
  const lines = text.split(/\r?\n/);
  if (lines.length > IMPORT_MAX_LINES)
    return {
      refused: {
        line: IMPORT_MAX_LINES + 1,
        message: `more than ${IMPORT_MAX_LINES.toLocaleString('en')} lines: an import takes at most that many. Nothing was read.`,
      },
    };
  const long = lines.findIndex((l) => l.length > IMPORT_MAX_LINE_LENGTH);
  if (long >= 0)
    return {
      refused: {
        line: long + 1,
        message: `a line of ${lines[long].length.toLocaleString('en')} characters (at most ${IMPORT_MAX_LINE_LENGTH.toLocaleString('en')}): "${excerpt(lines[long], 40)}". Nothing was read.`,
      },
    };
  return { lines };
}

/** Issues with a cap: the first IMPORT_MAX_ISSUES are kept, the rest counted into one last line. */
export class IssueList<T extends { file: string; line: number; message: string }> {
  readonly items: T[] = [];
  private left = 0;
  private lastPlace: { file: string; line: number } | null = null;

  push(issue: T) {
    if (this.items.length < IMPORT_MAX_ISSUES) this.items.push(issue);
    else {
      this.left++;
      this.lastPlace = { file: issue.file, line: issue.line };
    }
  }

  /** Every issue pushed, listed or not. */
  get length(): number {
    return this.items.length + this.left;
  }

  /** Every issue, with one more that counts those left out. */
  list(): T[] {
    if (!this.left || !this.lastPlace) return this.items;
    return [
      ...this.items,
      {
        ...this.lastPlace,
        message: `and ${this.left.toLocaleString('en')} more problems, not listed (the first ${IMPORT_MAX_ISSUES} are).`,
      } as T,
    ];
  }
}
