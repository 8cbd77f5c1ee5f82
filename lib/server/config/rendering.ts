// The configuration rendered: one rendering per configuration version, shared by the pending check,
// View Configuration, the downloads, the apply preview, apply and the overview's poller.
import 'server-only';
import crypto from 'node:crypto';
import { AppError } from '../platform/errors';
import type { RenderedConfiguration } from '../../render';
import { renderDocument, renderWorker, type DocumentRendering, type RenderExtras } from '../../render/document';
import { directorMailOf } from '../../schemas/alerts';
import { getAlertSettings } from '../alerts/settings';
import { ValidationError } from '../platform/validation';
import type { RenderInput } from '../../render/model';
import { exportConfiguration } from './backup';
import { clusterVersionKey } from './version';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';

/** One file a director would run (View Configuration's download): its text, or NOT_FOUND saying what exists. */
export async function renderedFile(director: string, path: string, clusterId: string = DEFAULT_CLUSTER_ID): Promise<string> {
  const files = (await currentRendering(clusterId)).rendered.directors[director];
  if (!files) {
    const names = Object.keys((await currentRendering(clusterId)).rendered.directors);
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
export async function loadRenderInput(clusterId: string = DEFAULT_CLUSTER_ID): Promise<RenderInput> {
  return (await currentRendering(clusterId)).input;
}

/**
 * Validating and rendering 10,000 services takes seconds of CPU: in the console's worker thread, so that
 * every other request is answered meanwhile; here when there is none (tests, the CLI) or it failed.
 */
async function render(doc: unknown, extras: RenderExtras): Promise<DocumentRendering> {
  const worker = renderWorker();
  if (!worker) return renderDocument(doc, extras);
  return worker.render(doc, extras).catch((err: unknown) => {
    console.error(`[lvs-console] the render worker failed (${err instanceof Error ? err.message : String(err)}); rendering in the server`);
    return renderDocument(doc, extras);
  });
}

export interface CurrentRendering {
  /** The cluster's version when it was read (undefined before the migration that adds it). */
  version: number | undefined;
  input: RenderInput;
  rendered: RenderedConfiguration;
  hash: string;
}

// Per cluster, keyed by database and the cluster's version: a process that switches databases (tests)
// never sees another's rendering, and a change in one cluster leaves the others' renderings as they are.
type RenderCache = {
  /** `source`: the hash of what it was rendered from, so that a change in another cluster does not render this one again. */
  lvsRendering?: { database: string; key: string; version: number; value: CurrentRendering; source: string };
  lvsRenderingInFlight?: { key: string; promise: Promise<{ value: CurrentRendering; source: string }> };
};
const renderCaches = globalThis as unknown as { lvsRenderings?: Map<string, RenderCache> };
function cacheOf(clusterId: string): RenderCache {
  renderCaches.lvsRenderings ??= new Map();
  let c = renderCaches.lvsRenderings.get(clusterId);
  if (!c) renderCaches.lvsRenderings.set(clusterId, (c = {}));
  return c;
}

/** The cluster's current rendering if it is already known (nothing is loaded or rendered), else null. */
export async function cachedRendering(clusterId: string = DEFAULT_CLUSTER_ID): Promise<CurrentRendering | null> {
  const { key } = await clusterVersionKey(clusterId);
  const cached = cacheOf(clusterId).lvsRendering;
  return key && cached?.key === key ? cached.value : null;
}

/**
 * One cluster's configuration as the renderers see it, rendered, with its hash. Loaded and rendered again only when
 * the version moved (at 10,000 services that takes seconds; every page's pending check, View
 * Configuration, the downloads, the apply preview, apply and the overview's poller share one). Concurrent
 * callers for the same version wait for the same work. The version is read before the configuration: a
 * change in between is seen at the next call (the cached copy may then be newer than its version, never
 * older).
 */
export async function currentRendering(clusterId: string = DEFAULT_CLUSTER_ID): Promise<CurrentRendering> {
  const renderCache = cacheOf(clusterId);
  const { database, version, key } = await clusterVersionKey(clusterId);
  if (key && renderCache.lvsRendering?.key === key) return renderCache.lvsRendering.value;
  const inFlight = renderCache.lvsRenderingInFlight;
  if (key && inFlight?.key === key) return (await inFlight.promise).value;
  const promise = (async (): Promise<{ value: CurrentRendering; source: string }> => {
    // The alert email channel goes to the directors too (their own VRRP mails): a change of it raises the
    // configuration's version (lib/server/alerts/settings.ts), so that it is rendered and applied.
    const [doc, alerts] = await Promise.all([exportConfiguration(clusterId), getAlertSettings()]);
    const directorMail = directorMailOf(alerts.email).mail;
    // When what this cluster is made of did not change (a setting changed that does not reach it, or a
    // change was undone), its rendering is kept.
    const source = crypto
      .createHash('sha256')
      .update(JSON.stringify([{ ...doc, exportedAt: null }, directorMail]))
      .digest('hex');
    const before = renderCache.lvsRendering;
    if (before?.database === database && before.source === source) return { value: { ...before.value, version }, source };
    const r = await render(doc, { directorMail });
    if (!r.ok) throw new ValidationError(r.errors); // the database only holds validated data; this is a bug
    return { value: { version, input: r.input, rendered: r.rendered, hash: r.hash }, source };
  })();
  if (key) renderCache.lvsRenderingInFlight = { key, promise };
  try {
    const { value, source } = await promise;
    // A slower render of an older version never replaces a newer one of the same database.
    const now = renderCache.lvsRendering;
    if (key && version !== undefined && !(now?.database === database && now.version > version)) {
      renderCache.lvsRendering = { database, key, version, value, source };
    }
    return value;
  } finally {
    if (renderCache.lvsRenderingInFlight?.promise === promise) renderCache.lvsRenderingInFlight = undefined;
  }
}
