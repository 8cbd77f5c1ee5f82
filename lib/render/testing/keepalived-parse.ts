// A reader for keepalived.conf that follows keepalived 2.2.7's own rules (lib/parser.c: decomment,
// read_line, alloc_strvec, alloc_strvec_quoted_escaped), used by tests to check that a rendered file
// holds exactly the blocks and values we meant. Test-only.

export interface KaNode {
  words: string[]; // raw words of the line (quotes kept)
  children: KaNode[] | null;
}

function decomment(line: string): string {
  let quote = false;
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quote = !quote;
    if (c === '\\' && i + 1 < line.length) {
      if (!quote && (line[i + 1] === '#' || line[i + 1] === '!')) {
        out += line[i + 1];
      } else out += c + line[i + 1];
      i++;
      continue;
    }
    if (!quote && (c === '!' || c === '#')) break;
    out += c;
  }
  if (quote) throw new Error(`unterminated quote: ${line}`);
  return out.trim();
}

/** Splits braces off lines as keepalived does (a { or } outside "..." ends the line's text). */
function logicalLines(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    let rest = decomment(raw);
    if (/\$(\{?)(_PWD|_INSTANCE|_RANDOM)\b/.test(rest)) throw new Error(`parameter substitution would happen: ${raw}`);
    while (rest) {
      let i = 0;
      let quote = false;
      let cut = -1;
      for (; i < rest.length; i++) {
        if (rest[i] === '"') quote = !quote;
        else if (!quote && (rest[i] === '{' || rest[i] === '}')) {
          cut = i;
          break;
        }
      }
      if (cut === -1) {
        out.push(rest.trim());
        break;
      }
      if (cut === 0) {
        out.push(rest[0]);
        rest = rest.slice(1).trim();
      } else {
        out.push(rest.slice(0, cut).trim());
        rest = rest.slice(cut).trim();
      }
    }
  }
  return out.filter(Boolean);
}

function words(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (i >= line.length) break;
    if (line[i] === '"') {
      const end = line.indexOf('"', i + 1);
      if (end < 0) throw new Error(`unmatched quote: ${line}`);
      out.push(line.slice(i, end + 1));
      i = end + 1;
    } else {
      const start = i;
      while (i < line.length && line[i] !== ' ' && line[i] !== '\t' && line[i] !== '"') i++;
      out.push(line.slice(start, i));
    }
  }
  return out;
}

export function parseKeepalived(text: string): KaNode[] {
  const lines = logicalLines(text);
  let pos = 0;
  const block = (depth: number): KaNode[] => {
    const nodes: KaNode[] = [];
    while (pos < lines.length) {
      const line = lines[pos++];
      if (line === '}') {
        if (depth === 0) throw new Error('extra }');
        return nodes;
      }
      if (line === '{') throw new Error('unexpected {');
      const node: KaNode = { words: words(line), children: null };
      if (lines[pos] === '{') {
        pos++;
        node.children = block(depth + 1);
      }
      nodes.push(node);
    }
    if (depth > 0) throw new Error('missing }');
    return nodes;
  };
  return block(0);
}

/** The value of a plain quoted word ("..." has no escapes for ordinary keywords). */
export function plainValue(word: string): string {
  return word.startsWith('"') ? word.slice(1, -1) : word;
}

/** The value of a word of an escape-aware keyword (regex, misc_path). */
export function escapedValue(word: string): string {
  const inner = word.startsWith('"') ? word.slice(1, -1) : word;
  const bytes: number[] = [];
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '\\') {
      const m = /^[0-7]{1,3}/.exec(inner.slice(i + 1));
      if (m) {
        bytes.push(parseInt(m[0], 8));
        i += m[0].length;
        continue;
      }
      const c = inner[++i];
      bytes.push(...Buffer.from(c === 'n' ? '\n' : c === 't' ? '\t' : c));
      continue;
    }
    bytes.push(...Buffer.from(inner[i]));
  }
  return Buffer.from(bytes).toString('utf8');
}

export function find(nodes: KaNode[], keyword: string): KaNode[] {
  return nodes.filter((n) => n.words[0] === keyword);
}
