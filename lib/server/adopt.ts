// Adopting an existing director: its keepalived.conf (or its kernel table, `ipvsadm -Sn`) becomes the
// console's services and floating IPs, through the same validated document and all-or-nothing import as
// Backup & Restore. The directors and console settings stay as they are (a director is added and its host key confirmed before its file is
// imported). Nothing is written while anything in the file cannot be represented.
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { parseKeepalived, type ConfIssue, type IncludeReader } from '../import/keepalived-parse';
import { applyMerges, mapKeepalived, type FwmarkTraffic, type KeepalivedImport, type MergeCandidate } from '../import/keepalived-map';
import { mapIpvsadmSave } from '../import/ipvsadm';
import { exportConfiguration, importConfiguration, type ImportPlan } from './configuration';
import { ValidationError } from './validation';

export interface KeepalivedImportResult {
  plan: ImportPlan;
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
}

export async function importKeepalivedConf(args: AdoptOptions & { file: { path: string; text: string }; read: IncludeReader }): Promise<KeepalivedImportResult> {
  const parsed = parseKeepalived(args.file, args.read);
  return land(mapKeepalived(parsed.nodes, { fwmarks: args.fwmarks }), parsed.issues, args);
}

/** `ipvsadm -Sn` output: the kernel table as it runs (no health checks: imported with "No checks"). */
export async function importIpvsadmSave(args: AdoptOptions & { file: { path: string; text: string } }): Promise<KeepalivedImportResult> {
  return land(mapIpvsadmSave(args.file.text, args.file.path, { fwmarks: args.fwmarks }), [], args);
}

/** The imported services and floating IPs, written through the configuration import (all or nothing). */
async function land(mapped: KeepalivedImport, parseIssues: ConfIssue[], args: AdoptOptions): Promise<KeepalivedImportResult> {
  const refusals = [...parseIssues, ...mapped.refusals];
  if (refusals.length) {
    throw new ValidationError(refusals.map((r) => ({ field: `${r.file}:${r.line}`, message: r.message })));
  }
  const chosen = mapped.merges.filter((m) => (Array.isArray(args.merge) ? args.merge.includes(m.labels[0]) : args.merge));
  const services = applyMerges(mapped.services, chosen);
  const current = await exportConfiguration();
  const document = {
    ...current,
    virtualServices: services.map(({ source: _s, ...s }) => s),
    floatingIps: mapped.floatingIps,
  };
  let plan: ImportPlan;
  try {
    plan = await importConfiguration({ document, actor: args.actor, dryRun: args.dryRun });
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
    if (!/[*?]/.test(name)) return fs.existsSync(full) && fs.statSync(full).isFile() ? [{ path: full, text: fs.readFileSync(full, 'utf8') }] : [];
    const re = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
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
    if (!m) throw new ValidationError([{ field: 'fwmark', message: `"${v}" is not N=IP:PORTS[/tcp|udp|tcpudp] (e.g. 1=192.168.1.10:80,443/tcp).` }]);
    out[Number(m[1])] = { ip: m[2].replace(/^\[|\]$/g, ''), ports: m[3], protocol: (m[4] ?? 'tcp') as FwmarkTraffic['protocol'] };
  }
  return out;
}
