// The layout's arrows are held by the linter (eslint.config.mjs: import/no-restricted-paths, import/no-cycle,
// no I/O in the pure layers), on every kind of import; `npm test` runs it. This checks that those rules are
// there, and what the linter cannot see: every domain module of lib/server is marked server-only (a client
// component that imports it then fails the build).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');

function files(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : files(rel);
    return /\.tsx?$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [rel] : [];
  });
}

// Used at start-up by lib/runtime, by the migration tool or the CLI outside Next.js; or plain helpers without data.
const NOT_MARKED = new Set([
  'lib/server/platform/db-client.ts',
  'lib/server/platform/migrations.ts',
  'lib/server/platform/config.ts',
  'lib/server/platform/headers.ts',
  'lib/server/platform/errors.ts',
  'lib/server/platform/validation.ts',
  'lib/server/platform/lease.ts',
  'lib/server/auth/setup.ts',
  'lib/server/auth/password.ts',
  'lib/server/auth/rate-limit.ts',
  'lib/server/apply/recovery.ts',
  'lib/server/platform/audit.ts',
]);

/** The modules a file loads at run time: its imports and re-exports, less those of types only (erased). */
function runtimeImports(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  return specs.flatMap((spec) => {
    const base = spec.startsWith('@/')
      ? path.join(ROOT, spec.slice(2))
      : spec.startsWith('.')
        ? path.resolve(ROOT, path.dirname(file), spec)
        : null;
    if (!base) return [];
    const found = ['.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((f) => fs.existsSync(f));
    return found ? [path.relative(ROOT, found)] : [];
  });
}

type Zone = { target: string | string[]; from: string | string[] };
type ConfigEntry = { files?: string[]; rules?: Record<string, unknown> };

describe('the layout', () => {
  it('the linter holds the arrows: components and lib/director never import lib/server, the pure layers nothing below them, no circles', async () => {
    const config = ((await import('../eslint.config.mjs')) as { default: ConfigEntry[] }).default;
    const rule = (name: string) => config.map((c) => c.rules?.[name]).filter(Boolean);
    expect(rule('import/no-cycle')).toEqual([['error', { ignoreExternal: true }]]);
    const zones = (rule('import/no-restricted-paths')[0] as [string, { zones: Zone[] }])[1].zones;
    const arrow = (target: string, from: string) => zones.some((z) => [z.target].flat().includes(target) && [z.from].flat().includes(from));
    expect(arrow('./components', './lib/server')).toBe(true);
    expect(arrow('./lib/director', './lib/server')).toBe(true);
    for (const pure of ['./lib/render', './lib/import', './lib/schemas']) expect(arrow(pure, './lib/server')).toBe(true);
    expect(arrow('./lib/schemas', './lib/render')).toBe(true);
    expect(arrow('./lib', './e2e')).toBe(true);
    const io = config.find((c) => c.files?.includes('lib/render/**/*.ts') && c.rules?.['no-restricted-imports']);
    expect(JSON.stringify(io?.rules)).toContain('node:child_process');
  });

  it('every domain module of lib/server is marked server-only', () => {
    const unmarked = files('lib/server').filter(
      (f) => !NOT_MARKED.has(f) && !fs.readFileSync(path.join(ROOT, f), 'utf8').includes("import 'server-only';"),
    );
    expect(unmarked).toEqual([]);
  });

  it('the start-up (lib/runtime, before Next.js runs) loads no module marked server-only, or the console does not start', () => {
    const seen = new Set<string>();
    const todo = ['lib/runtime/start.ts'];
    while (todo.length) {
      const f = todo.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      todo.push(...runtimeImports(f));
    }
    const marked = [...seen].filter((f) => fs.readFileSync(path.join(ROOT, f), 'utf8').includes("import 'server-only';"));
    expect(seen.size).toBeGreaterThan(10); // the walk did follow the imports
    expect(marked).toEqual([]);
  });
});
