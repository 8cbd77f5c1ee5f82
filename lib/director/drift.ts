// Drift: what a director runs compared with the last applied revision, and the repair that brings the
// kernel table back without restarting keepalived (so that connections survive).
import type { DirectorSession } from './transport';
import { atWeightZero, inhibitedRules, normaliseIpvsSave } from './apply';
import type { Artefacts } from '../render';
import { assertArtefactPaths, remotePath } from './remote-path';

export interface DriftReport {
  files: { path: string; status: 'same' | 'changed' | 'missing' }[];
  table: { missing: string[]; unexpected: string[] };
  drifted: boolean;
}

export async function readDrift(conn: DirectorSession, artefacts: Artefacts, expectedTable: string[]): Promise<DriftReport> {
  const files: DriftReport['files'] = [];
  assertArtefactPaths(Object.keys(artefacts));
  for (const path of Object.keys(artefacts).sort()) {
    const r = await conn.exec(`cat ${remotePath(path)}`);
    files.push({ path, status: r.code !== 0 ? 'missing' : r.stdout === artefacts[path] ? 'same' : 'changed' });
  }
  const live = normaliseIpvsSave((await conn.exec('ipvsadm -Sn')).stdout);
  const want = [...expectedTable].sort();
  let table = { missing: want.filter((l) => !live.includes(l)), unexpected: live.filter((l) => !want.includes(l)) };
  // Quiescent services: keepalived keeps a failed real server at weight 0 (inhibit_on_failure). That is
  // its health check at work, not drift, and "fixing" it would fight keepalived.
  if (Object.values(artefacts).some((text) => text.includes('inhibit_on_failure'))) {
    const inhibited = new Set([...inhibitedRules(table.missing)].filter((l) => live.includes(l)));
    table = {
      missing: table.missing.filter((l) => !inhibited.has(atWeightZero(l))),
      unexpected: table.unexpected.filter((l) => !inhibited.has(l)),
    };
  }
  return { files, table, drifted: files.some((f) => f.status !== 'same') || table.missing.length > 0 || table.unexpected.length > 0 };
}

const SERVICE_KEY = /^-[tu] (\[[0-9a-fA-F:]+\]|[0-9.]+):\d{1,5}$|^-f \d{1,10}$/;
const SERVER = /^(\[[0-9a-fA-F:]+\]|[0-9.]+):\d{1,5}$/;

interface Rule {
  kind: 'service' | 'server';
  service: string;
  server?: string;
  line: string;
}

/** Parses one `ipvsadm -Sn` line; anything unexpected is refused rather than passed to a shell. */
function parseRule(line: string): Rule {
  const svc = /^-A (-[tu] \S+|-f \d+)( .*)?$/.exec(line);
  if (svc && SERVICE_KEY.test(svc[1]) && /^[A-Za-z0-9 .:\-[\]]*$/.test(line)) return { kind: 'service', service: svc[1], line };
  const rs = /^-a (-[tu] \S+|-f \d+) -r (\S+)( .*)?$/.exec(line);
  if (rs && SERVICE_KEY.test(rs[1]) && SERVER.test(rs[2]) && /^[A-Za-z0-9 .:\-[\]]*$/.test(line))
    return { kind: 'server', service: rs[1], server: rs[2], line };
  throw new Error(`unrecognised ipvsadm rule: ${line}`);
}

/** The ipvsadm commands that turn the live table into the expected one (deletions first). */
export function reconcileCommands(missing: string[], unexpected: string[]): string[] {
  const want = missing.map(parseRule);
  const extra = unexpected.map(parseRule);
  const cmds: string[] = [];
  for (const e of extra.filter((r) => r.kind === 'server')) {
    if (!want.some((w) => w.kind === 'server' && w.service === e.service && w.server === e.server))
      cmds.push(`ipvsadm -d ${e.service} -r ${e.server}`);
  }
  for (const e of extra.filter((r) => r.kind === 'service')) {
    if (!want.some((w) => w.kind === 'service' && w.service === e.service)) cmds.push(`ipvsadm -D ${e.service}`);
  }
  for (const w of want.filter((r) => r.kind === 'service')) {
    const edit = extra.some((e) => e.kind === 'service' && e.service === w.service);
    cmds.push(edit ? `ipvsadm -E ${w.line.slice(3)}` : `ipvsadm ${w.line}`);
  }
  for (const w of want.filter((r) => r.kind === 'server')) {
    const edit = extra.some((e) => e.kind === 'server' && e.service === w.service && e.server === w.server);
    cmds.push(edit ? `ipvsadm -e ${w.line.slice(3)}` : `ipvsadm ${w.line}`);
  }
  return cmds;
}
