import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import os from 'node:os';
import { promisify } from 'node:util';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSudServer } from '../servers';

/**
 * What the installers carry, packaged for real and offline: `vite build`, then electron-builder's `dir`
 * target for Linux with a stand-in Electron folder (`electronDist`; the real binary cannot be downloaded
 * here) and the project's config minus the fuses (flipping them needs the real binary). Then the test opens
 * resources/app.asar and runs the CLI inside it with plain Node.
 */
const repo = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const { load } = require('js-yaml') as { load(text: string): unknown };
const asar = require('@electron/asar') as { listPackage(file: string, options: object): string[]; extractAll(file: string, dest: string): void };
const builder = require('electron-builder') as {
  build(options: {
    targets: Map<unknown, unknown>;
    config: string;
    projectDir: string;
    publish: 'never';
    effectiveOptionComputed?: (options: unknown) => Promise<boolean>;
  }): Promise<string[]>;
  Platform: { LINUX: { createTarget(type: string[], ...archs: number[]): Map<unknown, unknown> } };
  Arch: Record<string, number>;
};

interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const execFileAsync = promisify(execFile);
const MAX_PACKAGE_BYTES = 10 * 1024 * 1024;
let work: string;
let unpacked: string;
let asarFiles: string[];
let extracted: string;
/** The fpm arguments electron-builder computed for the deb (fpm itself is not run: it is not on this machine). */
let debArgs: string[] = [];
/** The deb's after-install script as electron-builder filled it in (its temp file is gone after the build). */
let debAfterInstall = '';

/** Bare module names a built file imports or requires (`axios`, `@scope/pkg`), builtins and electron excluded. */
function importedPackages(code: string): Set<string> {
  const names = new Set<string>();
  // A module name right between the quotes (no spaces), so prose such as `imported from "…"` in a message is not taken.
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']((?:@[\w.-]+\/)?[\w][\w.-]*(?:\/[\w.-]+)*|node:[\w/]+)["']/g;
  for (const [, spec] of code.matchAll(pattern)) {
    if (!spec || isBuiltin(spec) || spec === 'electron') continue;
    const parts = spec.split('/');
    names.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
  }
  return names;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function sizeOf(target: string): Promise<number> {
  const info = await stat(target).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const file of await filesUnder(target)) total += (await stat(file)).size;
  return total;
}

