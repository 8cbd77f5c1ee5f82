// keepalived.conf (2.x) as a tree of statements, each with the file and line it came from. Pure: the
// files an `include` names are read through the caller's `read` (a local folder, or a director over SSH).
// What keepalived's own parser accepts is accepted here; what cannot be read is reported with its place,
// never skipped in silence.

import {
  byteLength,
  excerpt,
  IMPORT_LIMIT_TEXT,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_FILES,
  IMPORT_MAX_TOKENS,
  IssueList,
  linesWithin,
} from './limits';

export interface ConfNode {
  keyword: string;
  args: string[];
  /** null for a plain statement, the statements inside for a block. */
  children: ConfNode[] | null;
  file: string;
  line: number;
}

export interface ConfIssue {
  file: string;
  line: number;
  message: string;
}

/**
 * Files for a pattern of an `include` (relative to the including file), in the order keepalived reads
 * them; null where includes cannot be followed at all (an uploaded file); `refused` where the reader
 * will not read them (e.g. outside /etc/keepalived/ on a director), with why.
 */
export type IncludeReader = (pattern: string, fromFile: string) => { path: string; text: string }[] | null | { refused: string };

interface Token {
  text: string;
  line: number;
  /** `{` and `}` outside quotes. */
  brace: boolean;
  /** The first token of its line. */
  first: boolean;
}

/** Words and braces, or why the file is not read: too many lines, a line too long, or past the budget of tokens for the whole import. */
function tokenize(text: string, budget: { tokens: number }): { tokens: Token[] } | { refused: { line: number; message: string } } {
  const within = linesWithin(text);
  if ('refused' in within) return within;
  const out: Token[] = [];
  const lines = within.lines;
  for (let i = 0; i < lines.length; i++) {
    if (out.length > budget.tokens)
      return {
        refused: {
          line: i + 1,
          message: `more than ${IMPORT_MAX_TOKENS.toLocaleString('en')} words and braces in the files of this import: it is not read further.`,
        },
      };
    const line = lines[i];
    let j = 0;
    let first = true;
    while (j < line.length) {
      const c = line[j];
      if (c === ' ' || c === '\t') {
        j++;
        continue;
      }
      if (c === '#' || c === '!') break; // a comment to the end of the line
      if (c === '{' || c === '}') {
        out.push({ text: c, line: i + 1, brace: true, first });
        first = false;
        j++;
        continue;
      }
      if (c === '"') {
        const end = line.indexOf('"', j + 1);
        const value = end < 0 ? line.slice(j + 1) : line.slice(j + 1, end);
        out.push({ text: value, line: i + 1, brace: false, first });
        first = false;
        j = end < 0 ? line.length : end + 1;
        continue;
      }
      let k = j;
      while (k < line.length && !' \t{}"'.includes(line[k]) && !(line[k] === '#' || line[k] === '!')) k++;
      out.push({ text: line.slice(j, k), line: i + 1, brace: false, first });
      first = false;
      j = k;
    }
  }
  budget.tokens -= out.length;
  return { tokens: out };
}

const MAX_INCLUDE_DEPTH = 8;

