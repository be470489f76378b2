import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'stream', 'url', 'util', 'events', 'worker_threads', 'zlib', 'tty', 'readline', 'buffer', 'process', 'timers'];
const nodePatterns = [...nodeBuiltins, ...nodeBuiltins.map((m) => `node:${m}`), 'node:*'];

const root = import.meta.dirname;

/**
 * The layer fence of docs/architecture.md, "Layers", by where the imported FILE lives (import-x resolves every
 * import first), so `../main/ipc/dispatch` from electron/core is caught like any other spelling. `target`
 * is the importing folder, `from` what it may not reach.
 */
const layerZones = [
  { target: 'shared', from: ['electron', 'renderer', 'tests', 'bench'], message: 'shared/ imports nothing but shared/.' },
  { target: 'electron/core', from: ['electron/main', 'electron/cli', 'electron/preload', 'electron/launcher', 'renderer', 'tests', 'bench'], message: 'core imports only core and shared: it is what the CLI and the app share.' },
  { target: 'electron/main', from: ['electron/cli', 'electron/preload', 'renderer', 'tests', 'bench'], message: 'main adapts Electron to core; it never imports the CLI (the packaged app loads the built CLI at run time), the preload or the renderer.' },
  { target: 'electron/main/policies', from: 'electron/main', except: ['./policies'], message: 'Policies import only core, shared and other policies (the Electron glue beside them imports them, not the reverse).' },
  { target: 'electron/cli', from: ['electron/main', 'electron/preload', 'renderer', 'tests', 'bench'], message: 'The CLI runs on core and shared in plain Node.' },
  { target: 'electron/main', from: 'electron/core', except: ['./index.ts'], message: 'main imports core through its one entry, electron/core/index.ts.' },
  {
    target: 'electron/cli',
    from: 'electron/core',
    except: ['./index.ts', './errors.ts', './paths.ts', './platform.ts', './version.ts'],
    message: "The CLI imports core through its entry, electron/core/index.ts (with import() where a command needs the engine), or the light sub-entries index.ts lists for a command's start.",
  },
  { target: 'electron/preload', from: ['electron/core', 'electron/main', 'electron/cli', 'renderer', 'tests', 'bench'], message: 'The preload imports only electron and shared/.' },
  { target: 'renderer', from: ['electron', 'tests', 'bench'], message: 'The renderer imports only renderer/ and shared/; it talks to main through window.tokendesk.' },
];

/** Import rules of docs/architecture.md, "Layers". */
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
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: layerZones }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*', ...nodePatterns], message: 'shared/ is pure TypeScript: no Node, no DOM, no Electron.' },
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
    },
  },
  {
    // Main's policies decide, the glue beside them acts: they stay testable in plain Node.
    files: ['electron/main/policies/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*', 'electron-store'], message: 'electron/main/policies/ runs in plain Node: never import electron; take what you need as an argument.' },
        ],
      }],
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