beforeAll(async () => {
  // Built as \`npm run build\` builds it: vitest sets NODE_ENV=test, which would bundle React's development build.
  const { NODE_ENV: _test, ...env } = process.env;
  const built = spawnSync(process.execPath, [path.join(repo, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: repo, env, encoding: 'utf8', timeout: 300_000 });
  expect(built.status, built.stderr).toBe(0);

  work = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-package-'));
  // The stand-in Electron: an executable that prints its arguments (the deb launcher test reads them).
  const electronDist = path.join(work, 'electron-dist');
  await mkdir(path.join(electronDist, 'resources'), { recursive: true });
  await writeFile(path.join(electronDist, 'electron'), '#!/bin/sh\nprintf \'%s\\n\' "$@"\n');
  await chmod(path.join(electronDist, 'electron'), 0o755);
  for (const file of ['LICENSE', 'LICENSES.chromium.html']) await writeFile(path.join(electronDist, file), '');
  await writeFile(path.join(electronDist, 'version'), '45.4.1');

  const config = load(await readFile(path.join(repo, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
  delete config.electronFuses;
  const directories = { ...(config.directories as object), output: path.join(work, 'release') };
  // A config FILE: an object would be merged with electron-builder.yml in the project (extraResources twice).
  const configFile = path.join(work, 'electron-builder.json');
  await writeFile(configFile, JSON.stringify({ ...config, electronDist, directories }));
  await builder.build({
    // The deb target runs for real up to fpm: its metadata (FpmTarget's checks, e.g. the project homepage)
    // and its filled-in scripts are computed; the hook below receives fpm's arguments and skips fpm itself.
    targets: builder.Platform.LINUX.createTarget(['dir', 'deb'], builder.Arch[process.arch === 'arm64' ? 'arm64' : 'x64']!),
    config: configFile,
    projectDir: repo,
    publish: 'never',
    effectiveOptionComputed: async (options) => {
      const [args] = options as [string[], string];
      debArgs = args;
      debAfterInstall = await readFile(args[args.indexOf('--after-install') + 1]!, 'utf8');
      return true;
    },
  });
  unpacked = path.join(work, 'release', process.arch === 'arm64' ? 'linux-arm64-unpacked' : 'linux-unpacked');
  asarFiles = asar.listPackage(path.join(unpacked, 'resources/app.asar'), {}).map((f) => f.replaceAll('\\', '/'));
  extracted = path.join(work, 'app');
  asar.extractAll(path.join(unpacked, 'resources/app.asar'), extracted);
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('dependencies hold exactly what the packaged main process loads at run time', () => {
  it('dist-electron imports no devDependency-only module, and every dependency is imported (not bundled)', async () => {
    const pkg = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as PackageJson;
    const imported = new Set<string>();
    for (const file of await filesUnder(path.join(repo, 'dist-electron'))) {
      if (!/\.(c|m)?js$/.test(file)) continue;
      for (const name of importedPackages(await readFile(file, 'utf8'))) imported.add(name);
    }
    const runtime = Object.keys(pkg.dependencies).sort();
    // Imported at run time but only a devDependency: missing from the installers.
    expect([...imported].filter((name) => !(name in pkg.dependencies)).sort()).toEqual([]);
    // A dependency the built code never imports is bundled (or unused): it only weighs the installers down.
    expect(runtime.filter((name) => !imported.has(name))).toEqual([]);
    expect(runtime).toEqual(['axios', 'electron-store']);
  });

  it('the scan sees a devDependency import where there is one', () => {
    expect([...importedPackages('import{a as b}from"commander";const z=await import("zod");require("@scope/pkg/sub");import "node:fs";from"./x.js";msg("saved from \'the file\'")')]).toEqual([
      'commander',
      'zod',
      '@scope/pkg',
    ]);
  });
});

describe('the packaged app (electron-builder --linux dir, offline)', { timeout: 120_000 }, () => {
  it('ships the built CLI beside main, and no sources', () => {
    expect(asarFiles).toEqual(
      expect.arrayContaining([
        '/dist-electron/cli/index.js',
        '/dist-electron/cli/app-entry.js',
        '/dist-electron/main/index.js',
        '/dist-electron/preload/index.cjs',
        '/dist/renderer/index.html',
        '/package.json',
      ]),
    );
    expect(asarFiles.filter((f) => /\.(ts|tsx|map)$/.test(f) && !f.includes('/node_modules/'))).toEqual([]);
  });

  it('carries no development tools and no bundled library: no tsx/esbuild, no UI libraries, no commander or zod', () => {
    const modules = new Set(asarFiles.filter((f) => f.startsWith('/node_modules/')).map((f) => f.split('/').slice(2, f.split('/')[2]!.startsWith('@') ? 4 : 3).join('/')));
    for (const name of ['tsx', 'esbuild', '@esbuild', 'react', 'react-dom', 'scheduler', 'zustand', 'commander', 'zod', 'typescript', 'vite']) {
      expect(modules.has(name), name).toBe(false);
    }
    expect(modules.has('axios') && modules.has('electron-store')).toBe(true);
  });

  it("gives the window React's production build (the development one is larger and slower to start)", async () => {
    const assets = path.join(extracted, 'dist/renderer/assets');
    const scripts = (await readdir(assets)).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts) expect(await readFile(path.join(assets, file), 'utf8'), file).not.toContain('React DevTools for a better development experience');
  });

  it('weighs at most 10 MB: app.asar plus app.asar.unpacked', async () => {
    const bytes = (await sizeOf(path.join(unpacked, 'resources/app.asar'))) + (await sizeOf(path.join(unpacked, 'resources/app.asar.unpacked')));
    console.log(`package: app.asar + unpacked = ${(bytes / 1024 / 1024).toFixed(2)} MB`);
    expect(bytes).toBeLessThanOrEqual(MAX_PACKAGE_BYTES);
  });

  it('its CLI runs with plain Node from the package contents (no tsx): version, providers, an empty vault', async () => {
    const cli = path.join(extracted, 'dist-electron/cli/index.js');
    const pkg = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as { version: string };
    expect(execFileSync(process.execPath, [cli, '--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version);
    const providers = JSON.parse(execFileSync(process.execPath, [cli, '--json', 'providers'], { encoding: 'utf8' })) as Array<{ id: string }>;
    expect(providers.map((p) => p.id)).toEqual(expect.arrayContaining(['sud', 'sainiu', 'oneaccess', 'openim']));
    const dataDir = path.join(work, 'data');
    const env = { ...process.env, TOKENDESK_DATA_DIR: dataDir, TOKENDESK_PASSPHRASE: 'package test passphrase' };
    expect(JSON.parse(execFileSync(process.execPath, [cli, '--json', 'init'], { encoding: 'utf8', env }))).toMatchObject({ state: 'unlocked' });
    expect(JSON.parse(execFileSync(process.execPath, [cli, '--json', 'list'], { encoding: 'utf8', env }))).toEqual([]);
  });

  it('its CLI refreshes a token from the package contents, end to end', async () => {
    const sud = await startSudServer();
    try {
      const cli = path.join(extracted, 'dist-electron/cli/index.js');
      const env = { ...process.env, TOKENDESK_DATA_DIR: path.join(work, 'refresh-data'), TOKENDESK_PASSPHRASE: 'package test passphrase' };
      // Not execFileSync: the SUD server answers from this process, which must keep running meanwhile.
      const run = async (args: string[]) => JSON.parse((await execFileAsync(process.execPath, [cli, '--json', ...args], { encoding: 'utf8', env })).stdout) as unknown;
      await run(['init']);
      const added = (await run(['add', 'sud', '--name', 'Packaged', '--set', `baseUrl=${sud.url}`, '--set', `code=${sud.issueCode()}`])) as { id: string };
      expect(await run(['refresh', added.id])).toEqual([expect.objectContaining({ ok: true, error: null })]);
    } finally {
      await sud.close();
    }
  });

  it('its main runs that CLI when started with --cli (the Electron stand-in in place of the binary)', () => {
    const register = path.join(repo, 'tests/unit/helpers/fake-electron/register.mjs');
    const main = path.join(extracted, 'dist-electron/main/index.js');
    // tsx only loads the stand-in (TypeScript); the packaged main and CLI are plain JavaScript.
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--import', register, main, '--cli', '--json', 'providers'], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as Array<{ id: string }>).map((p) => p.id)).toEqual(expect.arrayContaining(['sud', 'openim']));
  });

  it('the deb carries the metadata FpmTarget requires: a project homepage (else "Please specify project homepage")', async () => {
    const pkg = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as { homepage?: string };
    const option = (name: string) => debArgs[debArgs.indexOf(name) + 1];
    expect(debArgs).toContain('--url');
    expect(option('--url')).toBe(pkg.homepage);
    expect(option('--name')).toBe('tokendesk');
    expect(option('--maintainer')).toBe('TokenDesk contributors');
  });

  /** A launcher script pointed at this package's executable instead of the installed one (`installed`). */
  async function localLauncher(name: string, script: string, installed: string): Promise<string> {
    expect(script).toContain(installed);
    const local = path.join(work, name);
    await writeFile(local, `${script.replaceAll(installed, path.join(unpacked, 'tokendesk'))}\n`, { mode: 0o755 });
    return local;
  }

  /** What the stand-in executable received, one argument a line, run through `launcher`. */
  function launch(launcher: string, display: Record<string, string>): string[] {
    const env: NodeJS.ProcessEnv = { ...process.env, ...display };
    if (!('DISPLAY' in display)) delete env.DISPLAY;
    if (!('WAYLAND_DISPLAY' in display)) delete env.WAYLAND_DISPLAY;
    return execFileSync(launcher, ['--json', 'token', 'Game QA', '--format', 'header'], { encoding: 'utf8', env }).split('\n').slice(0, -1);
  }

  const ARGS = ['--json', 'token', 'Game QA', '--format', 'header'];
  // Chromium's switches before --cli: main hands everything after it to the CLI.
  const HEADLESS = ['--ozone-platform=headless', '--disable-gpu', '--cli', ...ARGS];

  it("the deb's /usr/bin/tokendesk starts the installed app with --cli and every argument; headless where no display is set", async () => {
    expect(debAfterInstall).toContain("cat > '/usr/bin/tokendesk' <<'LAUNCHER'");
    const script = /<<'LAUNCHER'\n([\s\S]*?)\nLAUNCHER\n/.exec(debAfterInstall)?.[1] ?? '';
    const launcher = await localLauncher('deb-launcher', script, "'/opt/TokenDesk/tokendesk'");
    expect(launch(launcher, { DISPLAY: ':0' })).toEqual(['--cli', ...ARGS]);
    expect(launch(launcher, { WAYLAND_DISPLAY: 'wayland-0' })).toEqual(['--cli', ...ARGS]);
    expect(launch(launcher, {})).toEqual(HEADLESS);
  });

  it("the README's AppImage launcher does the same", async () => {
    const readme = await readFile(path.join(repo, 'README.md'), 'utf8');
    const block = /<<'LAUNCHER' && chmod \+x ~\/\.local\/bin\/tokendesk\n([\s\S]*?)\n\s*LAUNCHER\n/.exec(readme)?.[1] ?? '';
    const script = block.split('\n').map((line) => line.replace(/^ {2}/, '')).join('\n');
    const launcher = await localLauncher('appimage-launcher', script, '"$HOME/Applications/TokenDesk.AppImage"');
    expect(launch(launcher, { DISPLAY: ':0' })).toEqual(['--cli', ...ARGS]);
    expect(launch(launcher, {})).toEqual(HEADLESS);
  });
});
