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

/** The layout's arrows (README "Where things are"). */
const LAYOUT_ZONES = [
  {
    target: './components',
    from: './lib/server',
    message: 'Components never import the domain layer, not even a type: response types live in lib/schemas.',
  },
  { target: './lib/director', from: './lib/server', message: 'lib/director talks to directors for lib/server, never the other way round.' },
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
];
/** The pure layers import nothing that does I/O or talks to the database (their tests may: they read samples). */
const PURE_ZONE = {
  target: ['./lib/render', './lib/import', './lib/schemas'],
  from: ['./lib/server', './lib/director', './lib/runtime', './lib/cli', './lib/lab', './lib/tools'],
  message: 'render, import and schemas are pure: they import only each other (schemas first).',
};

export default defineConfig([
  globalIgnores(['.next/**', 'node_modules/**', 'lib/server/generated/**', 'e2e/.results/**', '.lab/**', 'data/**', 'next-env.d.ts']),
  ...nextVitals,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `_name`: deliberately unused (a field left out of a spread, a parameter a signature needs).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    rules: {
      'import/no-cycle': ['error', { ignoreExternal: true }],
      'import/no-duplicates': 'error',
      'import/no-restricted-paths': ['error', { zones: [...LAYOUT_ZONES, PURE_ZONE] }],
    },
  },
  {
    files: ['**/*.test.ts'],
    rules: { 'import/no-restricted-paths': ['error', { zones: LAYOUT_ZONES }] },
  },
  {
    // The pure layers do no I/O (their tests may: they check renderings with the real tools).
    files: ['lib/render/**/*.ts', 'lib/import/**/*.ts', 'lib/schemas/**/*.ts'],
    ignores: ['**/*.test.ts', 'lib/render/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: IO_MODULES.map((name) => ({ name, message: 'render, import and schemas do no I/O.' })) }],
    },
  },
  {
    // Tests, the lab and the tools read JSON answers as the untyped data they are.
    files: ['**/*.test.ts', 'e2e/**/*.ts', 'lib/lab/**/*.ts', 'lib/tools/**/*.ts', 'lib/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // React's rules of hooks are for React code: Playwright's fixtures call `use`, tests `useTempDatabase`.
    files: ['lib/**', 'e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // Small enough to read: no file of the domain layer over 300 lines, no function over 80 outside
    // renderers, parsers and tests.
    files: ['lib/server/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'max-lines': ['error', { max: 300 }] },
  },
  {
    files: ['**/*.{ts,tsx}'],
    // The lab and the benches are test tooling (a scenario reads best from top to bottom).
    ignores: ['**/*.test.ts', 'e2e/**', 'lib/render/**', 'lib/import/**', 'lib/lab/**', 'lib/tools/**'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
]);
