// A configuration document rendered: validated, turned into the renderers' input, rendered and hashed.
// Pure and self-contained, so that it runs in the console's render worker (lib/runtime/render-pool.ts)
// as well as inline (tests, the CLI).
import crypto from 'node:crypto';
import { renderConfiguration, toRenderInput, type RenderedConfiguration } from '.';
import { validateConfigDocument } from '../schemas/config-document';
import type { FieldError } from '../schemas/errors';
import type { DirectorMail, RenderInput } from './model';

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

export type DocumentRendering =
  { ok: true; input: RenderInput; rendered: RenderedConfiguration; hash: string } | { ok: false; errors: FieldError[] };

/** What the renderers take besides the document: where the directors mail their own VRRP changes. */
export interface RenderExtras {
  directorMail?: DirectorMail | null;
}

export function renderDocument(doc: unknown, extras: RenderExtras = {}): DocumentRendering {
  const v = validateConfigDocument(doc);
  if (!v.ok) return { ok: false, errors: v.errors };
  const input = { ...toRenderInput(v.config), ...(extras.directorMail ? { directorMail: extras.directorMail } : {}) };
  const rendered = renderConfiguration(input);
  return { ok: true, input, rendered, hash: hashArtefacts(rendered) };
}

/** The console's render worker thread, when the server started one (lib/runtime); absent in tests and the CLI. */
export interface RenderWorker {
  render(doc: unknown, extras?: RenderExtras): Promise<DocumentRendering>;
}

export const renderWorker = (): RenderWorker | undefined => (globalThis as { lvsRenderWorker?: RenderWorker }).lvsRenderWorker;
