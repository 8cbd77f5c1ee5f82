// Decides whether the production build in .next is current, so that `npm start` builds only when the
// sources changed (a fresh clone, or a `git pull`).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const STAMP = path.join(PROJECT_ROOT, '.next', 'lvs-source-stamp');
const INPUTS = [
  'app',
  'components',
  'lib',
  'public',
  'next.config.js',
  'postcss.config.mjs',
  'package-lock.json',
  'prisma/schema.prisma',
  'tsconfig.json',
];
const SKIP = new Set(['node_modules', '.next', 'generated']);

function walk(p: string, out: string[]) {
  if (!fs.existsSync(p)) return;
  const st = fs.statSync(p);
  if (st.isFile()) {
    out.push(p);
    return;
  }
  for (const e of fs.readdirSync(p).sort()) if (!SKIP.has(e)) walk(path.join(p, e), out);
}

export function sourceStamp(): string {
  const files: string[] = [];
  for (const i of INPUTS) walk(path.join(PROJECT_ROOT, i), files);
  const h = crypto.createHash('sha256');
  for (const f of files) h.update(path.relative(PROJECT_ROOT, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  return h.digest('hex');
}

export function buildIsCurrent(): boolean {
  return (
    fs.existsSync(path.join(PROJECT_ROOT, '.next', 'BUILD_ID')) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === sourceStamp()
  );
}

/** Builds the app with `next build` unless the existing build matches the sources. */
export function ensureBuild(log: (s: string) => void = console.log): void {
  if (buildIsCurrent()) return;
  const t0 = Date.now();
  log('building the web console (first start, or sources changed) ...');
  const stamp = sourceStamp();
  const res = spawnSync(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (res.status !== 0) throw new Error('`next build` failed; its output is above.');
  fs.writeFileSync(STAMP, stamp);
  log(`build finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
