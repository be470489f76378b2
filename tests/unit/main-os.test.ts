import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_USER_MODEL_ID } from '../../electron/main/startup';

// electron/main/index.ts booted in plain Node against the Electron stand-in (typed against Electron 45's
// electron.d.ts), acting out what each OS does: Windows' session end, Linux's D-Bus lock and tray,
// Wayland's clipboard, macOS' refused notifications. What only a real Electron binary can show is listed
// in the README ("What each OS needs").
const repo = path.resolve(import.meta.dirname, '../..');
const helpers = path.join(repo, 'tests/unit/helpers/fake-electron');
const scratch: string[] = [];

afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** A folder of stub commands (shell scripts) to put first in PATH. */
async function stubs(commands: Record<string, string>): Promise<string> {
  const dir = await tempDir('tokendesk-stubs-');
  for (const [name, body] of Object.entries(commands)) {
    await writeFile(path.join(dir, name), `#!/bin/sh\n${body}\n`);
    await chmod(path.join(dir, name), 0o755);
  }
  return dir;
}

interface Run {
  env?: Record<string, string>;
  /** Run inside a private D-Bus session (dbus-run-session), as a desktop session has. */
  dbusSession?: boolean;
  dataDir?: string;
}

async function scenario(name: string, run: Run = {}): Promise<Record<string, unknown>> {
  const dataDir = run.dataDir ?? (await tempDir('tokendesk-os-'));
  const node = [process.execPath, '--import', 'tsx', '--import', path.join(helpers, 'register.mjs'), path.join(helpers, 'os-driver.ts')];
  const [command, ...args] = run.dbusSession ? ['dbus-run-session', '--', ...node] : node;
  const result = spawnSync(command!, args, {
    cwd: repo,
    env: { ...process.env, TOKENDESK_DATA_DIR: dataDir, OS_SCENARIO: name, XDG_SESSION_TYPE: 'x11', ...run.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

describe('starting', () => {
  it('creates a missing TOKENDESK_DATA_DIR (0700) before app.setPath, which refuses a missing folder', async () => {
    const dataDir = path.join(await tempDir('tokendesk-parent-'), 'not', 'yet', 'there');
    await scenario('boot', { dataDir });
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
  });

  it('on Windows sets the AppUserModelID to electron-builder.yml appId; elsewhere leaves it', async () => {
    expect((await scenario('boot', { env: { OS_PLATFORM: 'win32' } })).appUserModelId).toBe(APP_USER_MODEL_ID);
    expect((await scenario('boot')).appUserModelId).toBeNull();
  });

  it('a window remembered maximized is shown once painted, then maximized (maximize() would show it early)', async () => {
    const dataDir = await tempDir('tokendesk-max-');
    await writeFile(path.join(dataDir, 'window-state.json'), JSON.stringify({ window: { width: 1000, height: 700, maximized: true } }));
    expect((await scenario('boot', { dataDir })).window).toEqual({ shownEarly: false, maximized: true });
  });
});

describe('the session ends', () => {
  it('Linux/macOS shutdown: held (logind delay lock), the vault flushed, our clipboard copy cleared, then quit', async () => {
    const report = await scenario('session-end');
    expect(report).toMatchObject({ copied: true, prevented: true, clipboardAfter: '', windowDestroyed: true });
    expect(report.accountsAfter).toEqual([{ name: 'Shop', hasToken: true }]);
  });

  it('Windows log-off: flushed and cleared at query-session-end without blocking it, then quit', async () => {
    const report = await scenario('session-end', { env: { OS_PLATFORM: 'win32' } });
    expect(report).toMatchObject({ copied: true, prevented: false, clipboardAfter: '', windowDestroyed: true });
    expect(report.accountsAfter).toEqual([{ name: 'Shop', hasToken: true }]);
  });
});

describe('the process ends right after the last event (no turn left for an async save)', () => {
  it('Windows session-end: quits, clears our clipboard copy and writes the unsaved change before the handler returns', async () => {
    const report = await scenario('session-ends-now', { env: { OS_PLATFORM: 'win32', SESSION_END: 'windows' } });
    expect(report).toMatchObject({ nameBefore: 'Shop', nameAfter: 'Renamed at the end', clipboardAfter: '', quits: 1 });
  });

  it('Linux losing its display (log-out without shutdown): exit without before-quit still writes the change on quit', async () => {
    const report = await scenario('session-ends-now', { env: { SESSION_END: 'linux-display-lost' } });
    expect(report).toMatchObject({ nameBefore: 'Shop', nameAfter: 'Renamed at the end' });
  });
});

describe('the networks people are on', () => {
  it('with no HTTP(S)_PROXY set, a refresh goes the way the OS proxy settings say (Electron resolves them)', async () => {
    const report = await scenario('system-proxy', { env: { HTTP_PROXY: '', HTTPS_PROXY: '', NO_PROXY: '', http_proxy: '', https_proxy: '', no_proxy: '' } });
    expect(report.refreshed).toBe(true);
    expect(report.throughProxy).toEqual([expect.stringMatching(/^sud\.corp\.test:\d+$/)]);
    expect(report.asked).toEqual(report.throughProxy);
  });
});

describe('Linux desktop', () => {
  it('locks the vault when the screensaver says the screen locked (D-Bus ActiveChanged; lock-screen never fires on Linux)', async () => {
    const report = await scenario('locked-by-signal', { dbusSession: true });
    expect(report).toMatchObject({ before: 'unlocked', after: 'locked' });
  });

  const watcher = (owned: boolean) => stubs({ 'dbus-send': `echo "method return time=1 sender=org.freedesktop.DBus"\necho "   boolean ${owned}"` });

  it('closing hides to the tray where a StatusNotifierWatcher shows it', async () => {
    const bin = await watcher(true);
    const report = await scenario('close', { env: { PATH: `${bin}:${process.env.PATH}`, XDG_CURRENT_DESKTOP: 'GNOME' } });
    expect(report.afterClose).toEqual({ destroyed: false, shown: false, minimized: false, quits: 0 });
  });

  it('on GNOME without AppIndicator closing quits instead of hiding the app where nobody can reach it', async () => {
    const bin = await watcher(false);
    const report = await scenario('close', { env: { PATH: `${bin}:${process.env.PATH}`, XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' } });
    expect(report.afterClose).toMatchObject({ destroyed: true, quits: 2 });
  });

  it('there, close-to-tray turned on by hand minimizes instead', async () => {
    const bin = await watcher(false);
    const report = await scenario('close', { env: { PATH: `${bin}:${process.env.PATH}`, XDG_CURRENT_DESKTOP: 'GNOME', CLOSE_TO_TRAY: 'true' } });
    expect(report.afterClose).toEqual({ destroyed: false, shown: true, minimized: true, quits: 0 });
  });

  it('Wayland: a clear dropped while unfocused is told once, and done when the window is back', async () => {
    const report = await scenario('wayland-clipboard', { env: { FAKE_ELECTRON_CLIPBOARD: 'wayland', XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0' } });
    // As a key the window translates when it shows it (so it follows a later language change).
    expect(report.told).toEqual([{ level: 'error', message: { key: 'desktop.notice.clipboardMayHoldToken' } }]);
    expect(report).toMatchObject({ stillOnSystemClipboard: true, clearedOnReturn: true });
    expect(report.log).toContain('clipboard clear dropped (unfocused on Wayland)');
  });
});

describe('notifications', () => {
  it('refused by the OS (unsigned macOS build): said once, not tried again, nothing kept', async () => {
    const report = await scenario('notifications-refused', { env: { FAKE_ELECTRON_NOTIFICATION: 'fail' } });
    expect(report).toMatchObject({ keptWhileShowing: 1, said: ['Notifications are not allowed for this application'], available: false, attempts: 1, keptAfter: 0 });
  });
});
