// A stand-in director on 127.0.0.1 for browser tests that need live figures without the lab: an SSH
// server (ssh2) that answers the console's status read with an ipvsadm table whose counters grow at
// each read, a load average and interface counters, and keeps the state files the console writes.
// What it says is made up; what the console does with it (collection, storage, graphs) is real. Kernel
// and traffic claims are proven in the director lab, never here.
import { Server } from 'ssh2';
import { generateKeyPair } from '../../lib/director/ssh-key';
import { freePort } from '../../lib/runtime/free-port';

export interface FakeService {
  /** As ipvsadm prints it: "TCP 192.168.98.238:443". */
  key: string;
  realServers: { address: string; active: number; inactive: number; weight?: number }[];
  /** Connections and bytes added to each real server's counters at every read. */
  perRead: { connections: number; inBytes: number; packets: number };
}

export interface FakeDirector {
  port: number;
  fingerprint: string;
  reads: () => number;
  close: () => Promise<void>;
}

/** `files`: what the director has on disk, for the console's file reads (import from this director). */
export async function startFakeDirector(
  services: FakeService[],
  opts: { vrrp?: 'MASTER' | 'BACKUP'; load?: number; files?: Record<string, string> } = {},
): Promise<FakeDirector> {
  const keys = generateKeyPair();
  const fingerprint = keys.fingerprint;
  const stateFiles = new Map<string, string>();
  let reads = 0;
  const started = new Date().toISOString();

  const snapshot = () => {
    reads++;
    const pad = (s: string) => s.padEnd(34);
    const persist = [
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Weight    PersistConn ActiveConn InActConn',
    ];
    const stats = [
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes',
      '  -> RemoteAddress:Port',
    ];
    for (const s of services) {
      persist.push(`${s.key.split(' ')[0]}  ${s.key.split(' ')[1]} wlc persistent 300`);
      const per = s.realServers.map(() => ({
        c: reads * s.perRead.connections,
        p: reads * s.perRead.packets,
        b: reads * s.perRead.inBytes,
      }));
      const sum = per.reduce((a, x) => ({ c: a.c + x.c, p: a.p + x.p, b: a.b + x.b }), { c: 0, p: 0, b: 0 });
      stats.push(`${pad(`${s.key.split(' ')[0]}  ${s.key.split(' ')[1]}`)} ${sum.c} ${sum.p} 0 ${sum.b} 0`);
      s.realServers.forEach((r, i) => {
        persist.push(`  -> ${r.address}            ${r.weight ?? 100}       0           ${r.active}          ${r.inactive}`);
        stats.push(`  -> ${pad(r.address)} ${per[i].c} ${per[i].p} 0 ${per[i].b} 0`);
      });
    }
    const load = opts.load ?? 0.42;
    return [
      '@@persist',
      ...persist,
      '@@stats',
      ...stats,
      '@@daemon',
      opts.vrrp === 'BACKUP' ? 'backup sync daemon (mcast=eth0, syncid=0)' : 'master sync daemon (mcast=eth0, syncid=0)',
      '@@vrrp',
      `${started} INSTANCE VI_1 ${opts.vrrp ?? 'MASTER'}`,
      '@@addr',
      '2: eth0    inet 127.0.0.2/8 scope host eth0',
      '@@load',
      `${load.toFixed(2)} 0.30 0.20 1/100 4242`,
      '@@net',
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      `    lo: 1000 10 0 0 0 0 0 0 1000 10 0 0 0 0 0 0`,
      `  eth0: ${reads * 20_000} ${reads * 20} 0 0 0 0 0 0 ${reads * 5_000} ${reads * 5} 0 0 0 0 0 0`,
      '@@state',
      ...[...stateFiles].map(([f, v]) => `${f}:${v}`),
      '@@keepalived',
      '4242',
      '@@end',
      '',
    ].join('\n');
  };

  const clients = new Set<{ end: () => unknown }>();
  const server = new Server({ hostKeys: [keys.private] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('authentication', (ctx) => ctx.accept());
    client.on('error', () => undefined);
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acceptExec, _reject, info) => {
          const stream = acceptExec();
          const reply = (out: string) => {
            stream.write(out);
            stream.exit(0);
            stream.end();
          };
          if (info.command.includes('echo @@proc')) return reply(snapshot());
          if (info.command.includes('base64 -w0')) {
            // The console's file read: "for f in PATTERN; do ... printf '==> %s\n' "$f"; base64 -w0 "$f"; echo; ... done".
            const out: string[] = [];
            for (const m of info.command.matchAll(/for f in (\S+); do/g)) {
              const re = new RegExp(
                `^${m[1]
                  .replace(/[.+^${}()|\\]/g, '\\$&')
                  .replace(/\*/g, '[^/]*')
                  .replace(/\?/g, '.')}$`,
              );
              for (const [file, text] of Object.entries(opts.files ?? {}).sort())
                if (re.test(file)) out.push(`==> ${file}`, Buffer.from(text).toString('base64'));
            }
            return reply(out.length ? `${out.join('\n')}\n` : '');
          }
          if (info.command.includes('ls -1A > .listing') || info.command.includes('while read -r f v')) {
            // The state files the console writes (drain / halt; "-" removes one), kept for the next status read.
            const exact = info.command.includes('exact=1');
            let input = '';
            stream.on('data', (d: Buffer) => (input += d.toString()));
            stream.on('end', () => {
              const named = new Set<string>();
              const out: string[] = [];
              for (const line of input.split('\n')) {
                const [f, v] = line.trim().split(' ');
                if (!f || !v) continue;
                named.add(f);
                const before = stateFiles.get(f) ?? '-';
                if (before === v) continue;
                if (v === '-') stateFiles.delete(f);
                else stateFiles.set(f, v);
                out.push(`changed ${f} ${before}`);
              }
              if (exact)
                for (const [f, v] of [...stateFiles])
                  if (!named.has(f)) {
                    stateFiles.delete(f);
                    out.push(`changed ${f} ${v}`);
                  }
              reply(out.length ? `${out.join('\n')}\n` : '');
            });
            return;
          }
          reply('');
        });
      });
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    fingerprint,
    reads: () => reads,
    close: () =>
      new Promise((resolve) => {
        // The console keeps its connection open: end it, or the server never closes.
        for (const c of clients) c.end();
        server.close(() => resolve());
      }),
  };
}
