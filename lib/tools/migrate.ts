// npm run db:diff -- NAME   writes the migration for schema changes, for both databases:
//                           prisma/migrations/<stamp>_NAME (SQLite) and prisma/postgresql/migrations/<stamp>_NAME
//                           (needs PostgreSQL: LVS_TEST_POSTGRES, else the private server of lib/tools/postgres.sh)
// npm run db:migrate        applies pending migrations to DATABASE_URL (the console does this at start)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyPendingMigrations, createMigration } from '../server/platform/migrations';
import { loadConfig } from '../server/platform/config';
import { createScratchDatabase, dropScratchDatabase, postgresAdminUrl } from './pg-scratch';

async function main() {
  const [cmd, name] = process.argv.slice(2);
  if (cmd === 'create') {
    if (!name) throw new Error('usage: npm run db:diff -- <migration_name>');
    const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-migrate-'));
    try {
      const folder = await createMigration(name, `file:${path.join(scratch, 'scratch.db')}`, stamp);
      console.log(folder ? `created prisma/migrations/${folder}/migration.sql` : 'SQLite: schema unchanged, no migration created');
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
    const admin = postgresAdminUrl();
    const url = await createScratchDatabase(admin, 'lvs_migrate');
    try {
      const folder = await createMigration(name, url, stamp);
      console.log(
        folder ? `created prisma/postgresql/migrations/${folder}/migration.sql` : 'PostgreSQL: schema unchanged, no migration created',
      );
    } finally {
      await dropScratchDatabase(admin, url);
    }
    console.log(
      "Triggers and other SQL that Prisma does not model: add them by hand to both (see the config_version and cluster_config_version migrations; SQLite drops a redefined table's triggers: create them again).",
    );
  } else if (cmd === 'apply') {
    const applied = await applyPendingMigrations(loadConfig().databaseUrl);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } else {
    throw new Error('usage: migrate.ts create NAME | apply');
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
