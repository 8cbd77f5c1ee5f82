// Runs the real tools on rendered artefacts: keepalived --config-test and nft -c inside a private
// network namespace whose interfaces are named like a director's (eth0, eth1), and
// iptables-restore --test. Test-only code; the product runs these on the director itself.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ToolResult {
  exitCode: number;
  output: string;
}

const NETNS_SETUP = 'ip link add eth0 type veth peer name eth1 && ip link set eth0 up && ip link set eth1 up';

/** Runs `keepalived --config-test` on each text; one namespace for the whole batch. */
export function keepalivedConfigTest(configs: string[]): ToolResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-kt-'));
  try {
    configs.forEach((c, i) => fs.writeFileSync(path.join(dir, `${i}.conf`), c, { mode: 0o644 }));
    const script = `${NETNS_SETUP} || exit 99
for i in $(seq 0 ${configs.length - 1}); do
  keepalived --config-test="${dir}/$i.log" -f "${dir}/$i.conf" >/dev/null 2>&1
  echo "$i $?"
done`;
    const out = execFileSync('unshare', ['-n', 'sh', '-c', script], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const codes = new Map(
      out
        .trim()
        .split('\n')
        .map((l) => l.split(' ').map(Number) as [number, number]),
    );
    return configs.map((_, i) => {
      const log = path.join(dir, `${i}.log`);
      const text = fs.existsSync(log) ? [...new Set(fs.readFileSync(log, 'utf8').split('\n').filter(Boolean))].join('\n') : '';
      return { exitCode: codes.get(i) ?? -1, output: text };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function nftCheck(ruleset: string): ToolResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-nft-'));
  const file = path.join(dir, 'marks.nft');
  fs.writeFileSync(file, ruleset);
  const r = spawnSync('unshare', ['-n', 'nft', '-c', '-f', file], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return { exitCode: r.status ?? -1, output: (r.stdout + r.stderr).trim() };
}

/** nft -c on many rulesets in one namespace. */
export function nftCheckMany(rulesets: string[]): ToolResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-nft-'));
  try {
    rulesets.forEach((r, i) => fs.writeFileSync(path.join(dir, `${i}.nft`), r));
    const script = `for i in $(seq 0 ${rulesets.length - 1}); do nft -c -f "${dir}/$i.nft" > "${dir}/$i.out" 2>&1; echo "$i $?"; done`;
    const out = execFileSync('unshare', ['-n', 'sh', '-c', script], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const codes = new Map(
      out
        .trim()
        .split('\n')
        .map((l) => l.split(' ').map(Number) as [number, number]),
    );
    return rulesets.map((_, i) => ({ exitCode: codes.get(i) ?? -1, output: fs.readFileSync(path.join(dir, `${i}.out`), 'utf8').trim() }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Loads the rules for real in a private namespace (with the PREROUTING jump) and lists them back. */
export function iptablesLoad(rules: string, family: 4 | 6 = 4): ToolResult {
  const restore = family === 4 ? 'iptables-restore' : 'ip6tables-restore';
  const save = family === 4 ? 'iptables-save' : 'ip6tables-save';
  const r = spawnSync('unshare', ['-n', 'sh', '-c', `${restore} --noflush && ${save} -t mangle`], { input: rules, encoding: 'utf8' });
  return { exitCode: r.status ?? -1, output: (r.stdout + r.stderr).trim() };
}

export function toolsAvailable(): string[] {
  const missing: string[] = [];
  for (const t of ['keepalived', 'nft', 'iptables-restore', 'unshare']) {
    if (spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0) missing.push(t);
  }
  return missing;
}
