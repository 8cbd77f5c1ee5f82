// The OpenAPI document lists every route under app/api/v1, with the role its handler really checks.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi';

const API_DIR = path.resolve(__dirname, '..', '..', 'app', 'api', 'v1');

/** "METHOD /path" -> the role passed to apiRoute(...) in the route file. */
function routesInCode(dir = API_DIR, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      const seg = e.name.replace(/^\[(.+)\]$/, '{$1}');
      for (const [k, v] of routesInCode(path.join(dir, e.name), `${prefix}/${seg}`)) out.set(k, v);
    } else if (e.name === 'route.ts') {
      const src = fs.readFileSync(path.join(dir, e.name), 'utf8');
      for (const m of src.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = apiRoute(?:<[^>]*>)?\(\s*'([\w-]+)'/g))
        out.set(`${m[1]} ${prefix}`, m[2]);
      const exported = [...src.matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
      for (const method of exported) if (!out.has(`${method} ${prefix}`)) out.set(`${method} ${prefix}`, '(not wrapped by apiRoute)');
    }
  }
  return out;
}

describe('the OpenAPI document', () => {
  const doc = openApiDocument();
  const documented = new Map<string, string>();
  for (const [p, item] of Object.entries(doc.paths as Record<string, Record<string, { 'x-required-role'?: string }>>)) {
    for (const [method, op] of Object.entries(item))
      if (method !== 'parameters') documented.set(`${method.toUpperCase()} ${p}`, op['x-required-role'] ?? '(none)');
  }

  it('has every route of app/api/v1, and no route that does not exist', () => {
    const code = routesInCode();
    expect(code.size).toBeGreaterThan(25);
    expect([...documented.keys()].sort()).toEqual([...code.keys()].sort());
  });

  it('names for each operation the role its handler checks', () => {
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(routesInCode()));
  });
});
