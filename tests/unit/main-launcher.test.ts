import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const launcher = path.join(repo, 'electron', 'launcher', 'launch-electron.mjs');
const electronVersion = (JSON.parse(await readFile(path.join(repo, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

/** Environment without anything that would change where Electron is looked for. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  return { ...env, ...extra };
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [script, ...args], { env, encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The paragraph users get when the binary is missing: one block of text, what/how/meanwhile, no stack. */
function expectMissingParagraph(stderr: string): void {
  const paragraph = stderr.trim().split('\n').at(-1)!;
  expect(paragraph).toContain(`Electron ${electronVersion} binary is not installed`);
  expect(paragraph).toContain('node node_modules/electron/install.js');
  expect(paragraph).toContain('ELECTRON_OVERRIDE_DIST_PATH');
  expect(paragraph).toContain('npm run cli -- --help');
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('the launcher in this checkout', () => {
  it('explains in one paragraph that the Electron binary is missing and exits 1', () => {
    const missing = path.join(os.tmpdir(), 'tokendesk-no-electron-here');
    const result = run(launcher, ['--check'], cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: missing }));

    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expectMissingParagraph(result.stderr);
    expect(result.stderr).toContain(missing);
  });
});

describe('the launcher in a scratch project', () => {
  let project: string;
  let script: string;
  let electronDir: string;
  let dist: string;

  /** A stand-in Electron binary that records how it was started and exits with status 7. */
  async function fakeBinary(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'electron');
    await writeFile(file, `#!/bin/sh\necho "started $*" > "${path.join(project, 'started.txt')}"\necho "run-as-node=\${ELECTRON_RUN_AS_NODE:-unset}" >> "${path.join(project, 'started.txt')}"\nexit 7\n`);
    await chmod(file, 0o755);
  }

  /** electron/install.js as it behaves offline (a stack trace, exit 1) or online (unpacks the binary). */
  async function installScript(online: boolean): Promise<void> {
    const body = online
      ? `const fs = require('fs'); const path = require('path');
         fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
         fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), fs.readFileSync(${JSON.stringify(path.join(dist, 'electron'))}), { mode: 0o755 });
         fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');`
      : `console.error('TypeError: fetch failed\\n    at node:internal/deps/undici/undici:14976:13\\n    at async downloadArtifact'); process.exit(1);`;
    await writeFile(path.join(electronDir, 'install.js'), `require('fs').writeFileSync(${JSON.stringify(path.join(project, 'fetched.txt'))}, 'yes');\n${body}\n`);
  }

  beforeEach(async () => {
    project = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-launcher-'));
    script = path.join(project, 'electron', 'launcher', 'launch-electron.mjs');
    electronDir = path.join(project, 'node_modules', 'electron');
    dist = path.join(project, 'electron-dist');
    await mkdir(path.dirname(script), { recursive: true });
    await copyFile(launcher, script);
    await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'scratch', type: 'module' }));
    await mkdir(electronDir, { recursive: true });
    await writeFile(path.join(electronDir, 'package.json'), JSON.stringify({ name: 'electron', version: electronVersion }));
    await mkdir(path.join(project, 'dist-electron', 'main'), { recursive: true });
    await writeFile(path.join(project, 'dist-electron', 'main', 'index.js'), '');
    await fakeBinary(dist);
  });

  afterEach(() => rm(project, { recursive: true, force: true }));

  it('offline: tries to fetch the binary once, then prints the paragraph with the reason, no stack, exit 1', async () => {
    await installScript(false);

    const result = run(script, [], cleanEnv());

    expect(result.status).toBe(1);
    expect(existsSync(path.join(project, 'fetched.txt'))).toBe(true);
    expectMissingParagraph(result.stderr);
    expect(result.stderr).toContain('fetch failed');
    expect(existsSync(path.join(project, 'started.txt'))).toBe(false);
  });

  it('online: fetches the binary on first use and starts the app with it', async () => {
    await installScript(true);

    const result = run(script, [], cleanEnv());

    expect(result.status).toBe(7);
    expect(await readFile(path.join(project, 'started.txt'), 'utf8')).toContain(`started ${project}`);
  });

  it('with ELECTRON_OVERRIDE_DIST_PATH uses that Electron, passes arguments, and drops ELECTRON_RUN_AS_NODE', async () => {
    await installScript(false);

    const result = run(script, ['--lang=zh-CN'], cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: dist, ELECTRON_RUN_AS_NODE: '1' }));

    expect(result.status).toBe(7);
    const started = await readFile(path.join(project, 'started.txt'), 'utf8');
    expect(started).toContain(`started ${project} --lang=zh-CN`);
    expect(started).toContain('run-as-node=unset');
    expect(existsSync(path.join(project, 'fetched.txt'))).toBe(false);
  });

  it('--check only checks: exit 0 with a binary, nothing started', async () => {
    await installScript(false);

    const result = run(script, ['--check'], cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: dist }));

    expect(result.status).toBe(0);
    expect(existsSync(path.join(project, 'started.txt'))).toBe(false);
  });

  it('a wrong ELECTRON_OVERRIDE_DIST_PATH is reported without a download attempt', async () => {
    await installScript(true);

    const result = run(script, ['--check'], cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: path.join(project, 'nowhere') }));

    expect(result.status).toBe(1);
    expectMissingParagraph(result.stderr);
    expect(existsSync(path.join(project, 'fetched.txt'))).toBe(false);
  });

  it('says to build first when the app is not built', async () => {
    await rm(path.join(project, 'dist-electron'), { recursive: true });

    const result = run(script, [], cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: dist }));

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/not built yet.*npm run build/);
    expect(existsSync(path.join(project, 'started.txt'))).toBe(false);
  });
});

