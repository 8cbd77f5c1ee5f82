// SSH to a director through the ssh2 library. Host keys are pinned: the first connection learns the
// fingerprint (the admin confirms it), later a different key is refused. Remote commands are fixed
// strings built from validated data only; file contents travel on stdin, never on a command line.
import crypto from 'node:crypto';
import { Client, type ClientChannel, type SFTPWrapper } from 'ssh2';
import { DirectorError } from './errors';
import { remotePath } from './remote-path';

export { DirectorError };

export interface DirectorTarget {
  name: string;
  host: string;
  port: number;
  user: string;
  hostKeyFingerprint: string | null; // null: learn it (the caller must have the admin confirm)
}

/** The most one command's output (stdout and stderr together) may be, unless the caller says otherwise. */
export const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** OpenSSH's SHA256:... fingerprint of a raw host key blob. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** What the apply pipeline and the drift reader use of a connection (a fake one stands in, in unit tests). */
export type DirectorSession = Pick<DirectorConnection, 'target' | 'exec' | 'writeFiles' | 'rename'>;

export class DirectorConnection {
  private constructor(
    private readonly client: Client,
    readonly target: DirectorTarget,
    readonly fingerprint: string,
  ) {}

  static connect(target: DirectorTarget, privateKey: string, timeoutMs = 20_000): Promise<DirectorConnection> {
    return new Promise((resolve, reject) => {
      const client = new Client();
      let seen = '';
      let settled = false;
      const fail = (err: DirectorError) => {
        if (settled) return;
        settled = true;
        client.end();
        reject(err);
      };
      client.on('ready', () => {
        settled = true;
        resolve(new DirectorConnection(client, target, seen));
      });
      client.on('error', (err: Error & { level?: string; code?: string }) => {
        if (seen && target.hostKeyFingerprint && seen !== target.hostKeyFingerprint) return; // reported below
        if (err.level === 'client-authentication') {
          fail(
            new DirectorError(
              'auth',
              `${target.name} refused the console's SSH key for ${target.user}@${target.host}. Authorise it on the director (Local Configuration > Directors shows the one-line command).`,
            ),
          );
        } else if (err.level === 'client-timeout') {
          fail(new DirectorError('timeout', `${target.name} (${target.host}:${target.port}) did not answer within ${timeoutMs / 1000} s.`));
        } else {
          fail(new DirectorError('unreachable', `Cannot reach ${target.name} at ${target.host}:${target.port}: ${err.message}.`));
        }
      });
      client.connect({
        host: target.host,
        port: target.port,
        username: target.user,
        privateKey,
        readyTimeout: timeoutMs,
        keepaliveInterval: 5_000,
        keepaliveCountMax: 3,
        hostVerifier: (key: Buffer) => {
          seen = hostKeyFingerprint(key);
          if (target.hostKeyFingerprint && seen !== target.hostKeyFingerprint) {
            fail(
              new DirectorError(
                'host-key-changed',
                `The host key of ${target.name} (${target.host}:${target.port}) has changed: it is now ${seen}, pinned was ${target.hostKeyFingerprint}. ` +
                  'This happens when the director was reinstalled, or when something is impersonating it. Check on the director (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then re-pin it under Local Configuration > Directors.',
              ),
            );
            return false;
          }
          return true;
        },
      });
    });
  }

