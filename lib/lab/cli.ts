// npm run lab -- [start [--mode dr|nat]] | stop | status [--json] | kill|revive <director> | ssh <node> [command] |
//                 client <command> | authorize-key "<public key>"
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { authorizeKey, Lab, NODES, type LabMode } from './lab';
import { LAB_PACKAGES, LabError, missingTools, readState, sshArgs } from './vm';

const USAGE = `usage: npm run lab -- <command>

  start [--mode dr|nat]        boot the director lab (default command; dr topology by default)
  stop                         stop it; no process is left behind
  status [--json]              how to reach each director over SSH
  ssh <node> [command]         a shell or a command on a node (${NODES.join(', ')}, or vm)
  client <command>             a command on the lab client
  reset dr|nat                 rebuild the topology without rebooting
  kill director1|director2     crash a director: every process killed, its links down, SSH refused
  revive director1|director2   bring it back as a reboot would (links up, SSH, keepalived if configured)
  authorize-key "<key>"        let this public key (the console's) log in to both directors`;

const seconds = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

function ensurePackages() {
  const missing = missingTools();
  if (!missing.length) return;
  if (process.getuid?.() !== 0)
    throw new LabError(`Missing Debian packages: ${missing.join(' ')}. As root: apt-get install -y ${missing.join(' ')}`);
  const r = spawnSync('bash', [path.join(__dirname, '..', 'tools', 'system-packages.sh'), ...LAB_PACKAGES], { stdio: 'inherit' });
  if (r.status !== 0) throw new LabError('Installing the lab packages failed (see above).');
}

async function main() {
  const [cmd = 'start', ...rest] = process.argv.slice(2);
  const t0 = Date.now();
  switch (cmd) {
    case 'start': {
      const mode = (rest[rest.indexOf('--mode') + 1] ?? 'dr') as LabMode;
      if (rest.includes('--mode') && mode !== 'dr' && mode !== 'nat') throw new LabError('--mode is dr or nat');
      ensurePackages();
      const already = readState();
      const lab = await Lab.start({ mode: rest.includes('--mode') ? mode : 'dr' });
      console.log(
        already
          ? `lab already running (booted in ${already.bootSeconds.toFixed(1)} s); topology ${lab.mode} rebuilt`
          : `lab VM booted in ${lab.state.bootSeconds.toFixed(1)} s (kernel ${lab.state.kernel})`,
      );
      console.log(`lab up with the ${lab.mode?.toUpperCase()} topology in ${seconds(t0)}`);
      for (const d of lab.directors()) console.log(`  ${d.name}: ssh -p ${d.port} ${d.user}@${d.host}   (${d.hostKeyFingerprint})`);
      return;
    }
    case 'stop': {
      const was = await Lab.stop();
      console.log(was ? `lab stopped in ${seconds(t0)}` : 'lab was not running');
      return;
    }
    case 'status': {
      const state = readState();
      if (!state) {
        if (rest.includes('--json')) console.log(JSON.stringify({ running: false, directors: [] }));
        else console.log('lab is not running');
        return;
      }
      const lab = Lab.attach();
      const info = {
        running: true,
        mode: lab.mode,
        kernel: state.kernel,
        bootSeconds: state.bootSeconds,
        pid: state.pid,
        directors: lab.directors(),
      };
      if (rest.includes('--json')) console.log(JSON.stringify(info, null, 2));
      else {
        console.log(`lab running (pid ${state.pid}, kernel ${state.kernel}, ${lab.mode ?? 'no'} topology)`);
        for (const d of info.directors) console.log(`  ${d.name}: ${d.user}@${d.host} port ${d.port}  ${d.hostKeyFingerprint}`);
      }
      return;
    }
    case 'reset': {
      const mode = rest[0] as LabMode;
      if (mode !== 'dr' && mode !== 'nat') throw new LabError('usage: npm run lab -- reset dr|nat');
      await Lab.attach().reset(mode);
      console.log(`topology ${mode} rebuilt in ${seconds(t0)}`);
      return;
    }
    case 'kill':
    case 'revive': {
      const name = rest[0];
      if (name !== 'director1' && name !== 'director2') throw new LabError(`usage: npm run lab -- ${cmd} director1|director2`);
      const lab = Lab.attach();
      if (cmd === 'kill') await lab.killDirector(name);
      else await lab.reviveDirector(name);
      console.log(`${name} ${cmd === 'kill' ? 'killed' : 'revived'} in ${seconds(t0)}`);
      return;
    }
    case 'ssh':
    case 'client': {
      const lab = Lab.attach();
      const node = cmd === 'client' ? 'client' : rest[0];
      const command = (cmd === 'client' ? rest : rest.slice(1)).join(' ');
      if (!node) throw new LabError(`usage: npm run lab -- ssh <node> [command]; nodes: ${NODES.join(', ')}, vm`);
      if (!command) {
        const enter =
          node === 'vm'
            ? ''
            : node.startsWith('director')
              ? `nsenter --net=/run/netns/${node} --mount=/run/lab/mnt/${node} `
              : `ip netns exec ${node} `;
        const r = spawnSync('ssh', ['-t', ...sshArgs(lab.state, lab.state.rootPort), `${enter}/bin/bash`], { stdio: 'inherit' });
        process.exit(r.status ?? 1);
      }
      const r = node === 'vm' ? await lab.vm(command) : await lab.runOn(node as never, command);
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      process.exit(r.code);
    }
    case 'authorize-key': {
      authorizeKey(rest.join(' '));
      console.log('key authorised on both directors');
      return;
    }
    default:
      console.log(USAGE);
      if (cmd !== 'help' && cmd !== '--help') process.exit(2);
  }
}

main().catch((err) => {
  console.error(err instanceof LabError ? `lab: ${err.message}` : err);
  process.exit(1);
});
