// The layout's arrows, checked on the source so that they stay true: components never import the
// domain layer, lib/director never imports lib/server, lib/render does no I/O, pages never reach
// Prisma, and the domain layer is marked server-only (a client component that imports it fails the build).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');

function files(dir: string, ext = /\.(ts|tsx)$/): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' || e.name === 'node_modules' ? [] : files(rel, ext);
    return ext.test(e.name) && !/\.test\.ts$/.test(e.name) ? [rel] : [];
  });
}

const imports = (file: string) =>
  [...fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/^import\s+(?!type\b)[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
const offenders = (list: string[], bad: RegExp) =>
  list.flatMap((f) =>
    imports(f)
      .filter((i) => bad.test(i))
      .map((i) => `${f} imports ${i}`),
  );

// Used at start-up by lib/runtime and by the migration tool, outside Next.js; or plain helpers without data.
const NOT_MARKED = new Set([
  'lib/server/db-client.ts',
  'lib/server/migrations.ts',
  'lib/server/setup.ts',
  'lib/server/apply-recovery.ts',
  'lib/server/errors.ts',
  'lib/server/validation.ts',
  'lib/server/auth/password.ts',
  'lib/server/auth/rate-limit.ts',
  'lib/server/lease.ts',
]);

describe('the layout', () => {
  it('components import neither the domain layer nor Prisma (types from actions are fine)', () => {
    expect(offenders(files('components'), /lib\/server|generated\/prisma|@prisma/)).toEqual([]);
  });

  it('lib/director talks to directors and never imports lib/server', () => {
    expect(offenders(files('lib/director'), /(^|\/)server\//)).toEqual([]);
  });

  it('lib/render and lib/schemas are pure: no I/O, no database, no director', () => {
    expect(
      offenders(
        [...files('lib/render').filter((f) => !f.includes('/testing/')), ...files('lib/schemas')],
        /^node:(fs|child_process|net)|(^|\/)(server|director)\//,
      ),
    ).toEqual([]);
  });

  it('pages and route handlers call lib/server, never Prisma', () => {
    expect(offenders(files('app'), /db-client|generated\/prisma|@prisma/)).toEqual([]);
  });

  it('every domain module of lib/server is marked server-only', () => {
    const unmarked = files('lib/server').filter(
      (f) => !NOT_MARKED.has(f) && !fs.readFileSync(path.join(ROOT, f), 'utf8').includes("import 'server-only';"),
    );
    expect(unmarked).toEqual([]);
  });
});
