// The director lab as a library for test suites: boot once, rebuild the topology between tests,
// and run commands on any node. Every claim of "applied", "healthy" or "failed over" is proven here.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bootVm, DIRECTORS, fingerprint, LAB_DIR, LabError, readState, sshArgs, stopVm, type LabState } from './vm';
import { shellQuote } from '../director/remote-path';

export type LabMode = 'dr' | 'nat';
export const REAL_SERVERS = ['gw1', 'gw2', 'brk1', 'brk2'] as const;
export const NODES = [...DIRECTORS, ...REAL_SERVERS, 'client'] as const;
export type LabNode = (typeof NODES)[number];
/** The listeners of a lab real server (lib/lab/guest/realserver.py). */
export const REAL_SERVER_SERVICES = ['https', 'http', 'tcp3389', 'tcp4172', 'tcp20001', 'udp4172', 'smtp', 'dns', 'udp1812'] as const;
export type RealServerService = (typeof REAL_SERVER_SERVICES)[number];

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface DirectorAccess {
  name: string;
  host: string;
  port: number;
  user: string;
  hostKeyFingerprint: string;
}

function exec(args: string[], input: string | undefined, timeoutMs: number): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new LabError(`lab command timed out after ${timeoutMs / 1000} s: ${args.at(-1)}`));
    }, timeoutMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

export class Lab {
  private constructor(
    readonly state: LabState,
    public mode: LabMode | null,
  ) {}

  /** Boots the VM if needed (about 10-20 s) and builds the topology. */
  static async start(opts: { mode?: LabMode } = {}): Promise<Lab> {
    const state = await bootVm();
    const lab = new Lab(state, null);
    await lab.reset(opts.mode ?? 'dr');
    return lab;
  }

  /** The lab that is already running (npm run lab), without touching its topology. */
  static attach(): Lab {
    const state = readState();
    if (!state) throw new LabError('The lab is not running: start it with `npm run lab`.');
    const modeFile = path.join(LAB_DIR, 'mode');
    return new Lab(state, fs.existsSync(modeFile) ? (fs.readFileSync(modeFile, 'utf8').trim() as LabMode) : null);
  }

  static stop(): Promise<boolean> {
    return stopVm();
  }

  /** Rebuilds every namespace from scratch (no reboot): about 5-10 s. */
  async reset(mode: LabMode): Promise<void> {
    const r = await this.vm(`sh /lab/guest/topology.sh ${mode}`, 120_000);
    if (r.code !== 0) throw new LabError(`building the ${mode} topology failed:\n${r.stdout}${r.stderr}`);
    this.mode = mode;
    fs.writeFileSync(path.join(LAB_DIR, 'mode'), mode);
  }

  /** A command in the VM's root namespace. */
  vm(command: string, timeoutMs = 60_000, input?: string): Promise<CommandResult> {
    return exec([...sshArgs(this.state, this.state.rootPort), command], input, timeoutMs);
  }

  /** A command on a node: inside its network namespace (and, for directors, its own filesystem view). */
  runOn(node: LabNode, command: string, timeoutMs = 60_000, input?: string): Promise<CommandResult> {
    if (!(NODES as readonly string[]).includes(node)) throw new LabError(`unknown lab node ${node}; nodes: ${NODES.join(', ')}`);
    const enter = (DIRECTORS as readonly string[]).includes(node)
      ? `nsenter --net=/run/netns/${node} --mount=/run/lab/mnt/${node}`
      : `ip netns exec ${node}`;
    return this.vm(`${enter} sh -c ${shellQuote(command)}`, timeoutMs, input);
  }

  /** Like runOn, but fails with the node's own error text when the command fails. */
  async mustRun(node: LabNode, command: string, timeoutMs?: number): Promise<string> {
    const r = await this.runOn(node, command, timeoutMs);
    if (r.code !== 0) throw new LabError(`${node}: \`${command}\` exited ${r.code}: ${r.stderr || r.stdout}`);
    return r.stdout;
  }

  fromClient(command: string, timeoutMs?: number): Promise<CommandResult> {
    return this.runOn('client', command, timeoutMs);
  }

  /**
   * Starts a command on the client and returns at once, while it runs (a connection held open, say).
   * A plain `cmd &` is not enough: its output still holds the SSH channel, so the call would only
   * return when the command ends.
   */
  async clientInBackground(command: string): Promise<void> {
    const r = await this.fromClient(`setsid sh -c ${shellQuote(command)} </dev/null >/dev/null 2>&1 &`);
    if (r.code !== 0) throw new LabError(`client: starting \`${command}\` failed: ${r.stderr || r.stdout}`);
  }

  /**
   * Holds a TCP connection from the client to ADDRESS:PORT open, one "ping" line a second (each
   * answered by the real server, which also says its name on connect), until stopHeldConnection.
   */
  async holdConnection(name: string, target: string): Promise<void> {
    await this.fromClient(`rm -f /tmp/${name}.out /tmp/${name}.stop /tmp/${name}.sent`);
    await this.clientInBackground(
      `(n=0; while [ $n -lt 240 ] && [ ! -e /tmp/${name}.stop ]; do echo ping; n=$((n+1)); sleep 1; done; echo $n > /tmp/${name}.sent) | socat -t2 -T10 - TCP:${target} > /tmp/${name}.out 2>&1`,
    );
  }

