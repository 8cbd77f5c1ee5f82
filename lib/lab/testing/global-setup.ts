import { Lab } from '../lab';
import { readState } from '../vm';

// Boots the lab once for every lab test file, and always stops it: no QEMU is left behind.
export async function setup() {
  const t0 = Date.now();
  const before = readState();
  const lab = await Lab.start({ mode: 'dr' });
  console.log(
    `[lab] ${before ? 'reusing the running VM' : `VM booted in ${lab.state.bootSeconds.toFixed(1)} s`}; DR topology ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  (globalThis as { labStarted?: number }).labStarted = t0;
  const stop = () => void Lab.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export async function teardown() {
  const t0 = (globalThis as { labStarted?: number }).labStarted ?? Date.now();
  await Lab.stop();
  console.log(`[lab] stopped; lab tests took ${((Date.now() - t0) / 1000).toFixed(1)} s in all`);
}
