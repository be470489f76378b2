import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import electron from 'vite-plugin-electron';
import type { ElectronOptions } from 'vite-plugin-electron';
import { readFileSync } from 'node:fs';
import { electronArgv, electronEnv, PROJECT_ROOT } from './electron/launcher/launch-electron.mjs';
import unitTests from './tests/vitest.config.ts';

const root = import.meta.dirname;
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
// Main and preload run in Node/Electron: builtins, electron and runtime dependencies stay external.
const external = ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`), ...Object.keys(pkg.dependencies)];

/**
 * `npm run dev` starts Electron on the project folder. Left to itself vite-plugin-electron spawns it
 * with cwd = Vite's root (renderer/) and argv `. --no-sandbox`, and Electron finds no app there. The
 * arguments and environment are the launcher's (`npm start`), so both start the same way.
 */
type Onstart = NonNullable<ElectronOptions['onstart']>;
type StartArgs = Parameters<Onstart>[0];
export const startElectron = ({ startup }: StartArgs): Promise<void> =>
  startup(electronArgv(), { cwd: PROJECT_ROOT, env: electronEnv() }).then(() => undefined);

/** A running Electron only reloads the page after a preload rebuild; none running yet: start it. */
const startOrReload = (args: StartArgs): Promise<void> | void => ((process as { electronApp?: unknown }).electronApp ? args.reload() : startElectron(args));

/**
 * The preload's build. No `entry`: the plugin's lib mode would emit ESM for a "type": "module" package,
 * and a sandboxed preload must be one CommonJS file that requires only 'electron'. Exported so the IPC
 * contract test bundles the preload exactly as the app does.
 */
export const preloadBuild: ElectronOptions = {
  onstart: startOrReload,
  vite: {
    build: {
      outDir: resolve(root, 'dist-electron/preload'),
      emptyOutDir: true,
      rollupOptions: {
        input: resolve(root, 'electron/preload/index.ts'),
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: 'index.cjs', codeSplitting: false },
      },
    },
  },
};

/**
 * The `tokendesk` command, bundled with everything but Node, Electron and the runtime dependencies (so
 * commander, zod … ship inside it, and no tsx is needed): index.js runs in plain Node
 * (`node dist-electron/cli/index.js`), app-entry.js is what the packaged app loads for `TokenDesk --cli`.
 */
export const cliBuild: ElectronOptions = {
  // The plugin starts the app from whichever build finishes last, so this one may have to; a CLI rebuild
  // later leaves the running app alone (the CLI is not the app).
  onstart: (args) => ((process as { electronApp?: unknown }).electronApp ? undefined : startElectron(args)),
  vite: {
    build: {
      outDir: resolve(root, 'dist-electron/cli'),
      emptyOutDir: true,
      sourcemap: false,
      // Each command loads what it needs with import(); the browser's preload helper has no place in Node.
      modulePreload: false,
      rollupOptions: {
        input: {
          index: resolve(root, 'electron/cli/index.ts'),
          'app-entry': resolve(root, 'electron/cli/app-entry.ts'),
        },
        // app-entry.js is imported by main for its export; an app build would otherwise drop it.
        preserveEntrySignatures: 'exports-only',
        external,
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: '[name]-[hash].js',
          banner: (chunk) => (chunk.isEntry && chunk.name === 'index' ? '#!/usr/bin/env node' : ''),
        },
      },
    },
  },
};

/**
 * `npm run dev` only: the React fast-refresh preamble is an inline script, which the production CSP
 * forbids. The dev server's page allows inline scripts; the built app keeps the strict policy.
 */
const devServerCsp: Plugin = {
  name: 'tokendesk-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
};

/**
 * A bare `npx vitest run <path>` finds this file, not tests/vitest.config.ts; vitest loads configs in
 * mode 'test', which gets the unit-test config (root, globs, timeouts) instead of the app's build.
 */
export default defineConfig(({ mode }) => (mode === 'test' ? unitTests : {
  root: resolve(root, 'renderer'),
  base: './',
  plugins: [
    react(),
    devServerCsp,
    electron([
      {
        entry: { index: resolve(root, 'electron/main/index.ts') },
        // A main rebuild restarts Electron (startup() stops the running one first).
        onstart: startElectron,
        vite: {
          build: {
            outDir: resolve(root, 'dist-electron/main'),
            emptyOutDir: true,
            sourcemap: true,
            modulePreload: false,
            rollupOptions: { external, output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' } },
          },
        },
      },
      preloadBuild,
      cliBuild,
    ]),
  ],
  build: {
    outDir: resolve(root, 'dist/renderer'),
    emptyOutDir: true,
    sourcemap: false,
  },
}));