describe('the launcher and require("electron") agree on the binary under ELECTRON_OVERRIDE_DIST_PATH', () => {
  // install.js's getPlatformPath(): what path.txt holds after a download on each OS.
  const installedName: Record<string, string> = { linux: 'electron', win32: 'electron.exe', darwin: 'Electron.app/Contents/MacOS/Electron' };
  let scratch: string;

  beforeEach(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-electron-pkg-'));
  });
  afterEach(() => rm(scratch, { recursive: true, force: true }));

  /** A copy of the electron package's own index.js, optionally with path.txt. */
  async function electronPackage(pathTxt: string | null): Promise<string> {
    const dir = path.join(scratch, `electron-${pathTxt === null ? 'none' : pathTxt.replace(/\W/g, '_')}`);
    await mkdir(dir, { recursive: true });
    await copyFile(path.join(repo, 'node_modules/electron/index.js'), path.join(dir, 'index.js'));
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: electronVersion, main: 'index.js' }));
    if (pathTxt !== null) await writeFile(path.join(dir, 'path.txt'), pathTxt);
    return dir;
  }

  /** What require('electron') returns (the path vite-plugin-electron spawns), from Electron's own index.js. */
  function required(packageDir: string, dist: string): string {
    const result = spawnSync(process.execPath, ['-p', `require(${JSON.stringify(packageDir)})`], {
      env: cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: dist }),
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    return path.resolve(result.stdout.trim());
  }

  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    it(`on ${platform}, with and without path.txt`, async () => {
      const dist = path.join(scratch, 'dist');
      const { locateElectron } = await import('../../electron/launcher/launch-electron.mjs');
      for (const pathTxt of [null, installedName[platform]!]) {
        const packageDir = await electronPackage(pathTxt);
        const ours = locateElectron({ ELECTRON_OVERRIDE_DIST_PATH: dist }, platform, packageDir);
        expect(ours.binary, `path.txt: ${pathTxt}`).toBe(required(packageDir, dist));
      }
    });
  }
});
