// npm run cli -- <command>: the console's command line, on the same domain layer as the WebUI and API.
import { createApiKey, listApiKeys, revokeApiKey } from '../server/auth/api-keys';
import { AppError } from '../server/errors';
import { getDb } from '../server/db-client';
import { applyPendingMigrations } from '../server/migrations';
import { loadConfig } from '../runtime/config';

const USAGE = `usage: npm run cli -- <command>

  api-key create --name NAME   create an API key and print it (shown once)
  api-key list                 list API keys (names and prefixes only)
  api-key revoke --name NAME   revoke an API key

Environment: LVS_DATA_DIR (default ./data) or DATABASE_URL selects the database.`;

const CLI_ACTOR = `cli:${process.env.SUDO_USER || process.env.USER || 'root'}`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

function required(args: string[], name: string): string {
  const v = flag(args, name);
  if (!v) throw new AppError('BAD_REQUEST', `missing --${name} <value>\n\n${USAGE}`);
  return v;
}

async function run(args: string[]): Promise<void> {
  const [group, verb] = args;
  if (group === 'api-key' && verb === 'create') {
    const { key, summary } = await createApiKey({ name: required(args, 'name'), actor: CLI_ACTOR });
    console.error(`API key "${summary.name}" created. It is shown only this once; store it now:`);
    console.log(key);
    return;
  }
  if (group === 'api-key' && verb === 'list') {
    const keys = await listApiKeys();
    if (!keys.length) console.log('no API keys');
    for (const k of keys) console.log(`${k.name}\t${k.prefix}…\tcreated ${k.createdAt.toISOString()}\tlast used ${k.lastUsedAt?.toISOString() ?? 'never'}`);
    return;
  }
  if (group === 'api-key' && verb === 'revoke') {
    await revokeApiKey({ name: required(args, 'name'), actor: CLI_ACTOR });
    console.log('revoked');
    return;
  }
  throw new AppError('BAD_REQUEST', USAGE);
}

async function main() {
  const args = process.argv.slice(2);
  if (!args.length || args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  // The CLI may run before the console ever started: bring the schema up to date first.
  await applyPendingMigrations(loadConfig().databaseUrl);
  try {
    await run(args);
  } finally {
    await getDb().$disconnect();
  }
}

main().catch((err) => {
  console.error(err instanceof AppError ? `error: ${err.message}` : err);
  process.exit(err instanceof AppError ? 2 : 1);
});
