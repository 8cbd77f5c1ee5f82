// The whole configuration: export as one JSON document, import one (validated as a whole, then
// applied as a diff in one transaction), and load it for the renderers.
import 'server-only';
import { getDb } from '../platform/db-client';
import { ValidationError } from '../platform/validation';
import { CONFIG_FORMAT, validateConfigDocument, type NormalizedConfig } from '../../schemas/config-document';
import type { VirtualServiceSpec } from '../../schemas/virtual-service';
import type { RealServerSpec } from '../../schemas/real-server';
import type { FloatingIpSpec } from '../../schemas/floating-ip';
import type { DirectorSpec } from '../../schemas/director';
import { virtualServiceColumns } from './virtual-services';
import { toVirtualServiceSpec } from './rows';
import { servicesWithRealServers } from './real-servers';
import { toRealServerSpec } from './rows';
import { toDirectorSpec } from '../directors/directors';
import { getConsoleSettings, writeConsoleSettings } from './settings';
import type { ConsoleSettings } from '../../schemas/settings';
import type { RenderInput } from '../../render/model';
import crypto from 'node:crypto';
import { renderConfiguration, toRenderInput, type RenderedConfiguration } from '../../render';
import { AppError } from '../platform/errors';
import { loadConfig } from '../platform/config';

export interface ConfigDocument {
  format: typeof CONFIG_FORMAT;
  exportedAt: string;
  virtualServices: (VirtualServiceSpec & { fwmark: number; realServers: RealServerSpec[] })[];
  floatingIps: FloatingIpSpec[];
  directors: DirectorSpec[];
  settings: ConsoleSettings;
}

/** The configuration as it is in the database. No secrets: SSH keys and passwords are not part of it. */
export async function exportConfiguration(): Promise<ConfigDocument> {
  const db = getDb();
  const [services, floating, directors, settings] = await Promise.all([
    configurationRows(),
    db.floatingIp.findMany({ orderBy: { address: 'asc' } }),
    db.director.findMany({ orderBy: { name: 'asc' } }),
    getConsoleSettings(db),
  ]);
  const serviceAddresses = new Set(services.map((s) => s.ip));
  return {
    format: CONFIG_FORMAT,
    exportedAt: new Date().toISOString(),
    virtualServices: services.map((s) => ({
      ...toVirtualServiceSpec(s),
      fwmark: s.fwmark,
      realServers: s.realServers.map(toRealServerSpec),
    })),
    // Service addresses are derived from the services; only the admin's own floating IPs are listed.
    floatingIps: floating
      .filter((f) => f.purpose !== 'vip' || !serviceAddresses.has(f.address))
      .map((f) => ({ address: f.address, prefix: f.prefix, purpose: f.purpose as FloatingIpSpec['purpose'], interface: f.interface })),
    directors: directors.map(toDirectorSpec),
    settings,
  };
}

export async function loadConfiguration(): Promise<NormalizedConfig> {
  const doc = await exportConfiguration();
  const v = validateConfigDocument(doc);
  if (!v.ok) throw new ValidationError(v.errors); // the database only holds validated data; this is a bug
  return v.config;
}

/** One file a director would run (View Configuration's download): its text, or NOT_FOUND saying what exists. */
export async function renderedFile(director: string, path: string): Promise<string> {
  const files = (await currentRendering()).rendered.directors[director];
  if (!files) {
    const names = Object.keys((await currentRendering()).rendered.directors);
    throw new AppError('NOT_FOUND', `There is no director named "${director}"; there are: ${names.join(', ') || 'none'}.`, {
      field: 'director',
    });
  }
  if (!(path in files))
    throw new AppError('NOT_FOUND', `${director} has no rendered file ${path}; it has: ${Object.keys(files).join(', ')}.`, {
      field: 'path',
    });
  return files[path];
}

/** The renderers' input; the export already carries each service's stored firewall mark. Read-only: shared. */
export async function loadRenderInput(): Promise<RenderInput> {
  return (await currentRendering()).input;
}

