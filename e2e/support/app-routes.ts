// Enumerates every page and route handler of the app from its folder tree, the way Next.js maps
// them to URLs, so that a route added later is covered by the access tests without editing them.
import fs from 'node:fs';
import path from 'node:path';

export interface AppEntry {
  kind: 'page' | 'route';
  pattern: string; // e.g. /api/v1/virtual-services/[id]
  url: string; // a concrete URL for it (dynamic segments filled in)
  methods: string[]; // route handlers only
  file: string;
}

const APP_DIR = path.resolve(__dirname, '..', '..', 'app');
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:const|let|async\s+function|function)\s+([A-Z]+)\b/g)) found.add(m[1]);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1].split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) found.add(name);
    }
  }
  return METHODS.filter((x) => found.has(x));
}

export function appEntries(dir = APP_DIR, segments: string[] = []): AppEntry[] {
  const out: AppEntry[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name.startsWith('_')) continue; // private folders are not routes
      const isGroup = /^\(.*\)$/.test(e.name);
      out.push(...appEntries(full, isGroup ? segments : [...segments, e.name]));
      continue;
    }
    const pattern = '/' + segments.join('/');
    const url =
      '/' +
      segments.map((s) => (s.startsWith('[...') || s.startsWith('[[...') ? 'probe/extra' : s.startsWith('[') ? 'probe-id' : s)).join('/');
    if (/^page\.(tsx|ts|jsx|js)$/.test(e.name)) out.push({ kind: 'page', pattern, url, methods: ['GET'], file: full });
    if (/^route\.(ts|js)$/.test(e.name))
      out.push({ kind: 'route', pattern, url, methods: exportedMethods(fs.readFileSync(full, 'utf8')), file: full });
  }
  return out;
}
