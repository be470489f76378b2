import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'stream', 'url', 'util', 'events', 'worker_threads', 'zlib', 'tty', 'readline', 'buffer', 'process', 'timers'];
const nodePatterns = [...nodeBuiltins, ...nodeBuiltins.map((m) => `node:${m}`), 'node:*'];

/** Import rules of architecture.md, "Layers". */
export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-electron/', 'release/', 'test-results/', 'playwright-report/', 'tests/output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*', ...nodePatterns], message: 'shared/ is pure TypeScript: no Node, no DOM, no Electron.' },
          { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports nothing but shared/.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*', ...nodePatterns], message: 'The renderer never sees Node or Electron; use window.tokendesk.' },
          { group: ['**/electron/**'], message: 'The renderer imports only renderer/ and shared/.' },
        ],
      }],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*', 'electron-store'], message: 'core and the CLI run in plain Node: never import electron.' },
          { group: ['**/electron/main/**', '**/electron/preload/**', '**/renderer/**'], message: 'core imports only core and shared.' },
        ],
      }],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    ignores: ['electron/main/ipc/register.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "ImportSpecifier[imported.name='ipcMain']",
        message: 'Only electron/main/ipc/register.ts touches ipcMain.',
      }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'main never imports the renderer.' }] }],
    },
  },
  {
    // Main's policies decide, the glue beside them acts: they stay testable in plain Node.
    files: ['electron/main/policies/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*', 'electron-store'], message: 'electron/main/policies/ runs in plain Node: never import electron; take what you need as an argument.' },
          { group: ['**/renderer/**', '**/electron/cli/**', '**/electron/preload/**'], message: 'Policies import only core, shared and other policies.' },
        ],
      }],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/electron/core/**', '**/electron/main/**', '**/renderer/**'], message: 'The preload imports only electron and shared/.' }] }],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['electron/preload/**', 'electron/main/ipc/register.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "ImportSpecifier[imported.name=/^ipc(Main|Renderer)$/]",
        message: 'Only the preload and electron/main/ipc/register.ts touch ipcMain/ipcRenderer.',
      }],
    },
  },
);
