// The render worker thread's entry (lib/runtime/render-pool.ts starts it): a document in, its rendering out.
import { parentPort } from 'node:worker_threads';
import { renderDocument, type RenderExtras } from '../render/document';

parentPort?.on('message', (m: { id: number; doc: unknown; extras?: RenderExtras }) => {
  try {
    parentPort!.postMessage({ id: m.id, result: renderDocument(m.doc, m.extras) });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});
