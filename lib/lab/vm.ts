// The director lab's virtual machine: Debian's own kernel (which has IPVS) under QEMU/TCG, booted
// with a tiny initramfs onto the host's root filesystem (read-only over virtio-9p, with a tmpfs
// overlay). The host reaches the guest only through QEMU port forwards on 127.0.0.1; the guest's
// user-mode network is restricted and has no default route, so no lab traffic leaves the machine.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cpioArchive, type CpioEntry } from './cpio';
import { freePort } from '../runtime/free-port';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const LAB_DIR = path.resolve(process.env.LVS_LAB_DIR ?? path.join(PROJECT_ROOT, '.lab'));
const SHARE = path.join(LAB_DIR, 'share');
const STATE_FILE = path.join(LAB_DIR, 'state.json');
export const CONSOLE_LOG = path.join(LAB_DIR, 'console.log');
export const DIRECTORS = ['director1', 'director2'] as const;
const GUEST_DIRECTOR_PORT: Record<(typeof DIRECTORS)[number], number> = { director1: 2201, director2: 2202 };

// Modules the initramfs loads before it can mount the host root (order from modprobe --show-depends).
const INITRAMFS_MODULES = [
  'virtio_ring',
  'virtio',
  'virtio_pci_modern_dev',
  'virtio_pci_legacy_dev',
  'virtio_pci',
  'failover',
  'net_failover',
  'virtio_net',
  'netfs',
  'fscache',
  '9pnet',
  '9pnet_virtio',
  '9p',
  'overlay',
];

export const LAB_PACKAGES = [
  'qemu-system-x86',
  'linux-image-amd64',
  'busybox-static',
  'socat',
  'python3',
  'openssh-server',
  'openssh-client',
  'openssl',
  'keepalived',
  'ipvsadm',
  'nftables',
  'iptables',
  'curl',
  'iproute2',
  'util-linux',
  'procps',
  'kmod',
];

export class LabError extends Error {}

export interface LabState {
  pid: number;
  kernel: string;
  rootPort: number;
  directorPorts: Record<string, number>;
  bootSeconds: number;
  startedAt: string;
}

export interface Kernel {
  version: string;
  image: string;
  modules: string;
}

/** The newest installed Debian kernel that has IPVS. */
export function findKernel(): Kernel {
  const versions = fs.existsSync('/lib/modules') ? fs.readdirSync('/lib/modules') : [];
  const usable = versions
    .filter((v) => fs.existsSync(`/boot/vmlinuz-${v}`) && fs.existsSync(`/lib/modules/${v}/kernel/net/netfilter/ipvs/ip_vs.ko`))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const version = usable.at(-1);
  if (!version) {
    throw new LabError(
      'No Debian kernel with IPVS is installed (looked for /boot/vmlinuz-* with ip_vs.ko). Install one: apt-get install linux-image-amd64',
    );
  }
  return { version, image: `/boot/vmlinuz-${version}`, modules: `/lib/modules/${version}` };
}

