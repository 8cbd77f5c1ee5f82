import { ensureBuild } from '../../lib/runtime/build';

// One production build for the whole run (skipped when the sources did not change).
export default function globalSetup() {
  ensureBuild((s) => console.log(`[e2e] ${s}`));
}
