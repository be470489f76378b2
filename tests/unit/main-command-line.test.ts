import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { CLI_SWITCH, builtCliPath, commandLineArgs } from '../../electron/main/command-line';

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
  /** What the app asked of Electron: the stand-in's log, windows and trays. */
  electron: { log: string[]; windows: number; trays: number };
}

/** Starts main as `TokenDesk --cli <args>`, stdin not a terminal, no passphrase unless `env` gives one. */
function app(args: string[], env: Record<string, string> = {}): Run {
  const base = { ...process.env };
  delete base.TOKENDESK_PASSPHRASE;
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', path.join(helpers, 'register.mjs'), path.join(helpers, 'cli-driver.ts'), CLI_SWITCH, ...args],
    { cwd: repo, env: { ...base, TOKENDESK_DATA_DIR: dataDir, ...env }, encoding: 'utf8', timeout: 60_000, input: '' },
  );
  const marker = result.stderr.lastIndexOf('FAKE_ELECTRON_LOG ');
  expect(marker, result.stderr).toBeGreaterThanOrEqual(0);
  const electron = JSON.parse(result.stderr.slice(marker + 'FAKE_ELECTRON_LOG '.length)) as Run['electron'];
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.slice(0, marker), electron };
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
    expect(init.electron).toEqual({ log: ['whenReady', 'exit 0'], windows: 0, trays: 0 });
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
    expect(denied.electron.log).toEqual(['whenReady', 'exit 1']);
    const withPassphrase = app(['--json', 'show', id], { FAKE_ELECTRON_KEYRING: 'basic_text', TOKENDESK_PASSPHRASE: PASSPHRASE });
    expect(withPassphrase.status, withPassphrase.stderr).toBe(0);
  });

  it('reports a usage error with status 2, as the plain CLI does', () => {
    const usage = app(['frobnicate']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('tokendesk');
    expect(usage.electron.log).toEqual(['whenReady', 'exit 2']);
  });
});