export function missingTools(): string[] {
  const tools: Record<string, string> = {
    'qemu-system-x86_64': 'qemu-system-x86',
    busybox: 'busybox-static',
    socat: 'socat',
    '/usr/bin/python3': 'python3',
    '/usr/sbin/sshd': 'openssh-server',
    ssh: 'openssh-client',
    'ssh-keygen': 'openssh-client',
    openssl: 'openssl',
    keepalived: 'keepalived',
    ipvsadm: 'ipvsadm',
    nft: 'nftables',
    curl: 'curl',
  };
  const missing = new Set<string>();
  for (const [tool, pkg] of Object.entries(tools)) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) missing.add(pkg);
  }
  // The initramfs runs busybox before any library is there: it must be the static build.
  if (!missing.has('busybox-static')) {
    const ldd = spawnSync('sh', ['-c', 'ldd "$(command -v busybox)" 2>&1'], { encoding: 'utf8' });
    if (!/not a dynamic executable|statically linked/.test(ldd.stdout)) missing.add('busybox-static');
  }
  return [...missing];
}

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new LabError(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

function keygen(file: string, comment: string) {
  if (!fs.existsSync(file)) run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}

export function fingerprint(pubFile: string): string {
  return run('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubFile]).split(' ')[1];
}

/** Keys, certificates, sshd configs and guest scripts in the share the guest mounts at /lab. */
function prepareShare() {
  const keys = path.join(SHARE, 'keys');
  fs.mkdirSync(keys, { recursive: true });
  fs.cpSync(path.join(__dirname, 'guest'), path.join(SHARE, 'guest'), { recursive: true });
  keygen(path.join(LAB_DIR, 'client_key'), 'lvs-lab-client');
  const authorized = path.join(SHARE, 'authorized_keys');
  const clientPub = fs.readFileSync(path.join(LAB_DIR, 'client_key.pub'), 'utf8');
  if (!fs.existsSync(authorized) || !fs.readFileSync(authorized, 'utf8').includes(clientPub.trim()))
    fs.appendFileSync(authorized, clientPub);
  fs.chmodSync(authorized, 0o644);
  for (const name of ['root', ...DIRECTORS]) {
    keygen(path.join(keys, `${name}_host`), `lvs-lab-${name}`);
    const port = name === 'root' ? 22 : GUEST_DIRECTOR_PORT[name as (typeof DIRECTORS)[number]];
    if (name !== 'root') fs.writeFileSync(path.join(keys, `${name}.port`), `${port}\n`);
    fs.writeFileSync(
      path.join(SHARE, `sshd_${name}.conf`),
      [
        `Port ${name === 'root' ? 22 : port}`,
        `HostKey /lab/keys/${name}_host`,
        'AuthorizedKeysFile /lab/authorized_keys',
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'StrictModes no',
        'UseDNS no',
        'PidFile none',
        'Subsystem sftp internal-sftp',
        'MaxStartups 50:30:100',
        '',
      ].join('\n'),
    );
  }
  if (!fs.existsSync(path.join(keys, 'server.crt'))) {
    run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '825',
      '-subj',
      '/CN=leostream-lab',
      '-keyout',
      path.join(keys, 'server.key'),
      '-out',
      path.join(keys, 'server.crt'),
    ]);
  }
  for (const f of fs.readdirSync(keys)) fs.chmodSync(path.join(keys, f), f.endsWith('_host') || f.endsWith('.key') ? 0o600 : 0o644);
}

function buildInitramfs(kernel: Kernel): string {
  const file = path.join(LAB_DIR, `initramfs-${kernel.version}.cpio`);
  if (fs.existsSync(file)) return file;
  const busybox = execFileSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).trim();
  const entries: CpioEntry[] = [
    { name: 'bin', mode: 0o040755 },
    { name: 'modules', mode: 0o040755 },
    { name: 'bin/busybox', mode: 0o100755, data: fs.readFileSync(fs.realpathSync(busybox)) },
    { name: 'init', mode: 0o100755, data: fs.readFileSync(path.join(__dirname, 'guest', 'init')) },
  ];
  const found: string[] = [];
  const all = execFileSync('find', [kernel.modules, '-name', '*.ko*'], { encoding: 'utf8' }).split('\n');
  for (const m of INITRAMFS_MODULES) {
    const ko = all.find((p) => path.basename(p) === `${m}.ko`);
    if (!ko) continue; // built into this kernel
    entries.push({ name: `modules/${m}.ko`, mode: 0o100644, data: fs.readFileSync(ko) });
    found.push(m);
  }
  entries.push({ name: 'modules/order', mode: 0o100644, data: Buffer.from(found.join('\n') + '\n') });
  fs.writeFileSync(file, cpioArchive(entries));
  return file;
}

export function readState(): LabState | null {
  if (!fs.existsSync(STATE_FILE)) return null;
  const state = JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as LabState;
  try {
    process.kill(state.pid, 0);
    return state;
  } catch {
    fs.rmSync(STATE_FILE, { force: true });
    return null;
  }
}

function consoleTail(lines = 25): string {
  if (!fs.existsSync(CONSOLE_LOG)) return '(no console output)';
  return fs.readFileSync(CONSOLE_LOG, 'utf8').split('\n').slice(-lines).join('\n');
}

