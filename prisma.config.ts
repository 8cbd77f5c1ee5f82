// Prisma CLI configuration. The console itself reads DATABASE_URL in lib/server/db.ts;
// this file only serves the stock `prisma` CLI for users who have Prisma's binaries.
import path from 'node:path';
import { defineConfig } from 'prisma/config';

const dataDir = process.env.LVS_DATA_DIR ?? './data';

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  datasource: { url: process.env.DATABASE_URL ?? `file:${path.resolve(dataDir, 'lvs-console.db')}` },
});
