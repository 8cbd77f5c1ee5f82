// "Test connection": what the console finds on a director before it trusts it with a configuration.
import type { DirectorSession } from './transport';
import { EXTERNAL_CHECKS_DIR } from '../schemas/virtual-service';

export interface DirectorProbe {
  user: string;
  root: boolean;
  sudo: boolean;
  keepalived: string | null;
  ipvsadm: string | null;
  nft: string | null;
  ipVsLoaded: boolean;
  interfaces: { name: string; addresses: string[] }[];
  /** Executable scripts in the external-checks directory (what an external check may name). */
  checkScripts: string[];
  problems: string[];
}

const PROBE = [
  'echo "user=$(id -un) uid=$(id -u)"',
  'if [ "$(id -u)" != 0 ] && sudo -n true 2>/dev/null; then echo sudo=yes; else echo sudo=no; fi',
  'echo "keepalived=$(keepalived --version 2>&1 | head -1)"',
  'echo "ipvsadm=$(ipvsadm --version 2>&1 | head -1)"',
  'echo "nft=$(nft --version 2>&1 | head -1)"',
  'if [ -e /proc/net/ip_vs ]; then echo ipvs=yes; else echo ipvs=no; fi',
  'ip -o addr show | while read -r n name fam addr rest; do echo "addr=$name $addr"; done',
  `for f in ${EXTERNAL_CHECKS_DIR}/*; do [ -f "$f" ] && [ -x "$f" ] && echo "check=\${f##*/}"; done; true`,
].join('; ');

export async function probeDirector(conn: DirectorSession): Promise<DirectorProbe> {
  const r = await conn.exec(PROBE, { timeoutMs: 30_000 });
  const lines = r.stdout.split('\n');
  const get = (k: string) => lines.find((l) => l.startsWith(`${k}=`))?.slice(k.length + 1) ?? '';
  const version = (k: string, re: RegExp) => {
    const m = re.exec(get(k));
    return m ? m[1] : null;
  };
  const userLine = get('user');
  const uid = /uid=(\d+)/.exec(lines.find((l) => l.startsWith('user=')) ?? '')?.[1];
  const interfaces = new Map<string, string[]>();
  for (const l of lines.filter((x) => x.startsWith('addr='))) {
    const [name, addr] = l.slice(5).split(' ');
    const clean = name.replace(/@.*$/, '');
    interfaces.set(clean, [...(interfaces.get(clean) ?? []), addr]);
  }
  const probe: DirectorProbe = {
    user: userLine.split(' ')[0],
    root: uid === '0',
    sudo: get('sudo') === 'yes',
    keepalived: version('keepalived', /Keepalived v(\S+)/),
    ipvsadm: version('ipvsadm', /ipvsadm (v?\S+)/),
    nft: version('nft', /nftables (v\S+)/),
    ipVsLoaded: get('ipvs') === 'yes',
    interfaces: [...interfaces.entries()].map(([name, addresses]) => ({ name, addresses })),
    checkScripts: lines
      .filter((l) => l.startsWith('check='))
      .map((l) => l.slice(6))
      .sort(),
    problems: [],
  };
  if (!probe.root && !probe.sudo) probe.problems.push(`${probe.user} is not root and cannot use sudo without a password: connect as root.`);
  if (!probe.root && probe.sudo) probe.problems.push('Connected through sudo: this release applies as root only; connect as root.');
  if (!probe.keepalived) probe.problems.push('keepalived is not installed: apt-get install keepalived');
  if (!probe.ipvsadm) probe.problems.push('ipvsadm is not installed: apt-get install ipvsadm');
  if (!probe.nft) probe.problems.push('nftables is not installed: apt-get install nftables');
  if (!probe.ipVsLoaded) probe.problems.push('The ip_vs kernel module is not loaded: modprobe ip_vs (and add it to /etc/modules).');
  return probe;
}