  exec(command: string, opts: { stdin?: string | Buffer; timeoutMs?: number; maxOutputBytes?: number } = {}): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      const timeoutMs = opts.timeoutMs ?? 60_000;
      const maxOutput = opts.maxOutputBytes ?? MAX_OUTPUT_BYTES;
      const what = `\`${command.split(' ')[0]}\``;
      const dropped = (why: string) =>
        new DirectorError('dropped', `the SSH connection to ${this.target.name} dropped (${why}); nothing more was done there.`);
      let done = false;
      let channel: ClientChannel | undefined;
      const finish = (fn: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        fn();
      };
      // From the call, not from the channel's opening: a director that never opens the channel times out too.
      const timer = setTimeout(
        () =>
          finish(() => {
            channel?.close();
            reject(new DirectorError('timeout', `${this.target.name}: ${what} did not finish within ${timeoutMs / 1000} s.`));
          }),
        timeoutMs,
      );
      const callback = (err: Error | undefined, stream: ClientChannel) => {
        // The director refused one more channel (its sshd's MaxSessions): the connection itself is fine.
        if (err && /open failure|open failed/i.test(err.message))
          return finish(() =>
            reject(
              new DirectorError(
                'command',
                `${this.target.name} refused a new SSH channel for ${what} (${err.message}): too many commands at once. Try again.`,
              ),
            ),
          );
        if (err) return finish(() => reject(dropped(err.message)));
        if (done) return void stream.close();
        channel = stream;
        let stdout = '';
        let stderr = '';
        let size = 0;
        // A broken or hostile director cannot fill the console's memory: past the cap, stop reading.
        const take = (d: Buffer) => {
          size += d.length;
          if (size <= maxOutput) return true;
          finish(() => {
            stream.close();
            reject(
              new DirectorError(
                'command',
                `${this.target.name}: ${what} sent more than ${maxOutput >= 1024 * 1024 ? `${Math.round(maxOutput / 1024 / 1024)} MB` : `${Math.round(maxOutput / 1024)} kB`} of output; the console stopped reading it (that is the most one command may send).`,
              ),
            );
          });
          return false;
        };
        stream.on('data', (d: Buffer) => take(d) && (stdout += d.toString()));
        stream.stderr.on('data', (d: Buffer) => take(d) && (stderr += d.toString()));
        stream.on('close', (code: number | null) =>
          finish(() => {
            if (code === null || code === undefined) reject(dropped(`during ${what}`));
            else resolve({ code, stdout, stderr });
          }),
        );
        stream.end(opts.stdin ?? '');
      };
      try {
        this.client.exec(command, callback);
      } catch (err) {
        finish(() => reject(dropped(err instanceof Error ? err.message : String(err))));
      }
    });
  }

  private sftpSession?: Promise<SFTPWrapper>;

  private sftp(): Promise<SFTPWrapper> {
    this.sftpSession ??= new Promise((resolve, reject) => {
      try {
        this.client.sftp((err, sftp) => (err ? reject(this.dropped(err.message)) : resolve(sftp)));
      } catch (err) {
        reject(this.dropped(err instanceof Error ? err.message : String(err)));
      }
    });
    return this.sftpSession;
  }

  private dropped(why: string) {
    return new DirectorError('dropped', `the SSH connection to ${this.target.name} dropped (${why}); nothing more was done there.`);
  }

  /** Writes files over SFTP (one session, no process per file); paths are the console's own. */
  async writeFiles(files: { path: string; content: string; mode: number }[]): Promise<void> {
    for (const f of files) remotePath(f.path); // throws unless it is one of the console's own paths
    const dirs = [...new Set(files.map((f) => f.path.slice(0, f.path.lastIndexOf('/')) || '/'))];
    const mk = await this.exec(`mkdir -p ${dirs.map((d) => `'${d}'`).join(' ')}`);
    if (mk.code !== 0) throw new DirectorError('command', `${this.target.name}: creating ${dirs.join(', ')} failed: ${mk.stderr.trim()}`);
    const sftp = await this.sftp();
    for (const f of files) {
      await new Promise<void>((resolve, reject) =>
        sftp.writeFile(f.path, f.content, { mode: f.mode }, (err?: Error | null) =>
          err
            ? reject(
                /No such file|Permission/.test(err.message)
                  ? new DirectorError('command', `${this.target.name}: writing ${f.path} failed: ${err.message}`)
                  : this.dropped(err.message),
              )
            : resolve(),
        ),
      );
    }
  }

  /** Replaces `to` with `from` in one atomic rename (OpenSSH's posix-rename). */
  async rename(from: string, to: string): Promise<void> {
    const sftp = await this.sftp();
    await new Promise<void>((resolve, reject) => {
      try {
        sftp.ext_openssh_rename(from, to, (err?: Error | null) =>
          err ? reject(new DirectorError('command', `${this.target.name}: renaming ${from} to ${to} failed: ${err.message}`)) : resolve(),
        );
      } catch (err) {
        reject(this.dropped(err instanceof Error ? err.message : String(err)));
      }
    });
  }

  /** Writes a file through stdin (mode as octal digits); the path is one of the console's own. */
  async upload(path: string, content: string, mode = '644'): Promise<void> {
    if (!/^\/[A-Za-z0-9._/-]+$/.test(path) || !/^[0-7]{3,4}$/.test(mode)) throw new Error(`unsafe upload target ${path}`);
    const r = await this.exec(`mkdir -p "$(dirname ${path})" && cat > ${path} && chmod ${mode} ${path} && wc -c < ${path}`, {
      stdin: content,
    });
    if (r.code !== 0)
      throw new DirectorError('command', `${this.target.name}: writing ${path} failed: ${r.stderr.trim() || `exit ${r.code}`}`);
    if (Number(r.stdout.trim()) !== Buffer.byteLength(content))
      throw new DirectorError(
        'dropped',
        `${this.target.name}: ${path} arrived incomplete (${r.stdout.trim()} of ${Buffer.byteLength(content)} bytes).`,
      );
  }

  /** Called once when the connection ends (closed, dropped, or failed). */
  onClose(fn: () => void) {
    let called = false;
    const once = () => {
      if (!called) {
        called = true;
        fn();
      }
    };
    this.client.once('close', once);
    this.client.once('end', once);
    this.client.once('error', once);
  }

  close() {
    this.client.end();
  }
}
