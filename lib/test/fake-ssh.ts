// An SSH server on 127.0.0.1 for domain tests (ssh2): accepts any key, answers each command with what
// `answer` returns (or an empty output), and counts connections and the channels open at once. What it
// says is made up; kernel and traffic claims are proven in the director lab, never here.
import { Server } from 'ssh2';
import { generateKeyPair } from '../director/ssh-key';
import { freePort } from '../runtime/free-port';

export interface FakeSsh {
  port: number;
  fingerprint: string;
  stats: { connections: number; open: number; mostOpen: number; commands: string[] };
  /** A director row for it. */
  director: (
    id: string,
    name: string,
  ) => { id: string; name: string; host: string; port: number; user: string; hostKeyFingerprint: string };
  close: () => Promise<void>;
}

/** `answer`: the output (or a promise of it) for a command; exit code 0. */
export async function startFakeSsh(answer: (command: string) => string | Promise<string> = () => ''): Promise<FakeSsh> {
  const keys = generateKeyPair();
  const fingerprint = keys.fingerprint;
  const stats = { connections: 0, open: 0, mostOpen: 0, commands: [] as string[] };
  const clients = new Set<{ end: () => unknown }>();
  const server = new Server({ hostKeys: [keys.private] }, (client) => {
    stats.connections++;
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('authentication', (ctx) => ctx.accept());
    client.on('error', () => undefined);
    client.on('ready', () =>
      client.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acceptExec, _reject, info) => {
          const stream = acceptExec();
          stats.commands.push(info.command);
          stats.open++;
          stats.mostOpen = Math.max(stats.mostOpen, stats.open);
          Promise.resolve(answer(info.command)).then(
            (out) => {
              stats.open--;
              stream.write(out);
              stream.exit(0);
              stream.end();
            },
            () => {
              stats.open--;
              stream.exit(1);
              stream.end();
            },
          );
        });
      }),
    );
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    fingerprint,
    stats,
    director: (id, name) => ({ id, name, host: '127.0.0.1', port, user: 'root', hostKeyFingerprint: fingerprint }),
    close: () =>
      new Promise((resolve) => {
        for (const c of clients) c.end();
        server.close(() => resolve());
      }),
  };
}