/** Boots the VM (or returns the running one). */
export async function bootVm(opts: { timeoutMs?: number } = {}): Promise<LabState> {
  const existing = readState();
  if (existing) {
    prepareShare(); // the guest reads scripts from the share: keep them current
    return existing;
  }
  const missing = missingTools();
  if (missing.length)
    throw new LabError(`The lab needs these Debian packages: ${missing.join(' ')}. Install them: apt-get install -y ${missing.join(' ')}`);
  const kernel = findKernel();
  fs.mkdirSync(LAB_DIR, { recursive: true });
  prepareShare();
  const initrd = buildInitramfs(kernel);
  const rootPort = await freePort();
  const directorPorts = { director1: await freePort(), director2: await freePort() };
  const forwards = [
    `hostfwd=tcp:127.0.0.1:${rootPort}-:22`,
    ...DIRECTORS.map((d) => `hostfwd=tcp:127.0.0.1:${directorPorts[d]}-:${GUEST_DIRECTOR_PORT[d]}`),
  ];
  fs.rmSync(CONSOLE_LOG, { force: true });
  const pidFile = path.join(LAB_DIR, 'qemu.pid');
  fs.rmSync(pidFile, { force: true });
  const args = [
    '-accel',
    'tcg,tb-size=128',
    '-cpu',
    'max',
    '-smp',
    '2',
    '-m',
    '384',
    '-display',
    'none',
    '-serial',
    `file:${CONSOLE_LOG}`,
    '-monitor',
    'none',
    '-no-reboot',
    '-kernel',
    kernel.image,
    '-initrd',
    initrd,
    '-append',
    'console=ttyS0 quiet panic=-1 net.ifnames=0',
    '-virtfs',
    'local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap',
    '-virtfs',
    `local,path=${SHARE},mount_tag=lab,security_model=none,multidevs=remap`,
    // restrict=on: the guest can reach neither the host nor anything beyond; only these forwards work.
    '-netdev',
    `user,id=n0,restrict=on,${forwards.join(',')}`,
    '-device',
    'virtio-net-pci,netdev=n0,romfile=',
    '-pidfile',
    pidFile,
  ];
  const t0 = Date.now();
  const child = spawn('qemu-system-x86_64', args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.unref();
  const pid = child.pid!;
  const deadline = t0 + (opts.timeoutMs ?? 90_000);
  const state: LabState = { pid, kernel: kernel.version, rootPort, directorPorts, bootSeconds: 0, startedAt: new Date().toISOString() };
  fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
  writeKnownHosts(state);
  while (Date.now() < deadline) {
    if (child.exitCode !== null || !alive(pid)) {
      fs.rmSync(STATE_FILE, { force: true });
      throw new LabError(`QEMU exited during boot: ${stderr.trim() || '(no message)'}\nconsole:\n${consoleTail()}`);
    }
    if (fs.existsSync(CONSOLE_LOG) && fs.readFileSync(CONSOLE_LOG, 'utf8').includes('LAB-READY')) {
      if (spawnSync('ssh', [...sshArgs(state, rootPort), 'true'], { timeout: 15_000 }).status === 0) {
        state.bootSeconds = (Date.now() - t0) / 1000;
        fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
        child.stderr.destroy();
        return state;
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stopVm();
  throw new LabError(
    `The lab VM did not come up within ${Math.round((opts.timeoutMs ?? 90_000) / 1000)} s. Console tail:\n${consoleTail()}`,
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function writeKnownHosts(state: LabState) {
  const lines = [`[127.0.0.1]:${state.rootPort} ${fs.readFileSync(path.join(SHARE, 'keys', 'root_host.pub'), 'utf8').trim()}`];
  for (const d of DIRECTORS)
    lines.push(`[127.0.0.1]:${state.directorPorts[d]} ${fs.readFileSync(path.join(SHARE, 'keys', `${d}_host.pub`), 'utf8').trim()}`);
  fs.writeFileSync(path.join(LAB_DIR, 'known_hosts'), lines.join('\n') + '\n');
}

/** ssh options for the lab: our own key and known_hosts, a multiplexed connection per target. */
export function sshArgs(state: LabState, port: number): string[] {
  return [
    '-F',
    '/dev/null',
    '-i',
    path.join(LAB_DIR, 'client_key'),
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${path.join(LAB_DIR, 'known_hosts')}`,
    '-o',
    'ControlMaster=auto',
    '-o',
    `ControlPath=${path.join(LAB_DIR, `cm-${port}`)}`,
    '-o',
    'ControlPersist=600',
    '-o',
    'ConnectTimeout=20',
    '-o',
    'LogLevel=ERROR',
    '-p',
    String(port),
    'root@127.0.0.1',
  ];
}

/** Stops QEMU by its pid and closes the multiplexed SSH connections; returns whether one was running. */
export async function stopVm(): Promise<boolean> {
  const raw = fs.existsSync(STATE_FILE) ? (JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as LabState) : null;
  if (raw) {
    for (const port of [raw.rootPort, ...Object.values(raw.directorPorts)]) {
      spawnSync('ssh', [...sshArgs(raw, port), '-O', 'exit'], { timeout: 5_000, stdio: 'ignore' });
    }
  }
  const pidFile = path.join(LAB_DIR, 'qemu.pid');
  const pids = new Set<number>();
  if (raw) pids.add(raw.pid);
  if (fs.existsSync(pidFile)) pids.add(Number(fs.readFileSync(pidFile, 'utf8').trim()));
  let was = false;
  for (const pid of pids) {
    if (!pid || !alive(pid)) continue;
    was = true;
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 20 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  }
  fs.rmSync(STATE_FILE, { force: true });
  fs.rmSync(pidFile, { force: true });
  return was;
}
