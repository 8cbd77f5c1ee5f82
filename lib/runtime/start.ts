// `npm start`: prepares the data directory and serves the console over HTTPS (port 9443 by default).
import https from 'node:https';
import os from 'node:os';
import next from 'next';
import { loadConfig } from '../server/platform/config';
import { bootstrap } from './bootstrap';
import { ensureBuild, PROJECT_ROOT } from './build';
import { CLIENT_ADDRESS_HEADER } from '../server/platform/headers';
import { getDb } from '../server/platform/db-client';
import { startRenderWorker } from './render-pool';

const log = (s: string) => console.log(`[lvs-console] ${s}`);

function validPath(url: string): boolean {
  try {
    decodeURIComponent(url.split('?')[0]);
    return true;
  } catch {
    return false;
  }
}

async function main() {
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  const dev = process.env.LVS_DEV === '1';
  const config = loadConfig();
  const t0 = Date.now();
  const { tls, admin, appliedMigrations } = await bootstrap(config);
  await getDb().$disconnect();
  log(`data directory: ${config.dataDir}`);
  if (appliedMigrations.length) log(`database migrations applied: ${appliedMigrations.join(', ')}`);
  log(`TLS certificate (${tls.source}): ${tls.certPath}`);
  log(`TLS certificate SHA-256 fingerprint: ${tls.fingerprint256}`);
  if (admin.kind === 'created-from-env') log('admin user "loadbalancer" created with the password from LVS_ADMIN_PASSWORD');
  if (!dev) ensureBuild(log);
  startRenderWorker();
  const app = next({ dev, dir: PROJECT_ROOT, hostname: config.host, port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    // A path with percent-escapes that are not UTF-8 (/api/v1/clients/%E0) makes Next.js answer a bare
    // 500 before any route runs: say what is wrong instead.
    if (!validPath(req.url ?? '/')) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { code: 'BAD_REQUEST', message: 'The path is not valid percent-encoded UTF-8; nothing was read or changed.' },
        }),
      );
      return;
    }
    delete req.headers[CLIENT_ADDRESS_HEADER];
    req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? 'unknown';
    void handle(req, res);
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE')
      console.error(`[lvs-console] port ${config.port} is already in use: stop the other process or set PORT.`);
    else console.error('[lvs-console] server error:', err);
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    log(`listening on https://${config.host}:${config.port}/ (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    if (admin.kind === 'setup-token') {
      log('FIRST-RUN SETUP: no admin password is set yet.');
      log(`  Open https://${os.hostname()}:${config.port}/setup and enter this one-time setup token:`);
      log(`  setup token: ${admin.token}`);
    }
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error(`[lvs-console] cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
