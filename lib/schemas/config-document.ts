// The whole configuration as one JSON document: CLI export/import, Maintenance > Backup & Restore,
// and the renderers' test fixtures. Validates everything, and the rules between objects, before
// anything is written. Secrets (keys, passwords) are never part of it.
import { z } from 'zod';
import { zodFieldErrors, type FieldError } from './errors';
import { serviceConflict, virtualServiceSchema, needsFwmark, type VirtualServiceSpec } from './virtual-service';
import { realServerIssues, realServerPoolIssue, realServerSchema, type RealServerSpec } from './real-server';
import { floatingIpSchema, type FloatingIpSpec } from './floating-ip';
import { directorSchema, type DirectorSpec } from './director';
import { ipFamily } from './net';
import { consoleSettingsSchema, type ConsoleSettings } from './settings';

export const CONFIG_FORMAT = 'lvs-console/1';

export const configDocumentSchema = z
  .object({
    format: z.literal(CONFIG_FORMAT, { error: `This is not an lvs-console export (expected "format": "${CONFIG_FORMAT}").` }),
    exportedAt: z.string().optional(),
    virtualServices: z.array(z.record(z.string(), z.unknown())).default([]),
    floatingIps: z.array(z.record(z.string(), z.unknown())).default([]),
    directors: z.array(z.record(z.string(), z.unknown())).default([]),
    settings: z.unknown().optional(),
  })
  .strict();

export interface ConfigService extends VirtualServiceSpec {
  fwmark: number | null; // null: allocate
  realServers: RealServerSpec[];
}

export interface NormalizedConfig {
  virtualServices: ConfigService[];
  floatingIps: FloatingIpSpec[];
  directors: DirectorSpec[];
  settings: ConsoleSettings;
}

export type ValidationResult = { ok: true; config: NormalizedConfig; warnings: string[] } | { ok: false; errors: FieldError[] };

const prefixed = (prefix: string, errors: FieldError[]) =>
  errors.map((e) => ({ field: e.field ? `${prefix}.${e.field}` : prefix, message: e.message }));

/** Validates a whole configuration document: every object, and every rule between objects. */
export function validateConfigDocument(doc: unknown): ValidationResult {
  const top = configDocumentSchema.safeParse(doc);
  if (!top.success) return { ok: false, errors: zodFieldErrors(top.error) };
  const errors: FieldError[] = [];
  const services = top.data.virtualServices.flatMap((raw, i) => parseService(raw, `virtualServices[${i}]`, errors));
  serviceClashes(services, errors);
  const floatingIps: FloatingIpSpec[] = [];
  top.data.floatingIps.forEach((raw, i) => {
    const f = floatingIpSchema.safeParse(raw);
    if (!f.success) errors.push(...prefixed(`floatingIps[${i}]`, zodFieldErrors(f.error)));
    else if (floatingIps.some((x) => x.address === f.data.address))
      errors.push({ field: `floatingIps[${i}].address`, message: `${f.data.address} is listed twice.` });
    else floatingIps.push(f.data);
  });
  const directors = parseDirectors(top.data.directors, errors);
  vrrpFamily(directors, withServiceAddresses(floatingIps, services), errors);
  const settings = consoleSettingsSchema.safeParse(top.data.settings ?? {});
  if (!settings.success) errors.push(...prefixed('settings', zodFieldErrors(settings.error)));

  if (errors.length || !settings.success) return { ok: false, errors };
  const warnings = services.flatMap((s) =>
    needsFwmark(s) && !s.persistence.enabled ? [`${s.label}: several ports without persistence.`] : [],
  );
  return {
    ok: true,
    config: { virtualServices: services, floatingIps: withServiceAddresses(floatingIps, services), directors, settings: settings.data },
    warnings,
  };
}

/** One service and its real servers (each checked against the service and the earlier ones); [] when it does not parse. */
function parseService(raw: unknown, where: string, errors: FieldError[]): ConfigService[] {
  const { realServers: rsRaw, fwmark: fwRaw, ...vsRaw } = raw as { realServers?: unknown; fwmark?: unknown };
  const vs = virtualServiceSchema.safeParse(vsRaw);
  if (!vs.success) {
    errors.push(...prefixed(where, zodFieldErrors(vs.error)));
    return [];
  }
  let fwmark: number | null = null;
  if (fwRaw !== undefined && fwRaw !== null) {
    if (!Number.isInteger(fwRaw) || (fwRaw as number) < 1 || (fwRaw as number) > 0x7fffffff) {
      errors.push({
        field: `${where}.fwmark`,
        message: 'A firewall mark is a whole number from 1 to 2147483647; leave it out to allocate one.',
      });
    } else fwmark = fwRaw as number;
  }
  const realServers: RealServerSpec[] = [];
  (Array.isArray(rsRaw) ? rsRaw : rsRaw === undefined ? [] : [null]).forEach((r, j) => {
    const rs = realServerSchema.safeParse(r);
    if (!rs.success) {
      errors.push(...prefixed(`${where}.realServers[${j}]`, zodFieldErrors(rs.error)));
      return;
    }
    for (const issue of realServerIssues(rs.data, vs.data, realServers))
      errors.push({ field: `${where}.realServers[${j}].${issue.field}`, message: issue.message });
    realServers.push(rs.data);
  });
  const pool = realServerPoolIssue(vs.data, realServers);
  if (pool) errors.push({ field: `${where}.realServers`, message: pool });
  return [{ ...vs.data, fwmark, realServers }];
}

