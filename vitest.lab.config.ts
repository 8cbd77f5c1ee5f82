import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The director lab's tests: one QEMU VM for the whole run (booted in globalSetup), files in sequence;
// each file starts by resetting the topology it needs (none cleans up at its end: the next one resets).
export default defineConfig({
  resolve: { alias: { '@': path.resolve(__dirname), 'server-only': path.resolve(__dirname, 'lib/test/empty-module.ts') } },
  test: {
    include: ['lib/**/*.lab.test.ts'],
    globalSetup: ['lib/lab/testing/global-setup.ts'],
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
