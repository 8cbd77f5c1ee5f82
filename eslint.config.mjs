// One linter for the whole tree (npm test runs it with --max-warnings 0). Next.js's core-web-vitals
// rules, typescript-eslint's type-checked recommendations, no import circles, and the layout's arrows
// (README "Where things are"): they hold here, on every kind of import (type-only, re-exports and
// import() included), not in a test that reads import lines with a regex.
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import tseslint from 'typescript-eslint';

/** Modules that do I/O: the pure layers (render, import, schemas) never import them. */
const IO_MODULES = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'child_process',
  'node:child_process',
  'net',
  'node:net',
  'http',
  'node:http',
  'https',
  'node:https',
  'ssh2',
  'pg',
  'better-sqlite3',
];

export default defineConfig([
  globalIgnores(['.next/**', 'node_modules/**', 'lib/server/generated/**', 'e2e/.results/**', '.lab/**', 'data/**', 'next-env.d.ts']),
  ...nextVitals,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    rules: {
      'import/no-cycle': ['error', { ignoreExternal: true }],
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './components',
              from: './lib/server',
              message: 'Components never import the domain layer, not even a type: response types live in lib/schemas.',
            },
            {
              target: './lib/director',
              from: './lib/server',
              message: 'lib/director talks to directors for lib/server, never the other way round.',
            },
            {
              target: ['./lib/render', './lib/import', './lib/schemas'],
              from: ['./lib/server', './lib/director', './lib/runtime', './lib/cli', './lib/lab', './lib/tools'],
              message: 'render, import and schemas are pure: they import only each other (schemas first).',
            },
            {
              target: './lib/schemas',
              from: ['./lib/render', './lib/import'],
              message: 'lib/schemas is the bottom layer: render and import build on it, not the other way round.',
            },
            {
              target: './app',
              from: ['./lib/server/generated', './lib/server/platform/db-client.ts'],
              message: 'Pages and routes call lib/server, never Prisma.',
            },
            { target: './lib', from: './e2e', message: 'Nothing in lib imports the browser tests; shared test support lives in lib/test.' },
          ],
        },
      ],
    },
  },
  {
    // The pure layers do no I/O (their tests may: they check renderings with the real tools).
    files: ['lib/render/**/*.ts', 'lib/import/**/*.ts', 'lib/schemas/**/*.ts'],
    ignores: ['**/*.test.ts', 'lib/render/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: IO_MODULES.map((name) => ({ name, message: 'render, import and schemas do no I/O.' })) }],
    },
  },
]);
