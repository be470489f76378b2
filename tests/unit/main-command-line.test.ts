import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { dataDirArgument } from '../../electron/core/paths';
import { CLI_SWITCH, builtCliPath, commandLineArgs } from '../../electron/main/command-line';
import { startSudServer } from '../servers';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';

// The packaged app doubles as `tokendesk`: electron/main/index.ts started with `--cli` in argv (as the
// installers' launchers start it) runs the CLI, in plain Node against the Electron stand-in.
const repo = path.resolve(import.meta.dirname, '../..');
const helpers = path.join(repo, 'tests/unit/helpers/fake-electron');
const PASSPHRASE = 'command line passphrase';
let dataDir: string;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** What the app asked of Electron: the stand-in's log, windows and trays, and its userData folder at the end. */
  electron: { log: string[]; windows: number; trays: number; userData: string };
}

const driver = (args: string[]): string[] => ['--import', 'tsx', '--import', path.join(helpers, 'register.mjs'), path.join(helpers, 'cli-driver.ts'), CLI_SWITCH, ...args];

/** The environment of a run: no passphrase unless `env` gives one, TOKENDESK_DATA_DIR the test's folder unless `env` says. */
function runEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env, TOKENDESK_DATA_DIR: dataDir };
  delete out.TOKENDESK_PASSPHRASE;
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete out[name];
    else out[name] = value;
  }
  return out;
}

function parseRun(status: number | null, stdout: string, stderr: string): Run {
  const marker = stderr.lastIndexOf('FAKE_ELECTRON_LOG ');
  expect(marker, stderr).toBeGreaterThanOrEqual(0);
  const electron = JSON.parse(stderr.slice(marker + 'FAKE_ELECTRON_LOG '.length)) as Run['electron'];
  return { status, stdout, stderr: stderr.slice(0, marker), electron };
}

/** Starts main as `TokenDesk --cli <args>`, stdin not a terminal, no passphrase unless `env` gives one. */
function app(args: string[], env: Record<string, string | undefined> = {}): Run {
  const result = spawnSync(process.execPath, driver(args), { cwd: repo, env: runEnv(env), encoding: 'utf8', timeout: 60_000, input: '' });
  return parseRun(result.status, result.stdout, result.stderr);
}

/** As app(), without blocking this process (a test server answers from here); `started` gets the child. */
function appAsync(args: string[], env: Record<string, string | undefined>, started: (child: ReturnType<typeof spawn>) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, driver(args), { cwd: repo, env: runEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end();
    child.on('close', (status) => resolve(parseRun(status, stdout, stderr)));
    started(child);
  });
}

/** Boots the window (os-driver) on `folder` as `platform` and says what state its vault is in. */
function windowVault(folder: string, platform: string): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', path.join(helpers, 'register.mjs'), path.join(helpers, 'os-driver.ts')], {
    cwd: repo,
    env: { ...runEnv({ TOKENDESK_DATA_DIR: folder }), OS_SCENARIO: 'boot', OS_PLATFORM: platform, XDG_SESSION_TYPE: 'x11' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return (JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { vault: string }).vault;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-app-cli-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the argv switch', () => {
  it('takes the arguments after --cli, packaged (exe first) or not (exe, app folder)', () => {
    expect(commandLineArgs(['/opt/TokenDesk/tokendesk', '--cli', '--json', 'list'])).toEqual(['--json', 'list']);
    expect(commandLineArgs(['/usr/lib/electron', '.', '--cli', 'token', 'abc', '--format', 'header'])).toEqual(['token', 'abc', '--format', 'header']);
    expect(commandLineArgs(['/opt/TokenDesk/tokendesk', '--cli'])).toEqual([]);
    expect(commandLineArgs(['/opt/TokenDesk/tokendesk'])).toBeNull();
    expect(commandLineArgs(['/opt/TokenDesk/tokendesk', '--no-sandbox', 'app://x'])).toBeNull();
  });

  it('finds --data-dir among the CLI arguments (both spellings, the last wins), never after --', () => {
    expect(dataDirArgument(['--data-dir', '/v', 'list'])).toBe('/v');
    expect(dataDirArgument(['list', '--data-dir=/w', '--json'])).toBe('/w');
    expect(dataDirArgument(['--data-dir', '/v', 'list', '--data-dir', '/x'])).toBe('/x');
    expect(dataDirArgument(['exec', '--env', 'T=a', '--', 'tool', '--data-dir', '/y'])).toBeUndefined();
    expect(dataDirArgument(['list'])).toBeUndefined();
  });

  it('loads the CLI built beside main (dist-electron/cli/app-entry.js), not its source', () => {
    expect(builtCliPath(path.join(repo, 'dist-electron/main'))).toBe(path.join(repo, 'dist-electron/cli/app-entry.js'));
  });
});

