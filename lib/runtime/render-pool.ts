// One worker thread that renders the configuration for the server (lib/server/config/rendering.ts finds
// it on globalThis), so that a 10,000-service render (seconds of CPU) never holds up other requests.
// Started with the server; a worker that dies is started again at the next render, and a render it
// could not finish is done in the server instead.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DocumentRendering, RenderExtras, RenderWorker } from '../render/document';

type Reply = { id: number; result?: DocumentRendering; error?: string };

export function startRenderWorker(): RenderWorker & { stop(): Promise<void> } {
  let worker: Worker | null = null;
  let next = 0;
  const waiting = new Map<number, { resolve: (r: DocumentRendering) => void; reject: (e: Error) => void }>();
  const fail = (w: Worker, err: Error) => {
    if (worker !== w) return;
    worker = null;
    for (const p of waiting.values()) p.reject(err);
    waiting.clear();
  };
  const spawn = () => {
    // A worker's entry must be JavaScript: this one registers tsx's loader, then loads the TypeScript entry.
    const entry = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(path.join(__dirname, 'render-worker.ts'))});`;
    const w = new Worker(entry, { eval: true });
    w.unref();
    w.on('message', (m: Reply) => {
      const p = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.result) p?.resolve(m.result);
      else p?.reject(new Error(m.error ?? 'no answer'));
    });
    w.on('error', (err) => fail(w, err));
    w.on('exit', (code) => fail(w, new Error(`it exited with code ${code}`)));
    return w;
  };
  worker = spawn();
  const api = {
    render: (doc: unknown, extras?: RenderExtras) =>
      new Promise<DocumentRendering>((resolve, reject) => {
        worker ??= spawn();
        const id = next++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, doc, extras });
      }),
    stop: async () => {
      const w = worker;
      if (!w) return;
      fail(w, new Error('the render worker was stopped'));
      await w.terminate();
    },
  };
  (globalThis as { lvsRenderWorker?: RenderWorker }).lvsRenderWorker = api;
  return api;
}