/** Parses a keepalived.conf and the files it includes. */
export function parseKeepalived(entry: { path: string; text: string }, read: IncludeReader): { nodes: ConfNode[]; issues: ConfIssue[] } {
  const issues = new IssueList<ConfIssue>();
  const root: ConfNode[] = [];
  const budget = { tokens: IMPORT_MAX_TOKENS, files: IMPORT_MAX_FILES, bytes: IMPORT_MAX_BYTES - byteLength(entry.text) };

  function parseFile(file: string, text: string, into: ConfNode[], depth: number) {
    const lexed = tokenize(text, budget);
    if ('refused' in lexed) {
      issues.push({ file, ...lexed.refused });
      return;
    }
    const { tokens } = lexed;
    const stack: ConfNode[][] = [into];
    let statement: Token[] = [];
    // The statement a "{" on the next line belongs to (a box: TypeScript does not follow closures).
    const lastRef: { node: ConfNode | null } = { node: null };
    const flush = () => {
      if (!statement.length) return;
      const [head, ...rest] = statement;
      statement = [];
      const node: ConfNode = { keyword: head.text, args: rest.map((t) => t.text), children: null, file, line: head.line };
      if (node.keyword === 'include') {
        lastRef.node = null;
        if (depth >= MAX_INCLUDE_DEPTH) {
          issues.push({ file, line: node.line, message: `include nested more than ${MAX_INCLUDE_DEPTH} deep: not read.` });
          return;
        }
        if (!node.args.length) {
          issues.push({ file, line: node.line, message: 'include without a file name.' });
          return;
        }
        const name = excerpt(node.args[0]);
        const files = read(node.args[0], file);
        if (files === null) {
          issues.push({
            file,
            line: node.line,
            message: `include ${name}: an uploaded file cannot include others. Paste the included files in its place, or import from the director.`,
          });
          return;
        }
        if ('refused' in files) {
          issues.push({ file, line: node.line, message: `include ${name}: ${files.refused}` });
          return;
        }
        if (!files.length) issues.push({ file, line: node.line, message: `include ${name}: no such file.` });
        for (const f of files) {
          if (--budget.files < 0) {
            issues.push({
              file,
              line: node.line,
              message: `include ${name}: more than ${IMPORT_MAX_FILES} included files in this import; ${f.path} and the rest are not read.`,
            });
            return;
          }
          budget.bytes -= byteLength(f.text);
          if (budget.bytes < 0) {
            issues.push({
              file,
              line: node.line,
              message: `include ${name}: the files of this import pass ${IMPORT_LIMIT_TEXT} at ${excerpt(f.path)}; it and the rest are not read.`,
            });
            return;
          }
          parseFile(f.path, f.text, stack[stack.length - 1], depth + 1);
        }
        return;
      }
      stack[stack.length - 1].push(node);
      lastRef.node = node;
    };
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.first && statement.length && !t.brace) flush();
      if (!t.brace) {
        statement.push(t);
        continue;
      }
      if (t.text === '{') {
        flush();
        if (!lastRef.node || lastRef.node.children) {
          issues.push({ file, line: t.line, message: 'A "{" that opens no block.' });
          stack.push([]);
          continue;
        }
        const owner = lastRef.node;
        owner.children = [];
        stack.push(owner.children);
        lastRef.node = null;
      } else {
        flush();
        if (stack.length === 1) issues.push({ file, line: t.line, message: 'A "}" that closes no block.' });
        else stack.pop();
        lastRef.node = null;
      }
    }
    flush();
    if (stack.length > 1)
      issues.push({ file, line: tokens.at(-1)?.line ?? 1, message: `${stack.length - 1} block(s) not closed at the end of the file.` });
  }

  parseFile(entry.path, entry.text, root, 0);
  return { nodes: root, issues: issues.list() };
}

/**
 * Reads a configuration whose files must be fetched (from a director, over SSH): parses, fetches the
 * includes it has not got yet, and parses again, until every include is read (at most 8 rounds).
 */
export async function readIncludedFiles(
  entry: { path: string; text: string },
  fetch: (
    patterns: { pattern: string; fromFile: string }[],
  ) => Promise<Map<string, { path: string; text: string }[] | { refused: string }>>,
): Promise<IncludeReader> {
  const known = new Map<string, { path: string; text: string }[] | { refused: string }>();
  for (let round = 0; round < MAX_INCLUDE_DEPTH; round++) {
    const missing: { pattern: string; fromFile: string }[] = [];
    parseKeepalived(entry, (pattern, fromFile) => {
      const got = known.get(includeKey(pattern, fromFile));
      if (!got) missing.push({ pattern, fromFile });
      return got ?? [];
    });
    if (!missing.length) break;
    const fetched = await fetch(missing);
    for (const m of missing) known.set(includeKey(m.pattern, m.fromFile), fetched.get(includeKey(m.pattern, m.fromFile)) ?? []);
  }
  return (pattern, fromFile) => known.get(includeKey(pattern, fromFile)) ?? [];
}

/** The key readIncludedFiles' fetch answers under. */
export const includeKey = (pattern: string, fromFile: string) => `${fromFile}\0${pattern}`;