  /** What the held connection's peer answered so far: its name first, then one line per ping. */
  async heldAnswers(name: string): Promise<string[]> {
    return (await this.fromClient(`cat /tmp/${name}.out 2>/dev/null`)).stdout.trim().split('\n').filter(Boolean);
  }

  /** Ends a held connection; returns how many pings were sent and what was answered. */
  async stopHeldConnection(name: string): Promise<{ sent: number; answers: string[] }> {
    await this.fromClient(`touch /tmp/${name}.stop`);
    let sent = '';
    for (let i = 0; i < 40 && !sent; i++) {
      await new Promise((r) => setTimeout(r, 500));
      sent = (await this.fromClient(`cat /tmp/${name}.sent 2>/dev/null`)).stdout.trim();
    }
    if (!sent) throw new LabError(`the held connection ${name} did not end within 20 s of being told to`);
    await new Promise((r) => setTimeout(r, 2_500)); // socat waits up to 2 s for the last answers
    return { sent: Number(sent), answers: await this.heldAnswers(name) };
  }

  private async setServices(node: (typeof REAL_SERVERS)[number], change: (down: Set<string>) => void) {
    const file = `/run/lab/state/${node}.down`;
    const current = new Set((await this.vm(`cat ${file} 2>/dev/null || true`)).stdout.split('\n').filter(Boolean));
    change(current);
    // The server writes what it runs to .applied once it has closed or opened its listeners: wait for it
    // to say so (a stop that has not happened yet would make a test wait for the wrong thing).
    const want = REAL_SERVER_SERVICES.filter((s) => !current.has(s))
      .sort()
      .join(' ');
    const r = await this.vm(
      `printf '%s\\n' ${[...current].map(shellQuote).join(' ') || "''"} > ${file} && kill -HUP $(cat /run/lab/state/${node}.pid) && for i in $(seq 100); do [ "$(cat /run/lab/state/${node}.applied)" = ${shellQuote(want)} ] && exit 0; sleep 0.1; done; echo "it runs: $(cat /run/lab/state/${node}.applied)" >&2; exit 1`,
    );
    if (r.code !== 0) throw new LabError(`changing services on ${node} did not take within 10 s (wanted: ${want}): ${r.stderr}`);
  }

  /** Stops one listener of a real server (as if the gateway's HTTPS died). */
  stopService(node: (typeof REAL_SERVERS)[number], service: RealServerService) {
    return this.setServices(node, (down) => down.add(service));
  }

  startService(node: (typeof REAL_SERVERS)[number], service: RealServerService) {
    return this.setServices(node, (down) => down.delete(service));
  }

  /** A real crash: every process of the director killed, and its links down. */
  async killDirector(name: (typeof DIRECTORS)[number]): Promise<void> {
    const r = await this.vm(
      // Its SSH answers no more either (enter-director.sh), as a machine that died would not.
      `mkdir -p /run/lab/down && touch /run/lab/down/${name}; for p in $(ip netns pids ${name}); do kill -9 $p; done; for l in $(ip -o link show | grep -o 'v${name}eth[01]'); do ip link set $l down; done`,
    );
    if (r.code !== 0) throw new LabError(`killing ${name} failed: ${r.stderr}`);
  }

  /**
   * Brings a killed director back as a reboot would: no floating IPs and an empty IPVS table, links
   * up, SSH answering again, and keepalived started as its unit would (if it has a configuration).
   */
  async reviveDirector(name: (typeof DIRECTORS)[number]): Promise<void> {
    const inside = `nsenter --net=/run/netns/${name} --mount=/run/lab/mnt/${name}`;
    const r = await this.vm(
      [
        `for p in $(ip netns pids ${name}); do kill -9 $p; done`,
        // Addresses a reboot would not keep: the floating IPs (/32 and /128) that keepalived had added.
        `ip -n ${name} -o addr show | awk '$4 ~ /\/(32|128)$/ && $2 != "lo" {print $4, $2}' | while read a d; do ip -n ${name} addr del $a dev $d; done`,
        `${inside} ipvsadm -C`,
        `for l in $(ip -o link show | grep -o 'v${name}eth[01]'); do ip link set $l up; done`,
        `rm -f /run/lab/down/${name}`,
        `${inside} sh -c 'rm -f /run/keepalived.pid /run/keepalived_vrrp.pid /run/keepalived_checkers.pid; PATH=/usr/local/sbin:$PATH systemctl start keepalived'`,
      ].join(' && '),
    );
    if (r.code !== 0) throw new LabError(`reviving ${name} failed: ${r.stderr || r.stdout}`);
  }

  /** How the console (or anyone) reaches each director over SSH from the host. */
  directors(): DirectorAccess[] {
    return DIRECTORS.map((name) => ({
      name,
      host: '127.0.0.1',
      port: this.state.directorPorts[name],
      user: 'root',
      hostKeyFingerprint: fingerprint(path.join(LAB_DIR, 'share', 'keys', `${name}_host.pub`)),
    }));
  }
}

/** Lets another public key (the console's) log in to both directors. */
export function authorizeKey(publicKey: string): void {
  const key = publicKey.trim();
  if (!/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( [^\n]*)?$/.test(key)) {
    throw new LabError('That is not an OpenSSH public key (expected one line like "ssh-ed25519 AAAA... comment").');
  }
  const file = path.join(LAB_DIR, 'share', 'authorized_keys');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (!existing.split('\n').includes(key)) fs.appendFileSync(file, `${key}\n`);
}
