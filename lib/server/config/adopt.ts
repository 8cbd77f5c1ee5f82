// Adopting an existing director: its keepalived.conf (or its kernel table, `ipvsadm -Sn`) becomes the
// console's services and floating IPs, through the same validated document and all-or-nothing import as
// Backup & Restore. The directors and console settings stay as they are (a director is added and its host key confirmed before its file is
// imported). Nothing is written while anything in the file cannot be represented.
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { includeKey, parseKeepalived, readIncludedFiles, type ConfIssue, type IncludeReader } from '../../import/keepalived-parse';
import {
  applyMerges,
  mapKeepalived,
  type FwmarkTraffic,
  type ImportedConfiguration,
  type MergeCandidate,
} from '../../import/keepalived-map';
import { mapIpvsadmSave } from '../../import/ipvsadm';
import { snatRulesFromNft, withSnat, type SnatRule } from '../../import/nft-snat';
import { DIRECTOR_PATHS } from '../../render/model';
import { mapLdirectord } from '../../import/ldirectord';
import { exportConfiguration } from './backup';
import { restoreConfiguration, type RestorePlan } from './restore';
import { ValidationError } from '../platform/validation';
import { AppError } from '../platform/errors';
import { getDb } from '../platform/db-client';
import { withDirectorSession } from '../directors/sessions';
import type { DirectorConnection } from '../../director/transport';
import type { ImportFormat } from '../../schemas/import-source';
import { shellQuote } from '../../director/remote-path';
import { byteLength, excerpt, IMPORT_LIMIT_TEXT, IMPORT_MAX_BYTES, IMPORT_MAX_FILES, tooLargeMessage } from '../../import/limits';

export interface AdoptResult {
  plan: RestorePlan;
  /** Imported with a difference the admin should know of, or left to the console. */
  notes: ConfIssue[];
  /** Services on one address that could be one multi-port service, and whether they were merged. */
  merges: (MergeCandidate & { merged: boolean })[];
  services: number;
  realServers: number;
}

export const MERGE_EXPLANATION =
  'One multi-port service instead of one service per port: persistence then spans all its ports (a client ' +
  'stays on one real server whichever port it uses, which Leostream gateways need), and one health check ' +
  '(on the first port unless the file named one) decides for every port.';

export interface AdoptOptions {
  /** Merge every candidate into a multi-port service (true), none (false), or the named first labels. */
  merge: boolean | string[];
  fwmarks?: Record<number, FwmarkTraffic>;
  actor: string;
  dryRun: boolean;
  /** The cluster the services land in (a file's: the caller's; a director's: its own); `default` unless told. */
  clusterId?: string;
}

export async function importKeepalivedConf(
  args: AdoptOptions & { file: { path: string; text: string }; read: IncludeReader; snat?: { path: string; rules: SnatRule[] } },
): Promise<AdoptResult> {
  const parsed = parseKeepalived(args.file, args.read);
  const mapped = mapKeepalived(parsed.nodes, { fwmarks: args.fwmarks });
  if (!args.snat) return land(mapped, parsed.issues, args);
  const snat = withSnat(mapped.services, args.snat.rules, args.snat.path);
  return land({ ...mapped, services: snat.services, notes: [...mapped.notes, ...snat.notes] }, parsed.issues, args);
}

/** `ipvsadm -Sn` output: the kernel table as it runs (no health checks: imported with "No checks"). */
export async function importIpvsadmSave(args: AdoptOptions & { file: { path: string; text: string } }): Promise<AdoptResult> {
  return land(mapIpvsadmSave(args.file.text, args.file.path, { fwmarks: args.fwmarks }), [], args);
}

/** ldirectord.cf: its virtual services (ldirectord has no VRRP: no floating IPs). */
export async function importLdirectordCf(args: AdoptOptions & { file: { path: string; text: string } }): Promise<AdoptResult> {
  return land(mapLdirectord(args.file.text, args.file.path, { fwmarks: args.fwmarks }), [], args);
}

