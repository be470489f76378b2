#!/usr/bin/env node
// `npm start` and `npm run dev`: finds the Electron binary and starts TokenDesk with it, or says in one
// paragraph what is missing and how to get it. `--check` only checks (and fetches a missing binary).
//
// Electron 42+ no longer downloads its binary on `npm install`: node_modules/electron/install.js fetches
// it on first use and writes path.txt. require('electron') would start that download as a side effect
// and throw a stack trace when it fails, so this script reads path.txt itself and runs install.js only
// when it decides to.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const builtMain = path.join(projectRoot, 'dist-electron', 'main', 'index.js');
const FETCH_TIMEOUT_MS = 15 * 60_000;

/** The executable inside an Electron dist folder, as electron/install.js names it. */
function platformExecutable(platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/**
 * Where the Electron binary is, or would be, without downloading anything, computed exactly as
 * node_modules/electron/index.js (what `require('electron')` and vite-plugin-electron use) does:
 * ELECTRON_OVERRIDE_DIST_PATH joined with path.txt's content, or with `electron` when there is no
 * path.txt (on every OS: index.js does not add `.exe` nor the macOS bundle path); else
 * node_modules/electron/dist/<path.txt>. `packageDir` is for tests.
 */
export function locateElectron(env = process.env, platform = process.platform, packageDir = electronPackageDir()) {
  if (!packageDir) return { packageDir: null, version: null, binary: null, exists: false, override: false, pathTxt: false };
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const pathFile = path.join(packageDir, 'path.txt');
  // Read as index.js reads it (not trimmed): a stray newline breaks both alike.
  const recorded = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override
    ? path.resolve(path.join(override, recorded || 'electron'))
    : path.join(packageDir, 'dist', recorded || platformExecutable(platform));
  return { packageDir, version, binary, exists: existsSync(binary), override: Boolean(override), pathTxt: recorded !== '' };
}

function electronPackageDir() {
  const require = createRequire(path.join(projectRoot, 'package.json'));
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The arguments TokenDesk's Electron gets: the project folder (its package.json names the built main), then `extra`. */
export function electronArgv(extra = []) {
  return [projectRoot, ...extra];
}

/** The environment for Electron: without ELECTRON_RUN_AS_NODE (inherited from some terminals), which would make it plain Node. */
export function electronEnv(env = process.env) {
  const clean = { ...env };
  delete clean.ELECTRON_RUN_AS_NODE;
  return clean;
}

/** The project folder: Electron's working directory in `npm start` and `npm run dev`. */
export const PROJECT_ROOT = projectRoot;

/** True when the Electron binary is installed (the Playwright Electron test skips without it). */
export function hasElectronBinary(env = process.env) {
  return locateElectron(env).exists;
}

/** Runs electron/install.js quietly; returns null on success, else a one-line reason. */
function fetchElectron(location) {
  process.stderr.write(`Fetching the Electron ${location.version} binary (first run only)...\n`);
  const result = spawnSync(process.execPath, [path.join(location.packageDir, 'install.js')], {
    cwd: location.packageDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: FETCH_TIMEOUT_MS,
  });
  if (result.status === 0 && locateElectron().exists) return null;
  if (result.error) return result.error.code === 'ETIMEDOUT' ? 'the download timed out' : result.error.message;
  // install.js prints a stack trace; keep only its first line, e.g. "TypeError: fetch failed".
  const firstLine = `${result.stderr ?? ''}`.split('\n').map((line) => line.trim()).find(Boolean);
  return firstLine ?? `install.js exited with status ${result.status}`;
}

function missingBinary(location, reason) {
  const major = location.version ? location.version.split('.')[0] : '';
  // Without path.txt Electron's own lookup wants <override>/electron on every OS, also where the binary is named otherwise.
  const named = location.override && !location.pathTxt && process.platform !== 'linux'
    ? `; without node_modules/electron/path.txt, Electron looks for a file named "electron" there, so write the executable's path inside that folder (${platformExecutable(process.platform)}) into node_modules/electron/path.txt`
    : '';
  const where = location.override
    ? ` at ${location.binary} (ELECTRON_OVERRIDE_DIST_PATH points there${named})`
    : ` (looked for ${location.binary})`;
  const fetched = reason ? `, and it could not be fetched: ${reason}` : '';
  return (
    `TokenDesk cannot open its desktop window: the Electron ${location.version} binary is not installed${where}${fetched}. ` +
    'To get it, run `node node_modules/electron/install.js` (or `npx electron --version`) on a machine with internet access, ' +
    `or set ELECTRON_OVERRIDE_DIST_PATH to the folder of an installed Electron ${major}. ` +
    'Meanwhile the command line works without it: `npm run cli -- --help`.'
  );
}

function fail(paragraph) {
  process.stderr.write(`${paragraph}\n`);
  process.exit(1);
}

function launch(binary, args) {
  const child = spawn(binary, electronArgv(args), { stdio: 'inherit', env: electronEnv(), cwd: projectRoot, windowsHide: false });
  child.on('error', (error) => {
    fail(`TokenDesk could not start Electron at ${binary} (${error.code ?? error.message}). Check that the file is an Electron ${locateElectron().version} executable, or reinstall it with \`node node_modules/electron/install.js\`.`);
  });
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

function main(argv) {
  const checkOnly = argv.includes('--check');
  const args = argv.filter((arg) => arg !== '--check');
  let location = locateElectron();
  if (!location.packageDir) {
    fail('TokenDesk cannot open its desktop window: the electron package is not installed. Run `npm install` in the project folder, then try again. Meanwhile the command line works: `npm run cli -- --help`.');
  }
  if (!location.exists) {
    const skip = location.override || /^(1|true)$/i.test(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ?? '');
    const reason = skip ? null : fetchElectron(location);
    location = locateElectron();
    if (!location.exists) fail(missingBinary(location, reason));
  }
  if (checkOnly) return;
  if (!existsSync(builtMain)) {
    fail(`TokenDesk is not built yet (${path.relative(projectRoot, builtMain)} is missing). Run \`npm start\`, which builds first, or \`npm run build\`.`);
  }
  launch(location.binary, args);
}

const invokedDirectly = process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (invokedDirectly) main(process.argv.slice(2));
