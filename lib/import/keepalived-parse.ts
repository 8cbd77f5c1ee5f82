// keepalived.conf (2.x) as a tree of statements, each with the file and line it came from. Pure: the
// files an `include` names are read through the caller's `read` (a local folder, or a director over SSH).
// What keepalived's own parser accepts is accepted here; what cannot be read is reported with its place,
// never skipped in silence.

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
 * them; null where includes cannot be followed at all (an uploaded file).
 */
export type IncludeReader = (pattern: string, fromFile: string) => { path: string; text: string }[] | null;

interface Token {
  text: string;
  line: number;
  /** `{` and `}` outside quotes. */
  brace: boolean;
  /** The first token of its line. */
  first: boolean;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
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
  return out;
}

const MAX_INCLUDE_DEPTH = 8;

/** Parses a keepalived.conf and the files it includes. */
export function parseKeepalived(entry: { path: string; text: string }, read: IncludeReader): { nodes: ConfNode[]; issues: ConfIssue[] } {
  const issues: ConfIssue[] = [];
  const root: ConfNode[] = [];

  function parseFile(file: string, text: string, into: ConfNode[], depth: number) {
    const tokens = tokenize(text);
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
        const files = read(node.args[0], file);
        if (files === null) {
          issues.push({ file, line: node.line, message: `include ${node.args[0]}: an uploaded file cannot include others. Paste the included files in its place, or import from the director.` });
          return;
        }
        if (!files.length) issues.push({ file, line: node.line, message: `include ${node.args[0]}: no such file.` });
        for (const f of files) parseFile(f.path, f.text, stack[stack.length - 1], depth + 1);
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
        const owner = lastRef.node!;
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
    if (stack.length > 1) issues.push({ file, line: tokens.at(-1)?.line ?? 1, message: `${stack.length - 1} block(s) not closed at the end of the file.` });
  }

  parseFile(entry.path, entry.text, root, 0);
  return { nodes: root, issues };
}

/**
 * Reads a configuration whose files must be fetched (from a director, over SSH): parses, fetches the
 * includes it has not got yet, and parses again, until every include is read (at most 8 rounds).
 */
export async function readIncludedFiles(
  entry: { path: string; text: string },
  fetch: (patterns: { pattern: string; fromFile: string }[]) => Promise<Map<string, { path: string; text: string }[]>>,
): Promise<IncludeReader> {
  const known = new Map<string, { path: string; text: string }[]>();
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
