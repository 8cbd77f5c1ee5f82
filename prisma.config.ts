// Prisma CLI configuration. The console itself reads DATABASE_URL in lib/server/platform/db-client.ts;
// this file only serves the stock `prisma` CLI for users who have Prisma's binaries. A postgresql://
// DATABASE_URL selects prisma/postgresql (the same data model; its own migrations).
import path from 'node:path';
import { defineConfig } from 'prisma/config';

const dataDir = process.env.LVS_DATA_DIR ?? './data';
const url = process.env.DATABASE_URL ?? `file:${path.resolve(dataDir, 'lvs-console.db')}`;
const folder = /^postgres(ql)?:\/\//.test(url) ? path.join('prisma', 'postgresql') : 'prisma';

export default defineConfig({
  schema: path.join(folder, 'schema.prisma'),
  migrations: { path: path.join(folder, 'migrations') },
  datasource: { url },
});