describe('TokenDesk --cli, with a secure OS keyring', { timeout: 120_000 }, () => {
  let id = '';

  it('runs the command and exits with its status: no lock, no window, no tray', async () => {
    const init = app(['--json', 'init'], { TOKENDESK_PASSPHRASE: PASSPHRASE });
    expect(init.status, init.stderr).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ dataDir, state: 'unlocked', passphraseSet: true });
    expect(init.electron).toEqual({ log: ['setPath userData', 'whenReady', 'exit 0'], windows: 0, trays: 0, userData: dataDir });
    // With a passphrase set, the keyring opens the vault only where the person allowed it (Settings).
    const core = await openCore({ dataDir });
    await core.unlock(PASSPHRASE);
    await core.updateSettings({ unlockWithKeyringAtStart: true });
    await core.close();
  });

  it('unlocks through the keyring slot: a secret-writing command needs no passphrase', () => {
    const add = app(['--json', 'add', 'sud', '--name', 'Keyring user', '--set', 'baseUrl=http://127.0.0.1:9', '--set', 'code=code-canary-7f31']);
    expect(add.status, add.stderr).toBe(0);
    id = (JSON.parse(add.stdout) as { id: string }).id;
    expect(add.stdout).not.toContain('code-canary-7f31');
  });

  it('fails closed where the keyring does not protect secrets (basic_text): the passphrase is asked for', () => {
    const denied = app(['--json', 'remove', id], { FAKE_ELECTRON_KEYRING: 'basic_text' });
    expect(denied.status).toBe(1);
    expect(JSON.parse(denied.stdout)).toMatchObject({ error: { code: 'locked', message: expect.stringContaining('TOKENDESK_PASSPHRASE') } });
    expect(denied.electron.log).toEqual(['setPath userData', 'whenReady', 'exit 1']);
    const withPassphrase = app(['--json', 'show', id], { FAKE_ELECTRON_KEYRING: 'basic_text', TOKENDESK_PASSPHRASE: PASSPHRASE });
    expect(withPassphrase.status, withPassphrase.stderr).toBe(0);
  });

  it('reports a usage error with status 2, as the plain CLI does', () => {
    const usage = app(['frobnicate']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('tokendesk');
    expect(usage.electron.log).toEqual(['setPath userData', 'whenReady', 'exit 2']);
  });
});