/**
 * Only services that share a label, an address or a mark can clash: each is compared with those earlier
 * ones alone (the same errors as comparing every pair, without the n² of 10,000 services).
 */
function serviceClashes(services: ConfigService[], errors: FieldError[]): void {
  const byLabel = new Map<string, number[]>();
  const byIp = new Map<string, number[]>();
  const byMark = new Map<number, number[]>();
  const add = <K>(m: Map<K, number[]>, k: K, i: number) => (m.get(k) ?? m.set(k, []).get(k)!).push(i);
  services.forEach((s, i) => {
    const candidates = [
      ...new Set([...(byLabel.get(s.label) ?? []), ...(byIp.get(s.ip) ?? []), ...(s.fwmark !== null ? (byMark.get(s.fwmark) ?? []) : [])]),
    ].sort((x, y) => x - y);
    add(byLabel, s.label, i);
    add(byIp, s.ip, i);
    if (s.fwmark !== null) add(byMark, s.fwmark, i);
    for (const j of candidates) {
      const other = services[j];
      if (other.label === s.label)
        errors.push({ field: `virtualServices[${i}].label`, message: `The label ${s.label} is used twice; labels must be unique.` });
      const clash = serviceConflict(s, other);
      if (clash)
        errors.push({ field: `virtualServices[${i}].ports`, message: `${s.label} and ${other.label} both claim ${s.ip} ${clash}.` });
      if (s.fwmark !== null && s.fwmark === other.fwmark)
        errors.push({ field: `virtualServices[${i}].fwmark`, message: `Firewall mark ${s.fwmark} is used by ${other.label} too.` });
    }
  });
}

/** One director or an HA pair (one primary, one secondary, each with its own VRRP address). */
function parseDirectors(raw: unknown[], errors: FieldError[]): DirectorSpec[] {
  const directors: DirectorSpec[] = [];
  raw.forEach((r, i) => {
    const d = directorSchema.safeParse(r);
    if (!d.success) errors.push(...prefixed(`directors[${i}]`, zodFieldErrors(d.error)));
    else if (directors.some((x) => x.name === d.data.name))
      errors.push({ field: `directors[${i}].name`, message: `The director name ${d.data.name} is used twice.` });
    else directors.push(d.data);
  });
  if (directors.length > 2) errors.push({ field: 'directors', message: 'Configure one director, or an HA pair of two.' });
  if (directors.length === 2) {
    if (directors[0].role === directors[1].role)
      errors.push({ field: 'directors[1].role', message: 'An HA pair needs one primary and one secondary director.' });
    directors.forEach((d, i) => {
      if (!d.vrrpAddress)
        errors.push({
          field: `directors[${i}].vrrpAddress`,
          message: `In an HA pair each director needs its own address on ${d.vrrpInterface} for VRRP.`,
        });
    });
  }
  return directors;
}

/** VRRP's adverts carry addresses of one family: the pair's VRRP addresses and some floating IP must share it. */
function vrrpFamily(directors: DirectorSpec[], allFloating: FloatingIpSpec[], errors: FieldError[]): void {
  if (directors.length !== 2 || !directors[0].vrrpAddress || !allFloating.length) return;
  const fam = ipFamily(directors[0].vrrpAddress);
  if (directors[1].vrrpAddress && ipFamily(directors[1].vrrpAddress) !== fam) {
    errors.push({ field: 'directors[1].vrrpAddress', message: 'Both directors’ VRRP addresses must be IPv4, or both IPv6.' });
  } else if (!allFloating.some((f) => ipFamily(f.address) === fam)) {
    errors.push({
      field: 'directors[0].vrrpAddress',
      message: `VRRP runs over IPv${fam} but every floating IP is IPv${fam === 4 ? 6 : 4}: add an IPv${fam} floating IP, or give the directors IPv${fam === 4 ? 6 : 4} VRRP addresses.`,
    });
  }
}

/** Every service address is a floating IP (purpose vip), as the appliance adds them itself. */
export function withServiceAddresses(floatingIps: FloatingIpSpec[], services: Pick<VirtualServiceSpec, 'ip'>[]): FloatingIpSpec[] {
  const out = [...floatingIps];
  const seen = new Set(out.map((f) => f.address));
  for (const s of services) {
    if (seen.has(s.ip)) continue;
    seen.add(s.ip);
    out.push({ address: s.ip, prefix: s.ip.includes(':') ? 128 : 32, purpose: 'vip', interface: null });
  }
  return out;
}

/** Gives every service that needs one a firewall mark, keeping the marks it already has. */
export function allocateFwmarks<T extends { fwmark: number | null }>(
  services: T[],
  taken: Iterable<number> = [],
): (T & { fwmark: number })[] {
  const used = new Set<number>(taken);
  for (const s of services) if (s.fwmark !== null) used.add(s.fwmark);
  let next = 1;
  return services.map((s) => {
    if (s.fwmark !== null) return s as T & { fwmark: number };
    while (used.has(next)) next++;
    used.add(next);
    return { ...s, fwmark: next };
  });
}

/** The configuration as one document, as exported (Backup & Restore, GET /api/v1/config). */
export interface ConfigDocument {
  format: typeof CONFIG_FORMAT;
  exportedAt: string;
  virtualServices: (VirtualServiceSpec & { fwmark: number; realServers: RealServerSpec[] })[];
  floatingIps: FloatingIpSpec[];
  directors: DirectorSpec[];
  settings: ConsoleSettings;
}
