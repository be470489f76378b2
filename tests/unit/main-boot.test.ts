import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_CHANNEL_NAMES } from '../../shared/ipc-channels';
import { translator } from '../../shared/i18n';
import { openCore } from '../../electron/core/engine/core';
import type { SecretBox } from '../../electron/core/platform';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { flipSealed } from '../fixtures/vault-helpers';

// electron/main/index.ts booted in plain Node against a stand-in for Electron's API (the binary cannot
// run here): the real core, vault, dispatcher and protocol handler, wired exactly as in the app.
const repo = path.resolve(import.meta.dirname, '../..');
const helpers = path.join(repo, 'tests/unit/helpers/fake-electron');
const dataDirs: string[] = [];

afterAll(async () => {
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
});

/** Boots the app in a fresh data folder and returns the driver's report. */
async function boot(env: Record<string, string> = {}, seeded?: string): Promise<{ report: Record<string, unknown>; dataDir: string }> {
  const dataDir = seeded ?? (await mkdtemp(path.join(os.tmpdir(), 'tokendesk-boot-')));
  dataDirs.push(dataDir);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', path.join(helpers, 'register.mjs'), path.join(helpers, 'boot-driver.ts')], {
    cwd: repo,
    env: { ...process.env, TOKENDESK_DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return { report: JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>, dataDir };
}

describe('the desktop app booted with a secure OS keyring', () => {
  // One boot: each test reads its own part of the driver's report.
  let report: Record<string, unknown>;
  let dataDir: string;
  beforeAll(async () => {
    ({ report, dataDir } = await boot());
  });

  it('registers app:// before ready, opens one locked-down window on it, and answers every channel', () => {
    expect(report.logBeforeWindow).toEqual(['setPath userData', 'requestSingleInstanceLock', 'registerSchemesAsPrivileged', 'whenReady', 'protocol.handle app']);
    expect(report.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, codeCache: true }) }]);
    expect(report.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(report.webPreferences).toMatchObject({ preload: expect.stringMatching(/preload[\\/]index\.cjs$/) });
    expect(report).toMatchObject({ loadedUrl: 'app://tokendesk/index.html', shown: true, menu: ['文件', 'editMenu', 'windowMenu', 'help'] });
    expect(report.channels).toEqual([...REQUEST_CHANNEL_NAMES]);
    expect(report.info).toMatchObject({ ok: true, value: { systemLocale: 'zh-CN', dataDir } });
  });

  it('creates the vault silently in TOKENDESK_DATA_DIR, file mode 0600', async () => {
    expect(report.status).toMatchObject({ ok: true, value: { state: 'unlocked', osSlot: true, keyring: 'available', dataDir } });
    expect((await stat(path.join(dataDir, 'vault.json'))).mode & 0o777).toBe(0o600);
  });

  it('answers only our window main frame on our page; malformed input is a value, not a crash', () => {
    const refused = { ok: false, error: { code: 'invalid_input' } };
    expect(report.fromEvilPage).toMatchObject(refused);
    expect(report.fromSubframe).toMatchObject(refused);
    expect(report.fromOtherContents).toMatchObject(refused);
    expect(report.malformed).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('id') } });
  });

  it('serves with the CSP header, denies permissions, sends links to the browser, forwards events, focuses on a second launch', () => {
    expect(report.protocol).toMatchObject({ status: 404, csp: expect.stringContaining("default-src 'self'") });
    expect(report.permissionCheck).toBe(false);
    expect(report.windowOpen).toEqual({ action: 'deny' });
    expect(report.opened).toEqual(['https://example.com/docs']);
    expect(report.sentAfterLock).toEqual(['vault:changed']);
    expect(report.focusedBySecondLaunch).toBe(1);
  });

  it('puts a tray icon (the packaged tray-icon.png) with Show, Refresh all and Quit, in the system language', () => {
    const t = translator('zh-CN');
    expect(report.trays).toEqual([
      {
        icon: { source: path.join(repo, 'electron/resources/tray-icon.png'), width: 16, template: false },
        labels: [t('desktop.tray.none'), t('desktop.tray.refreshAll'), t('desktop.tray.show'), t('desktop.tray.quit')],
        tooltip: t('desktop.tray.tooltip'),
      },
    ]);
  });

  it('remembers the window size and place in window-state.json (electron-store) when the window closes', async () => {
    const saved = JSON.parse(await readFile(path.join(dataDir, 'window-state.json'), 'utf8')) as { window?: unknown };
    expect(saved.window).toEqual({ x: 10, y: 10, width: 1180, height: 760, maximized: false });
    expect((await stat(path.join(dataDir, 'window-state.json'))).mode & 0o777).toBe(0o600);
  });

  it('on quit holds the quit until core is closed, removes the IPC handlers and the tray, then quits', () => {
    expect(report).toMatchObject({ quitCalls: 2, handlersAfterQuit: 0, trayDestroyedAfterQuit: true, windowDestroyedAfterQuit: true });
  });
});

describe('the desktop app boot in other situations', () => {
  it('with the basic_text keyring creates nothing and waits for a passphrase', async () => {
    const { report } = await boot({ FAKE_ELECTRON_KEYRING: 'basic_text' });
    expect(report.status).toMatchObject({ ok: true, value: { state: 'uninitialized', osSlot: false, keyring: 'insecure', keyringBackend: 'basic_text' } });
  });

  it('with one account changed outside TokenDesk and one unreadable secret, it boots and lists every account', async () => {
    // The fake keyring's format on Linux (fake-electron/desktop.ts) behind the adapter of electron/main/safe-storage.ts.
    const keyring: SecretBox = {
      isAvailable: () => true,
      backend: () => 'gnome_libsecret',
      encrypt: async (plain) => Buffer.from(`v11:keyring\n${plain.toString('base64')}`),
      decrypt: async (cipher) => Buffer.from(cipher.toString().split('\n')[1] ?? '', 'base64'),
    };
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-boot-damaged-'));
    const core = await openCore({ dataDir, secretBox: keyring, scrypt: FAST_TEST_SCRYPT });
    await core.initialize();
    const ids: string[] = [];
    for (const name of ['Fine', 'Changed', 'Flipped']) {
      ids.push((await core.create({ provider: 'sud', name, values: { baseUrl: 'http://127.0.0.1:9', code: 'eyJ.code.value' }, autoRefresh: false })).id);
    }
    await core.close();
    const file = path.join(dataDir, 'vault.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as { accounts: Record<string, { fields: Record<string, string>; secrets: Record<string, string> }> };
    doc.accounts[ids[1]!]!.fields.baseUrl = 'http://attacker.example';
    doc.accounts[ids[2]!]!.secrets.code = flipSealed(doc.accounts[ids[2]!]!.secrets.code!, 'body', 2);
    await writeFile(file, JSON.stringify(doc));

    const { report } = await boot({}, dataDir);
    expect(report.status).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    const list = report.list as { ok: boolean; value: Array<{ name: string; damage: string | null }> };
    expect(list.ok).toBe(true);
    expect(list.value.map((a) => [a.name, a.damage])).toEqual([['Fine', null], ['Changed', 'changed'], ['Flipped', null]]);
  });

  it('a second launch on the same data folder quits without opening a window', async () => {
    const { report } = await boot({ FAKE_ELECTRON_LOCK: 'taken' });
    expect(report).toEqual({ log: ['setPath userData', 'requestSingleInstanceLock', 'quit'], windows: 0 });
  });
});