describe('TokenDesk --cli, where the packaged app differs from plain Node', { timeout: 120_000 }, () => {
  it('Windows: --data-dir becomes userData before ready, so the window opens the keyring slot the CLI wrote (Local State lives there)', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-app-cli-win-'));
    try {
      const init = app(['--data-dir', folder, '--json', 'init', '--unlock-with-keyring'], { TOKENDESK_PASSPHRASE: PASSPHRASE, TOKENDESK_DATA_DIR: undefined, OS_PLATFORM: 'win32' });
      expect(init.status, init.stderr).toBe(0);
      expect(init.electron.userData).toBe(folder);
      expect(windowVault(folder, 'win32')).toBe('unlocked');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('output larger than a pipe holds reaches the reader in full before the app exits (app.exit ends at once)', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-app-cli-big-'));
    try {
      const core = await openCore({ dataDir: folder, scrypt: FAST_TEST_SCRYPT });
      await core.initialize(PASSPHRASE);
      for (let n = 0; n < 300; n++) {
        await core.create({ provider: 'sud', name: `Account ${n} ${'x'.repeat(80)}`, values: { baseUrl: 'http://127.0.0.1:9', code: 'eyJ.code.value' }, autoRefresh: false });
      }
      await core.close();
      // `tokendesk --json list | jq` with a reader slower than the command: a real pipe (64 KiB), read
      // only after a while. (Node's own child pipes are socket pairs with far larger buffers.)
      const piped = spawnSync('bash', ['-c', '"$@" | { sleep 2; cat; }; exit "${PIPESTATUS[0]}"', 'pipe', process.execPath, ...driver(['--json', 'list'])], {
        cwd: repo,
        env: runEnv({ TOKENDESK_DATA_DIR: folder }),
        encoding: 'utf8',
        timeout: 60_000,
        input: '',
      });
      const list = parseRun(piped.status, piped.stdout, piped.stderr);
      expect(list.status, list.stderr).toBe(0);
      expect(list.stdout.length).toBeGreaterThan(64 * 1024); // more than a Linux pipe holds
      expect((JSON.parse(list.stdout) as unknown[]).length).toBe(300);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  describe('Ctrl+C or SIGTERM while a refresh is in flight', () => {
    let folder = '';
    let sud: Awaited<ReturnType<typeof startSudServer>>;

    beforeAll(async () => {
      sud = await startSudServer();
      folder = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-app-cli-signal-'));
      const core = await openCore({ dataDir: folder, scrypt: FAST_TEST_SCRYPT });
      await core.initialize(PASSPHRASE);
      await core.close();
    });

    afterAll(async () => {
      await sud.close();
      await rm(folder, { recursive: true, force: true });
    });

    /** Refreshes, sends `signal` while the provider holds the answer, then lets it answer. */
    async function interrupt(signal: NodeJS.Signals, env: Record<string, string> = {}): Promise<{ run: Run; saved: boolean }> {
      const setup = await openCore({ dataDir: folder });
      await setup.unlock(PASSPHRASE);
      const id = (await setup.create({ provider: 'sud', name: `Interrupted by ${signal}`, values: { baseUrl: sud.url, code: sud.issueCode() }, autoRefresh: false })).id;
      await setup.close();
      const held = sud.holdNext('/get_sstoken');
      const run = await appAsync(['refresh', id], { TOKENDESK_DATA_DIR: folder, TOKENDESK_PASSPHRASE: PASSPHRASE, ...env }, (child) => {
        void held.arrived.then(() => {
          child.kill(signal);
          setTimeout(() => held.release(), 300);
        });
      });
      const core = await openCore({ dataDir: folder });
      const saved = core.list().find((view) => view.id === id)?.hasToken === true;
      await core.close();
      return { run, saved };
    }

    it('ends with 130 after the answer in flight is saved (the provider may have rotated the old token), and leaves no lock', async () => {
      const { run, saved } = await interrupt('SIGINT');
      expect(run.status, run.stderr).toBe(130);
      expect(saved).toBe(true);
      expect(existsSync(path.join(folder, 'vault.lock'))).toBe(false);
      expect(run.electron.log).not.toContain('chromium SIGINT');
    });

    it("SIGTERM ends with 143; where Chromium's quit gets the signal instead, the command still stops as on SIGTERM", async () => {
      const terminated = await interrupt('SIGTERM');
      expect(terminated.run.status, terminated.run.stderr).toBe(143);
      expect(terminated.saved).toBe(true);
      // SIGUSR2 plays a signal Chromium kept (see fake-electron/app.ts): its quit reaches before-quit only.
      const viaChromium = await interrupt('SIGUSR2', { FAKE_ELECTRON_SIGNALS: 'chromium-always' });
      expect(viaChromium.run.electron.log).toContain('chromium quit');
      expect(viaChromium.run.status).toBe(143);
      expect(viaChromium.saved).toBe(true);
    });
  });

  it('macOS: no Dock icon for a command; Windows: no hidden prompt (no console), the way in is said instead', async () => {
    const mac = app(['--json', 'providers'], { OS_PLATFORM: 'darwin' });
    expect(mac.status, mac.stderr).toBe(0);
    expect(mac.electron.log[0]).toBe('setActivationPolicy prohibited');
    const folder = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-app-cli-prompt-'));
    const core = await openCore({ dataDir: folder, scrypt: FAST_TEST_SCRYPT });
    await core.initialize(PASSPHRASE);
    await core.close();
    const windows = app(['--json', 'remove', 'someone'], { OS_PLATFORM: 'win32', TOKENDESK_DATA_DIR: folder });
    await rm(folder, { recursive: true, force: true });
    expect(windows.status).toBe(1);
    const message = (JSON.parse(windows.stdout) as { error: { code: string; message: string } }).error;
    expect(message.code).toBe('locked');
    expect(message.message).toContain('TOKENDESK_PASSPHRASE');
    expect(message.message).toContain('cannot ask for a passphrase in a Windows terminal');
    expect(message.message).not.toContain('run the command in a terminal');
  });
});