/** The hash of a rendering: what a revision records and what the pending check compares. */
export function hashArtefacts(rendered: RenderedConfiguration): string {
  const canonical = Object.keys(rendered.directors)
    .sort()
    .map((d) => [
      d,
      Object.keys(rendered.directors[d])
        .sort()
        .map((p) => [p, rendered.directors[d][p]]),
    ]);
  return crypto.createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export interface CurrentRendering {
  /** ConfigVersion when it was read (undefined before the migration that adds it). */
  version: number | undefined;
  input: RenderInput;
  rendered: RenderedConfiguration;
  hash: string;
}

// Keyed by database and version: a process that switches databases (tests) never sees another's rendering.
const renderCache = globalThis as unknown as {
  lvsRendering?: { database: string; key: string; version: number; value: CurrentRendering };
  lvsRenderingInFlight?: { key: string; promise: Promise<CurrentRendering> };
};

/** The configuration's version: database triggers raise it on every change, whichever process made it. */
export async function configVersion(): Promise<number | undefined> {
  return (await getDb().configVersion.findUnique({ where: { id: 1 } }))?.version;
}

/** The version now, and the key of this database's caches for it (null before the migration that adds it). */
async function versionKey(): Promise<{ database: string; version: number | undefined; key: string | null }> {
  const database = loadConfig().databaseUrl;
  const version = await configVersion();
  return { database, version, key: version === undefined ? null : `${database}#${version}` };
}

type ServiceRows = Awaited<ReturnType<typeof servicesWithRealServers>>;
const rowsCache = globalThis as unknown as { lvsConfigRows?: { key: string; rows: ServiceRows } };

/**
 * The services with their real servers as stored (sorted by label), read again only when the
 * configuration's version moved: at 10,000 x 10 that read takes about a second, and the System
 * Overview needs it at every poll. Shared: read-only.
 */
export async function configurationRows(): Promise<ServiceRows> {
  const { key } = await versionKey();
  if (key && rowsCache.lvsConfigRows?.key === key) return rowsCache.lvsConfigRows.rows;
  const rows = await servicesWithRealServers();
  if (key) rowsCache.lvsConfigRows = { key, rows };
  return rows;
}

/** The current rendering if it is already known (nothing is loaded or rendered), else null. */
export async function cachedRendering(): Promise<CurrentRendering | null> {
  const { key } = await versionKey();
  const cached = renderCache.lvsRendering;
  return key && cached?.key === key ? cached.value : null;
}

/**
 * The configuration as the renderers see it, rendered, with its hash. Loaded and rendered again only when
 * the version moved (at 10,000 services that takes seconds; every page's pending check, View
 * Configuration, the downloads, the apply preview, apply and the overview's poller share one). Concurrent
 * callers for the same version wait for the same work. The version is read before the configuration: a
 * change in between is seen at the next call (the cached copy may then be newer than its version, never
 * older).
 */
export async function currentRendering(): Promise<CurrentRendering> {
  const { database, version, key } = await versionKey();
  if (key && renderCache.lvsRendering?.key === key) return renderCache.lvsRendering.value;
  const inFlight = renderCache.lvsRenderingInFlight;
  if (key && inFlight?.key === key) return inFlight.promise;
  const promise = (async (): Promise<CurrentRendering> => {
    const input = toRenderInput(await loadConfiguration());
    const rendered = renderConfiguration(input);
    return { version, input, rendered, hash: hashArtefacts(rendered) };
  })();
  if (key) renderCache.lvsRenderingInFlight = { key, promise };
  try {
    const value = await promise;
    // A slower render of an older version never replaces a newer one of the same database.
    const now = renderCache.lvsRendering;
    if (key && version !== undefined && !(now?.database === database && now.version > version)) {
      renderCache.lvsRendering = { database, key, version, value };
    }
    return value;
  } finally {
    if (renderCache.lvsRenderingInFlight?.promise === promise) renderCache.lvsRenderingInFlight = undefined;
  }
}

export interface ImportPlan {
  create: string[];
  update: string[];
  delete: string[];
  unchanged: number;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Replaces the configuration with the document's. Everything is validated before anything is
 * written; with dryRun nothing is written and the plan says what would change. Importing the same
 * document twice changes nothing the second time.
 */
export async function importConfiguration(args: { document: unknown; actor: string; dryRun?: boolean }): Promise<ImportPlan> {
  const v = validateConfigDocument(args.document);
  if (!v.ok) throw new ValidationError(v.errors);
  const next = v.config;
  const db = getDb();
  return db.$transaction(async (tx) => {
    const plan: ImportPlan = { create: [], update: [], delete: [], unchanged: 0 };
    // Audit rows are collected and written in batches at the end (one statement per 500, not one per change).
    const audits: {
      actor: string;
      action: string;
      objectType: string;
      objectId: string | null;
      before: string | null;
      after: string | null;
    }[] = [];
    const audit = async (action: string, objectType: string, objectId: string | null, before: unknown, after: unknown) => {
      audits.push({
        actor: args.actor,
        action: `import-${action}`,
        objectType,
        objectId,
        before: before === null ? null : JSON.stringify(before),
        after: after === null ? null : JSON.stringify(after),
      });
    };

    // Virtual services and their real servers, matched by label (maps: 10,000 services are compared in
    // one pass, not each with each).
    const current = await servicesWithRealServers(tx);
    const currentByLabel = new Map(current.map((c) => [c.label, c]));
    const nextLabels = new Set(next.virtualServices.map((s) => s.label));
    const usedMarks = new Set(next.virtualServices.map((s) => s.fwmark).filter((m): m is number => m !== null));
    let mark = 1;
    const markFor = (label: string, wanted: number | null) => {
      if (wanted !== null) return wanted;
      const keep = currentByLabel.get(label)?.fwmark;
      if (keep !== undefined && !usedMarks.has(keep)) {
        usedMarks.add(keep);
        return keep;
      }
      while (usedMarks.has(mark)) mark++;
      usedMarks.add(mark);
      return mark;
    };
    const wantedMarks = next.virtualServices.map((s) => ({ s, fwmark: markFor(s.label, s.fwmark) }));
    const wantedMarkOf = new Map(wantedMarks.map((w) => [w.s.label, w.fwmark]));

    const gone = current.filter((c) => !nextLabels.has(c.label));
    for (const c of gone) {
      plan.delete.push(`virtual service ${c.label}`);
      await audit('delete', 'VirtualService', c.id, { label: c.label }, null);
    }
    // Their real servers go with them (ON DELETE CASCADE).
    if (!args.dryRun) for (const ids of chunks(gone.map((c) => c.id))) await tx.virtualService.deleteMany({ where: { id: { in: ids } } });
    // Free marks that move between services before re-using them (fwmark is unique).
    if (!args.dryRun) {
      for (const c of current) {
        const w = wantedMarkOf.get(c.label);
        if (w !== undefined && w !== c.fwmark)
          await tx.virtualService.update({ where: { id: c.id }, data: { fwmark: -c.fwmark - 1_000_000 } });
      }
    }

    // New services in batches; their ids come back with the rows.
    const fresh = wantedMarks.filter(({ s }) => !currentByLabel.has(s.label));
    const idOf = new Map(current.map((c) => [c.label, c.id]));
    for (const { s } of fresh) {
      plan.create.push(`virtual service ${s.label}`);
      if (args.dryRun) plan.create.push(...s.realServers.map((r) => `real server ${s.label}/${r.label}`));
    }
    if (!args.dryRun) {
      for (const batch of chunks(fresh, 200)) {
        const rows = await tx.virtualService.createManyAndReturn({
          data: batch.map(({ s, fwmark }) => ({ ...virtualServiceColumns(withoutPool(s)), fwmark })),
          select: { id: true, label: true },
        });
        for (const r of rows) idOf.set(r.label, r.id);
      }
      for (const { s, fwmark } of fresh) await audit('create', 'VirtualService', idOf.get(s.label)!, null, { ...withoutPool(s), fwmark });
    }

    const newServers: (RealServerSpec & { virtualServiceId: string })[] = [];
    const goneServers: string[] = [];
    for (const { s, fwmark } of wantedMarks) {
      const spec = withoutPool(s);
      const existing = currentByLabel.get(s.label);
      if (!existing && args.dryRun) continue;
      const id = idOf.get(s.label)!;
      if (existing) {
        const before = { ...toVirtualServiceSpec(existing), fwmark: existing.fwmark };
        if (!same(before, { ...spec, fwmark })) {
          plan.update.push(`virtual service ${s.label}`);
          if (!args.dryRun) {
            await tx.virtualService.update({ where: { id }, data: { ...virtualServiceColumns(spec), fwmark, version: { increment: 1 } } });
            await audit('update', 'VirtualService', id, before, { ...spec, fwmark });
          }
        } else plan.unchanged++;
      }
      const currentRs = new Map((existing?.realServers ?? []).map((r) => [r.label, r]));
      const wantedRs = new Set(s.realServers.map((r) => r.label));
      for (const r of currentRs.values()) {
        if (!wantedRs.has(r.label)) {
          plan.delete.push(`real server ${s.label}/${r.label}`);
          goneServers.push(r.id);
          await audit('delete', 'RealServer', r.id, { service: s.label, ...toRealServerSpec(r) }, null);
        }
      }
      for (const r of s.realServers) {
        const old = currentRs.get(r.label);
        if (!old) {
          plan.create.push(`real server ${s.label}/${r.label}`);
          newServers.push({ ...r, virtualServiceId: id });
        } else if (!same(toRealServerSpec(old), r)) {
          plan.update.push(`real server ${s.label}/${r.label}`);
          if (!args.dryRun) {
            await tx.realServer.update({ where: { id: old.id }, data: { ...r, version: { increment: 1 } } });
            await audit('update', 'RealServer', old.id, { service: s.label, ...toRealServerSpec(old) }, { service: s.label, ...r });
          }
        } else plan.unchanged++;
      }
    }
    if (!args.dryRun) {
      for (const ids of chunks(goneServers)) await tx.realServer.deleteMany({ where: { id: { in: ids } } });
      const labelOf = new Map([...idOf].map(([label, id]) => [id, label]));
      for (const batch of chunks(newServers, 500)) {
        const rows = await tx.realServer.createManyAndReturn({ data: batch, select: { id: true, label: true, virtualServiceId: true } });
        const idOfServer = new Map(rows.map((r) => [`${r.virtualServiceId}\0${r.label}`, r.id]));
        for (const { virtualServiceId, ...rs } of batch) {
          await audit('create', 'RealServer', idOfServer.get(`${virtualServiceId}\0${rs.label}`)!, null, {
            service: labelOf.get(virtualServiceId),
            ...rs,
          });
        }
      }
    }

    // Floating IPs, matched by address (service addresses included, as validated).
    const floating = await tx.floatingIp.findMany();
    for (const f of floating) {
      if (!next.floatingIps.some((n) => n.address === f.address)) {
        plan.delete.push(`floating IP ${f.address}`);
        if (!args.dryRun) {
          await tx.floatingIp.delete({ where: { id: f.id } });
          await audit('delete', 'FloatingIp', f.id, { address: f.address, purpose: f.purpose }, null);
        }
      }
    }
    for (const n of next.floatingIps) {
      const old = floating.find((f) => f.address === n.address);
      const oldSpec = old && { address: old.address, prefix: old.prefix, purpose: old.purpose, interface: old.interface };
      if (!old) {
        plan.create.push(`floating IP ${n.address}`);
        if (!args.dryRun) {
          const created = await tx.floatingIp.create({ data: n });
          await audit('create', 'FloatingIp', created.id, null, n);
        }
      } else if (!same(oldSpec, n)) {
        plan.update.push(`floating IP ${n.address}`);
        if (!args.dryRun) {
          await tx.floatingIp.update({ where: { id: old.id }, data: n });
          await audit('update', 'FloatingIp', old.id, oldSpec, n);
        }
      } else plan.unchanged++;
    }

    // Directors, matched by name. Their pinned host keys stay unless the document names one.
    const directors = await tx.director.findMany();
    for (const d of directors) {
      if (!next.directors.some((n) => n.name === d.name)) {
        plan.delete.push(`director ${d.name}`);
        if (!args.dryRun) {
          await tx.director.delete({ where: { id: d.id } });
          await audit('delete', 'Director', d.id, toDirectorSpec(d), null);
        }
      }
    }
    for (const n of next.directors) {
      const old = directors.find((d) => d.name === n.name);
      const wanted = { ...n, hostKeyFingerprint: n.hostKeyFingerprint ?? old?.hostKeyFingerprint ?? null };
      if (!old) {
        plan.create.push(`director ${n.name}`);
        if (!args.dryRun) {
          const created = await tx.director.create({ data: wanted });
          await audit('create', 'Director', created.id, null, wanted);
        }
      } else if (!same(toDirectorSpec(old), wanted)) {
        plan.update.push(`director ${n.name}`);
        if (!args.dryRun) {
          await tx.director.update({ where: { id: old.id }, data: { ...wanted, version: { increment: 1 } } });
          await audit('update', 'Director', old.id, toDirectorSpec(old), wanted);
        }
      } else plan.unchanged++;
    }
    // Console-wide settings (a document without them means the defaults).
    if (!same(await getConsoleSettings(tx), next.settings)) {
      plan.update.push('settings');
      if (!args.dryRun) await writeConsoleSettings(tx, next.settings, args.actor, 'import-update');
    } else plan.unchanged++;
    if (!args.dryRun) for (const batch of chunks(audits, 500)) await tx.auditEvent.createMany({ data: batch });
    return plan;
  }, IMPORT_TRANSACTION);
}

/** An import of 10,000 services x 10 real servers writes for a minute or more: one transaction all the same. */
const IMPORT_TRANSACTION = { maxWait: 30_000, timeout: 30 * 60_000 };

/** Splits a list so that no statement carries more rows (and parameters) than the databases accept. */
function chunks<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function withoutPool<S extends { realServers: unknown; fwmark: unknown }>(s: S): Omit<S, 'realServers' | 'fwmark'> {
  const { realServers: _r, fwmark: _f, ...spec } = s;
  return spec;
}
