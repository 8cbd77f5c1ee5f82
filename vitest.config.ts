import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(__dirname),
      // lib/server modules marked server-only are plain Node code under test.
      'server-only': path.resolve(__dirname, 'lib/test/empty-module.ts'),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'components/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.lab.test.ts'], // the director lab's tests: vitest.lab.config.ts
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
  },
});
