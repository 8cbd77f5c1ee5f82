// npm run db:diff -- NAME   writes prisma/migrations/<stamp>_NAME/migration.sql for schema changes
// npm run db:migrate        applies pending migrations to DATABASE_URL (the console does this at start)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyPendingMigrations, createMigration } from '../server/migrations';
import { loadConfig } from '../runtime/config';

async function main() {
  const [cmd, name] = process.argv.slice(2);
  if (cmd === 'create') {
    if (!name) throw new Error('usage: npm run db:diff -- <migration_name>');
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-migrate-'));
    try {
      const folder = await createMigration(name, `file:${path.join(scratch, 'scratch.db')}`);
      console.log(folder ? `created prisma/migrations/${folder}/migration.sql` : 'schema unchanged: no migration created');
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
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
