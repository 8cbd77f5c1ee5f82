// Starts a real lvs-console (the same entry point as `npm start`) on a free port with its own data
// directory, and captures its log (the setup token is read from there, as an admin would).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../runtime/free-port';
import { createScratchDatabase } from '../tools/pg-scratch';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

export interface ConsoleServer {
  baseURL: string;
  port: number;
  dataDir: string;
  log(): string;
  setupToken(): string | undefined;
  stop(): Promise<void>;
  /** SIGKILL: the console dies as in a crash (nothing is cleaned up). */
  kill(): Promise<void>;
  restart(): Promise<void>;
  /** `npm run cli -- ARGS`; a last argument { input } is its standard input (a password, say). */
  cli(...args: (string | { input: string })[]): { status: number | null; stdout: string; stderr: string };
}

export const ADMIN_PASSWORD = 'e2e-admin-password-1';

export async function startConsole(env: Record<string, string> = {}, opts: { dataDir?: string } = {}): Promise<ConsoleServer> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-e2e-'));
  const port = await freePort();
  let output = '';
  let child: ChildProcess | undefined;
  // The test runner's own DATABASE_URL never leaks into a console; a caller may name one in env.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LVS_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };
  delete childEnv.DATABASE_URL;
  Object.assign(childEnv, env);
  // npm test's PostgreSQL pass: each console gets a new, empty database on the tests' server (a console
  // restarted on the same data directory keeps its database).
  const pgAdmin = process.env.LVS_TEST_POSTGRES;
  if (pgAdmin && !env.DATABASE_URL) {
    const marker = path.join(dataDir, 'postgres-url');
    if (!fs.existsSync(marker)) fs.writeFileSync(marker, await createScratchDatabase(pgAdmin, 'lvs_e2e'));
    childEnv.DATABASE_URL = fs.readFileSync(marker, 'utf8');
  }

  async function launch(): Promise<void> {
    // Its own process group: tsx runs the console in a child process, and a crash (kill) must take both.
    const c = spawn(TSX, ['lib/runtime/start.ts'], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child = c;
    c.stdout.on('data', (d) => (output += d));
    c.stderr.on('data', (d) => (output += d));
    const start = output.length;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`console did not start within 60 s:\n${output.slice(start)}`)), 60_000);
      const check = () => {
        if (output.slice(start).includes('listening on https://')) {
          clearTimeout(timer);
          // The setup lines follow "listening"; give them a moment to arrive.
          setTimeout(resolve, 50);
        }
      };
      c.stdout.on('data', check);
      c.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`console exited with ${code} before listening:\n${output.slice(start)}`));
      });
    });
  }

  async function stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const group = (sig: NodeJS.Signals) => {
      try {
        process.kill(-c.pid!, sig);
      } catch {
        c.kill(sig);
      }
    };
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      if (signal === 'SIGKILL') group('SIGKILL');
      else c.kill(signal);
      setTimeout(() => group('SIGKILL'), 5_000).unref();
    });
  }

  await launch();
  return {
    baseURL: `https://127.0.0.1:${port}`,
    port,
    dataDir,
    log: () => output,
    setupToken: () => [...output.matchAll(/setup token: (\S+)/g)].at(-1)?.[1],
    stop: () => stop(),
    kill: () => stop('SIGKILL'),
    restart: async () => {
      await stop();
      await launch();
    },
    cli: (...args: (string | { input: string })[]) => {
      const last = args.at(-1);
      const input = typeof last === 'object' ? last.input : undefined;
      const words = args.filter((a): a is string => typeof a === 'string');
      // As `npm run cli` does: the domain layer is marked server-only, which this condition allows.
      const r = spawnSync(TSX, ['--conditions=react-server', 'lib/cli/main.ts', ...words], {
        cwd: ROOT,
        env: childEnv,
        encoding: 'utf8',
        input: input ?? '',
      });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
  };
}