/** How a file of each format is named in refusals (file:line) when it has no path of its own (an upload). */
const UPLOAD_NAMES: Record<ImportFormat, string> = { keepalived: 'keepalived.conf', ldirectord: 'ldirectord.cf', ipvsadm: 'ipvsadm-save' };

/**
 * A file of one of the formats (the CLI, the API and the Import page all come here). `read` follows a
 * keepalived.conf's includes; without it (an upload) an include is refused by line.
 */
export async function importFile(
  format: ImportFormat,
  args: AdoptOptions & { file: { path?: string; text: string }; read?: IncludeReader },
): Promise<AdoptResult> {
  const bytes = byteLength(args.file.text);
  if (bytes > IMPORT_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', tooLargeMessage(bytes));
  const file = { path: args.file.path ?? UPLOAD_NAMES[format], text: args.file.text };
  if (format === 'keepalived') return importKeepalivedConf({ ...args, file, read: args.read ?? (() => null) });
  if (format === 'ldirectord') return importLdirectordCf({ ...args, file });
  return importIpvsadmSave({ ...args, file });
}

/** The imported services and floating IPs, written through the configuration import (all or nothing). */
async function land(mapped: ImportedConfiguration, parseIssues: ConfIssue[], args: AdoptOptions): Promise<AdoptResult> {
  const refusals = [...parseIssues, ...mapped.refusals];
  if (refusals.length) {
    // Each parser quotes at most an excerpt of a line; this keeps any message to a readable length too.
    throw new ValidationError(refusals.map((r) => ({ field: `${excerpt(r.file, 200)}:${r.line}`, message: excerpt(r.message, 600) })));
  }
  const chosen = mapped.merges.filter((m) => (Array.isArray(args.merge) ? args.merge.includes(m.labels[0]) : args.merge));
  const services = applyMerges(mapped.services, chosen);
  const current = await exportConfiguration(args.clusterId);
  const document = {
    ...current,
    virtualServices: services.map(({ source: _s, ...s }) => s),
    floatingIps: mapped.floatingIps,
  };
  let plan: RestorePlan;
  try {
    plan = await restoreConfiguration({ document, actor: args.actor, dryRun: args.dryRun, clusterId: args.clusterId });
  } catch (err) {
    // Name the file's lines, not the document's array indexes.
    if (err instanceof ValidationError) {
      throw new ValidationError(
        err.fields.map((f) => {
          const m = /^virtualServices\[(\d+)\]/.exec(f.field ?? '');
          const src = m ? services[Number(m[1])]?.source : undefined;
          return src ? { field: `${src.file}:${src.line}`, message: `${f.field}: ${f.message}` } : f;
        }),
      );
    }
    throw err;
  }
  return {
    plan,
    notes: mapped.notes,
    merges: mapped.merges.map((m) => ({ ...m, merged: chosen.includes(m) })),
    services: services.length,
    realServers: services.reduce((n, s) => n + s.realServers.length, 0),
  };
}

/**
 * Reads `include` files from this machine: the pattern relative to the including file's folder, with `*`
 * and `?` in the file name (keepalived takes glob patterns), in name order.
 */
export function localIncludeReader(): IncludeReader {
  return (pattern, fromFile) => {
    const full = path.isAbsolute(pattern) ? pattern : path.join(path.dirname(fromFile), pattern);
    const dir = path.dirname(full);
    const name = path.basename(full);
    if (!/[*?]/.test(name))
      return fs.existsSync(full) && fs.statSync(full).isFile() ? [{ path: full, text: fs.readFileSync(full, 'utf8') }] : [];
    const re = new RegExp(
      `^${name
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir)
      .filter((f) => re.test(f))
      .sort()
      .map((f) => path.join(dir, f))
      .filter((f) => fs.statSync(f).isFile())
      .map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));
  };
}

/** `--fwmark N=IP:PORTS[/tcp|udp|tcpudp]` as the importer's mark table. */
export function parseFwmarkFlags(values: string[]): Record<number, FwmarkTraffic> {
  const out: Record<number, FwmarkTraffic> = {};
  for (const v of values) {
    const m = /^(\d+)=(.+):([\d,-]+)(?:\/(tcp|udp|tcpudp))?$/.exec(v.trim());
    if (!m)
      throw new ValidationError([
        { field: 'fwmark', message: `"${v}" is not N=IP:PORTS[/tcp|udp|tcpudp] (e.g. 1=192.168.1.10:80,443/tcp).` },
      ]);
    out[Number(m[1])] = { ip: m[2].replace(/^\[|\]$/g, ''), ports: m[3], protocol: (m[4] ?? 'tcp') as FwmarkTraffic['protocol'] };
  }
  return out;
}

export const DIRECTOR_KEEPALIVED_CONF = '/etc/keepalived/keepalived.conf';
/** The only folder "import from this director" reads (keepalived.conf and what it includes). */
export const DIRECTOR_IMPORT_DIR = '/etc/keepalived/';

/** A glob the director's shell may expand, and nothing else (no quotes, variables or commands). */
const SAFE_PATTERN = /^[A-Za-z0-9/._*?[\]-]+$/;

/**
 * The director's side of a read: each file a pattern names, resolved (links followed) and read only if it
 * is a regular file under /etc/keepalived/ of at most IMPORT_MAX_BYTES; at most IMPORT_MAX_FILES of them.
 * `==> PATH` and its base64 on the next line, or `==! PATH WHY [SIZE]`.
 */
function directorReadScript(pattern: string, dir = DIRECTOR_IMPORT_DIR): string {
  return [
    'n=0',
    `for f in ${pattern}; do`,
    '  [ -e "$f" ] || continue',
    `  n=$((n+1)); if [ $n -gt ${IMPORT_MAX_FILES} ]; then printf '==! %s many\\n' "$f"; break; fi`,
    `  r=$(realpath -e -- "$f" 2>/dev/null) || { printf '==! %s missing\\n' "$f"; continue; }`,
    `  case "$r" in ${dir}*) ;; *) printf '==! %s outside\\n' "$f"; continue ;; esac`,
    `  [ -f "$r" ] || { printf '==! %s notfile\\n' "$f"; continue; }`,
    `  s=$(stat -c %s -- "$r"); [ "$s" -le ${IMPORT_MAX_BYTES} ] || { printf '==! %s size %s\\n' "$f" "$s"; continue; }`,
    `  printf '==> %s\\n' "$f"; base64 -w0 "$r"; echo`,
    'done',
  ].join('\n');
}

const DIRECTOR_READ_REFUSALS: Record<string, (path: string, extra?: string) => string> = {
  outside: (p) => `${excerpt(p)} is not under ${DIRECTOR_IMPORT_DIR} (or links out of it): the console reads nothing else from a director.`,
  notfile: (p) => `${excerpt(p)} is not a regular file.`,
  size: (p, size) => `${excerpt(p)} has ${size} bytes; an import takes at most ${IMPORT_LIMIT_TEXT}.`,
  many: () => `the pattern names more than ${IMPORT_MAX_FILES} files.`,
  missing: (p) => `${excerpt(p)} could not be resolved.`,
};

/** Reads files of a director through directorReadScript: the files, or why one was refused. */
async function readDirectorFiles(
  conn: DirectorConnection,
  pattern: string,
  dir?: string,
): Promise<{ path: string; text: string }[] | { refused: string }> {
  const r = await conn.exec(`sh -c ${shellQuote(directorReadScript(pattern, dir))}`, {
    timeoutMs: 60_000,
    maxOutputBytes: Math.ceil(IMPORT_MAX_BYTES * 1.4) + 1024 * 1024,
  });
  if (r.code !== 0)
    throw new AppError(
      'DIRECTOR_FAILED',
      `Reading ${excerpt(pattern)} on ${conn.target.name} failed (exit ${r.code}): ${excerpt(r.stderr.trim(), 300)}`,
    );
  const files: { path: string; text: string }[] = [];
  const lines = r.stdout.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const refused = /^==! (.+?) (outside|notfile|size|many|missing)(?: (\d+))?$/.exec(lines[i]);
    if (refused) return { refused: DIRECTOR_READ_REFUSALS[refused[2]](refused[1], refused[3]) };
    if (!lines[i].startsWith('==> ')) continue;
    files.push({ path: lines[i].slice(4), text: Buffer.from(lines[i + 1] ?? '', 'base64').toString('utf8') });
    i++;
  }
  return files;
}

/** Where an include pattern points on the director, or why it is not read (only under /etc/keepalived/). */
function directorIncludePath(pattern: string, fromFile: string): string | { refused: string } {
  const full = path.posix.normalize(pattern.startsWith('/') ? pattern : `${path.posix.dirname(fromFile)}/${pattern}`);
  // A pattern the shell could read as more than a glob is not fetched.
  if (!SAFE_PATTERN.test(full)) return { refused: 'has characters other than letters, digits and / . _ - * ? [ ]: not read.' };
  if (!full.startsWith(DIRECTOR_IMPORT_DIR))
    return { refused: `the console reads included files only under ${DIRECTOR_IMPORT_DIR} on a director.` };
  return full;
}

/**
 * "Import from this director": its keepalived.conf and the files it includes, read over SSH (the host
 * key must be confirmed), through the same import. Only regular files under /etc/keepalived/, each of at
 * most the import's size, are read. Adopting a running director is then: add it, confirm its host key,
 * import, review, apply (which leaves its kernel table as it was).
 */
export async function importFromDirector(args: AdoptOptions & { director: string }): Promise<AdoptResult & { files: string[] }> {
  const d = await getDb().director.findUnique({ where: { name: args.director } });
  if (!d)
    throw new AppError('NOT_FOUND', `There is no director named "${args.director}". Add it under Local Configuration > Directors first.`, {
      field: 'director',
    });
  if (!d.hostKeyFingerprint)
    throw new AppError(
      'BAD_REQUEST',
      `Confirm the host key of ${d.name} first (Local Configuration > Directors > Test connection); the console reads nothing from a director it has not identified.`,
      { field: 'director' },
    );
  const { entry, reader, files, marks } = await withDirectorSession(
    d,
    async (conn) => {
      const main = await readDirectorFiles(conn, DIRECTOR_KEEPALIVED_CONF);
      if ('refused' in main) throw new AppError('BAD_REQUEST', `${d.name}: ${main.refused}`);
      if (!main[0]) throw new AppError('NOT_FOUND', `${d.name} has no ${DIRECTOR_KEEPALIVED_CONF}.`);
      const seen = [main[0].path];
      const reader = await readIncludedFiles(main[0], async (patterns) => {
        const out = new Map<string, { path: string; text: string }[] | { refused: string }>();
        for (const { pattern, fromFile } of patterns) {
          const where = directorIncludePath(pattern, fromFile);
          const got = typeof where === 'string' ? await readDirectorFiles(conn, where) : where;
          if (!('refused' in got)) seen.push(...got.map((f) => f.path));
          out.set(includeKey(pattern, fromFile), got);
        }
        return out;
      });
      // The console's own firewall artefact, if this director ran the console: it alone says which NAT
      // services are Layer 4 SNAT (so a console rebuilt from its directors does not turn them into NAT).
      const nft = await readDirectorFiles(conn, DIRECTOR_PATHS.nftMarks, path.posix.dirname(DIRECTOR_PATHS.nftMarks) + '/');
      const marks = 'refused' in nft ? undefined : nft[0];
      if (marks) seen.push(marks.path);
      return { entry: main[0], reader, files: [...new Set(seen)], marks };
    },
    { lane: 'read' },
  );
  const snat = marks ? { path: marks.path, rules: snatRulesFromNft(marks.text) } : undefined;
  // Into the director's own cluster: adopting a running pair is adding it to a (new) cluster, then this.
  const result = await importKeepalivedConf({ ...args, clusterId: d.clusterId, file: entry, read: reader, snat });
  return { ...result, files };
}
