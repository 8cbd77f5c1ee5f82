// Runs `prisma generate` offline, for both databases: prisma/schema.prisma (SQLite, the embedded
// default) and prisma/postgresql/schema.prisma, which is written here from the first one with only the
// provider and the output folder changed (one data model, two generated clients; lib/server/platform/db-client.ts
// picks one by DATABASE_URL). Generate does not execute the native schema engine, but the CLI insists
// that one exists; point it at any existing file so that nothing is downloaded.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sqliteSchema = path.join(root, 'prisma', 'schema.prisma');
const pgSchema = path.join(root, 'prisma', 'postgresql', 'schema.prisma');

/** The PostgreSQL schema for a SQLite schema's text (also used by the test that keeps them in step). */
export function postgresSchemaFrom(text) {
  const out = text
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace('output       = "../lib/server/generated/prisma"', 'output       = "../../lib/server/generated/prisma-pg"');
  return '// GENERATED from ../schema.prisma by lib/tools/prisma-generate.mjs (npm install runs it): do not edit.\n' + out;
}

function generate(schema) {
  const require = createRequire(import.meta.url);
  const env = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  };
  const cli = require.resolve('prisma/build/index.js');
  return spawnSync(process.execPath, [cli, 'generate', '--schema', schema], { stdio: 'inherit', env }).status ?? 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const derived = postgresSchemaFrom(fs.readFileSync(sqliteSchema, 'utf8'));
  fs.mkdirSync(path.dirname(pgSchema), { recursive: true });
  if (!fs.existsSync(pgSchema) || fs.readFileSync(pgSchema, 'utf8') !== derived) fs.writeFileSync(pgSchema, derived);
  process.exit(generate(sqliteSchema) || generate(pgSchema));
}
