// ESLint flat config. The layering rules of DESIGN.md are enforced here with
// `no-restricted-imports`, folder by folder:
//   shared   imports nothing of ours (and nothing Node-only: the renderer uses it)
//   hub      imports shared; never electron or renderer
//   electron imports hub and shared
//   renderer imports shared only; never electron, node:* or hub
// Only hub/upstream, hub/serve and hub/auth may import the MCP SDK packages.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const sdk = {
  group: ['@modelcontextprotocol/*'],
  message: 'Only hub/upstream, hub/serve and hub/auth talk to the MCP SDK; use our own interfaces elsewhere.',
};
const electronImport = { name: 'electron', message: 'Only electron/main imports electron.' };
const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'crypto', 'dns', 'events', 'fs', 'fs/promises', 'http', 'https', 'net',
  'os', 'path', 'process', 'readline', 'stream', 'tls', 'url', 'util', 'worker_threads', 'zlib',
];

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'release/**', 'coverage/**', 'test/e2e/screenshots/**', 'bench/results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-console': 'off',
    },
  },
  {
    files: ['shared/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronImport, ...nodeBuiltins.map((name) => ({ name, message: 'shared/ runs in the renderer too.' }))],
        patterns: [
          { group: ['**/hub/**', '**/electron/**', '**/renderer/**', '../*'], message: 'shared/ imports nothing of ours.' },
          { group: ['node:*'], message: 'shared/ runs in the renderer too: no Node modules.' },
          sdk,
        ],
      }],
    },
  },
  {
    files: ['shared/*/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronImport, ...nodeBuiltins.map((name) => ({ name, message: 'shared/ runs in the renderer too.' }))],
        patterns: [
          { group: ['**/hub/**', '**/electron/**', '**/renderer/**', '../../*'], message: 'shared/ imports nothing of ours.' },
          { group: ['node:*'], message: 'shared/ runs in the renderer too: no Node modules.' },
          sdk,
        ],
      }],
    },
  },
  {
    files: ['hub/**/*.ts'],
    ignores: ['hub/upstream/**', 'hub/serve/**', 'hub/auth/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronImport],
        patterns: [
          { group: ['**/electron/**', '**/renderer/**'], message: 'hub/ is headless: it never imports electron/ or renderer/.' },
          sdk,
        ],
      }],
      'no-console': 'error',
    },
  },
  {
    files: ['hub/upstream/**/*.ts', 'hub/serve/**/*.ts', 'hub/auth/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronImport],
        patterns: [{ group: ['**/electron/**', '**/renderer/**'], message: 'hub/ is headless: it never imports electron/ or renderer/.' }],
      }],
      'no-console': 'error',
    },
  },
  {
    files: ['hub/cli.ts', 'hub/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/renderer/**'], message: 'electron/ talks to the renderer through the hub URL and the preload bridge only.' }, sdk],
      }],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/hub/**', '**/renderer/**'], message: 'The preload is a small typed bridge: electron and shared types only.' },
          sdk,
        ],
      }],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronImport, ...nodeBuiltins.map((name) => ({ name, message: 'The renderer talks to the hub API only.' }))],
        patterns: [
          { group: ['node:*'], message: 'The renderer talks to the hub API only: no Node modules.' },
          { group: ['**/hub/**', '**/electron/**'], message: 'The renderer imports shared/ only; it talks to the hub over HTTP.' },
          sdk,
        ],
      }],
    },
  },
);
