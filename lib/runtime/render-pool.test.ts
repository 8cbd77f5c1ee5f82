// The server's render worker: the same rendering as inline, while the server's own thread keeps running.
import { afterAll, describe, expect, it } from 'vitest';
import { renderDocument } from '../render/document';
import { startRenderWorker } from './render-pool';
import { SEED_DR } from '../schemas/seed';

const worker = startRenderWorker();
afterAll(() => worker.stop());

function large(n: number) {
  return {
    ...SEED_DR,
    virtualServices: Array.from({ length: n }, (_, i) => ({
      label: `VS_${i}`,
      ip: `10.1.${i >> 8}.${i & 255}`,
      ports: '443',
      realServers: Array.from({ length: 10 }, (_, j) => ({ label: `RS_${j}`, ip: `172.16.${j}.${(i % 250) + 1}` })),
    })),
  };
}

describe('the render worker', () => {
  it('renders a document as the server would, and says what is wrong with an invalid one', async () => {
    const inWorker = await worker.render(SEED_DR);
    const inline = renderDocument(SEED_DR);
    expect(inWorker.ok && inline.ok && inWorker.hash).toBe(inline.ok && inline.hash);
    expect(inWorker.ok && inWorker.rendered.directors.director1['/etc/keepalived/keepalived.conf']).toContain('virtual_server');
    const bad = await worker.render({ ...SEED_DR, virtualServices: [{ label: '', ip: 'nowhere' }] });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => e.field)).toContain('virtualServices[0].ip');
  });

  it("leaves the server's thread free while it renders 2,000 services (timers keep firing)", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const r = await worker.render(large(2_000));
    clearInterval(timer);
    expect(r.ok).toBe(true);
    // Rendered inline, the same work would let no timer fire until it ends.
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it('is started again after it died, and the render that was running is refused, not lost silently', async () => {
    const running = worker.render(large(2_000));
    const refused = expect(running).rejects.toThrow('the render worker was stopped');
    await worker.stop();
    await refused;
    expect((await worker.render(SEED_DR)).ok).toBe(true);
  });
});
