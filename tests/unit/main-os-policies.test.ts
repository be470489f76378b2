import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSystemClipboardReader } from '../../electron/main/clipboard';
import { createDesktopNotifier, type NotificationClass } from '../../electron/main/notifications';
import { closeAction, keepsRunningInTray, trayIsShown } from '../../electron/main/policies/close-to-tray';
import { createClipboardGuard } from '../../electron/main/policies/clipboard-guard';
import { createSessionLockParser, logindSessionPath } from '../../electron/main/policies/session-lock-signals';
import { watchSessionEnd } from '../../electron/main/session-end';
import { APP_USER_MODEL_ID } from '../../electron/main/startup';
import { BrowserWindow, Notification, powerMonitor as fakePowerMonitor } from './helpers/fake-electron/electron';
import { FakeClock, flush } from './helpers/fake-clock';

const repo = path.resolve(import.meta.dirname, '../..');
// The stand-in implements the part of each API TokenDesk uses (checked against electron.d.ts in conforms.ts).
const powerMonitor = fakePowerMonitor as unknown as Electron.PowerMonitor;
const NativeNotification = Notification as unknown as NotificationClass;
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

describe('Windows toasts', () => {
  it('the AppUserModelID set at start is electron-builder.yml appId, which the NSIS shortcut carries', async () => {
    const config = load(await readFile(path.join(repo, 'electron-builder.yml'), 'utf8')) as { appId: string };
    expect(APP_USER_MODEL_ID).toBe(config.appId);
  });
});

describe('native notifications', () => {
  const notice = (accountId: string) => ({ kind: 'failed' as const, accountId, title: 'Auto-refresh failed', body: accountId });

  it('are kept referenced until closed or clicked (a collected one loses its click handler)', async () => {
    const clicked: string[] = [];
    const notifier = createDesktopNotifier({ Notification: NativeNotification, onClick: (id) => clicked.push(id), onUnavailable: () => undefined });
    notifier.show(notice('a'));
    notifier.show(notice('b'));
    expect(notifier.live()).toBe(2);
    const [first, second] = (globalThis as unknown as { __fakeElectron: { notifications: Notification[] } }).__fakeElectron.notifications.slice(-2);
    first!.emit('click');
    expect(clicked).toEqual(['a']);
    second!.close();
    expect(notifier.live()).toBe(0);
    expect(second!.listenerCount('click')).toBe(0);
  });
});

describe('the end of the session', () => {
  it('waits for the flush at most waitMs, then quits anyway (a hung disk never keeps the OS waiting)', async () => {
    const quits: number[] = [];
    const logs: string[] = [];
    const started = Date.now();
    const watch = watchSessionEnd({ platform: 'linux', powerMonitor, flush: () => new Promise(() => {}), quit: () => quits.push(Date.now() - started), saveNow: () => undefined, waitMs: 100, log: (m) => logs.push(m) });
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    powerMonitor.emit('shutdown', event);
    powerMonitor.emit('shutdown', event);
    await watch.ended;
    expect(event.defaultPrevented).toBe(true);
    expect(quits).toHaveLength(1);
    expect(quits[0]).toBeGreaterThanOrEqual(90);
    expect(logs[0]).toMatch(/before everything was saved/);
    watch.dispose();
    expect(fakePowerMonitor.listenerCount('shutdown')).toBe(0);
  });

  it('on Windows listens on each window and never prevents the session end', async () => {
    let flushed = 0;
    const watch = watchSessionEnd({ platform: 'win32', powerMonitor, flush: async () => void (flushed += 1), quit: () => undefined, saveNow: () => undefined });
    const window = new BrowserWindow({});
    watch.watchWindow(window as unknown as Electron.BrowserWindow);
    expect(fakePowerMonitor.listenerCount('shutdown')).toBe(0);
    const event = { defaultPrevented: false, reasons: ['shutdown'], preventDefault() { this.defaultPrevented = true; } };
    window.emit('query-session-end', event);
    window.emit('session-end', event);
    await watch.ended;
    expect({ flushed, prevented: event.defaultPrevented }).toEqual({ flushed: 1, prevented: false });
    watch.dispose();
  });
});

describe("Windows' session-end (Electron 45 ends the process once its handlers return, unless app.quit() began)", () => {
  it('quits, then saves synchronously, before the handler returns; the query-session-end flush is not awaited', () => {
    const steps: string[] = [];
    const watch = watchSessionEnd({
      platform: 'win32',
      powerMonitor,
      flush: () => new Promise(() => steps.push('flush started')), // a refresh in flight: never done in time
      quit: () => steps.push('quit'),
      saveNow: () => steps.push('saved now'),
    });
    const window = new BrowserWindow({});
    watch.watchWindow(window as unknown as Electron.BrowserWindow);
    const event = { defaultPrevented: false, reasons: ['logoff'], preventDefault() { this.defaultPrevented = true; } };
    window.emit('query-session-end', event);
    window.emit('session-end', event);
    // Nothing awaited: this is all that runs before Windows may end the process.
    expect(steps).toEqual(['flush started', 'quit', 'saved now']);
    expect(event.defaultPrevented).toBe(false);
    watch.dispose();
  });

  it('a session-end without query-session-end (another app forced it) still quits and saves', () => {
    const steps: string[] = [];
    const watch = watchSessionEnd({ platform: 'win32', powerMonitor, flush: async () => void steps.push('flush'), quit: () => steps.push('quit'), saveNow: () => steps.push('saved now') });
    const window = new BrowserWindow({});
    watch.watchWindow(window as unknown as Electron.BrowserWindow);
    window.emit('session-end', { reasons: ['shutdown'], preventDefault() {} });
    expect(steps).toEqual(['quit', 'saved now']);
    watch.dispose();
  });
});

describe('Linux screen lock signals (dbus-monitor output)', () => {
  const screensaver = (iface: string, value: boolean) =>
    `signal time=1764550000.1 sender=:1.42 -> destination=(null destination) serial=77 path=/${iface.replaceAll('.', '/')}; interface=${iface}; member=ActiveChanged\n   boolean ${value}\n`;

  it('reads GNOME and freedesktop ActiveChanged, across chunk boundaries', () => {
    const parse = createSessionLockParser();
    const text = screensaver('org.gnome.ScreenSaver', true) + screensaver('org.freedesktop.ScreenSaver', false);
    const events = [parse(text.slice(0, 50)), parse(text.slice(50, 170)), parse(text.slice(170))].flat();
    expect(events).toEqual(['locked', 'unlocked']);
  });

  it("takes logind's Lock only for our own session", () => {
    expect(logindSessionPath('2')).toBe('/org/freedesktop/login1/session/_32');
    expect(logindSessionPath('c1')).toBe('/org/freedesktop/login1/session/c1');
    const parse = createSessionLockParser(logindSessionPath('2'));
    const lock = (session: string) => `signal time=1.0 sender=:1.3 -> destination=(null destination) serial=9 path=/org/freedesktop/login1/session/${session}; interface=org.freedesktop.login1.Session; member=Lock\n`;
    expect(parse(lock('_37') + lock('_32'))).toEqual(['locked']);
    // dbus-monitor's own NameAcquired and other members are ignored.
    expect(parse('signal time=1 sender=org.freedesktop.DBus -> destination=:1.9 serial=2 path=/org/freedesktop/DBus; interface=org.freedesktop.DBus; member=NameAcquired\n   string ":1.9"\n')).toEqual([]);
  });
});

describe('Linux tray', () => {
  const facts = (statusNotifierWatcher: boolean | null, desktop = 'GNOME', sessionType = 'x11') => ({ statusNotifierWatcher, desktop, sessionType });

  it('is shown with a StatusNotifierWatcher; not on GNOME without one, nor on Wayland; unknown counts as not shown', () => {
    expect(trayIsShown('linux', facts(true, 'GNOME', 'wayland'))).toBe(true);
    expect(trayIsShown('linux', facts(false, 'ubuntu:GNOME'))).toBe(false);
    expect(trayIsShown('linux', facts(false, 'KDE', 'wayland'))).toBe(false);
    expect(trayIsShown('linux', facts(false, 'XFCE', 'x11'))).toBe(true);
    expect(trayIsShown('linux', facts(null, 'XFCE', 'x11'))).toBe(false);
    expect(trayIsShown('win32', facts(null))).toBe(true);
  });

  it('closing: hide to a shown tray; otherwise quit by default, minimize when asked to keep running; macOS closes', () => {
    expect(closeAction(null, 'linux', true)).toBe('hide');
    expect(closeAction(null, 'linux', false)).toBe('close');
    expect(closeAction(true, 'linux', false)).toBe('minimize');
    expect(closeAction(false, 'win32', true)).toBe('close');
    expect(closeAction(null, 'darwin', true)).toBe('close');
    expect(keepsRunningInTray(true, 'linux', false)).toBe(false);
  });
});

describe('clipboard clears that may not take (Wayland)', () => {
  const TOKEN = 'secret-token-value';
  function setup(options: { readBack?: boolean; reliable?: () => boolean }) {
    const clock = new FakeClock();
    const system = { text: '', cache: '', dropClears: true };
    const told: number[] = [];
    const guard = createClipboardGuard({
      clipboard: {
        readText: () => system.cache,
        writeText: (text) => void (system.text = system.cache = text),
        clear: () => {
          system.cache = '';
          if (!system.dropClears) system.text = '';
        },
      },
      clock,
      clearAfterMs: () => 1_000,
      readBack: options.readBack ? async () => system.text : undefined,
      clearIsReliable: options.reliable,
      onMayRemain: () => told.push(clock.now()),
    });
    return { clock, system, told, guard };
  }

  it('reads back through the system: a dropped clear is caught, told once, retried on focus', async () => {
    const { clock, system, told, guard } = setup({ readBack: true });
    await guard.copy(TOKEN);
    await clock.advance(1_000);
    await flush();
    expect({ onClipboard: system.text, pending: guard.pending(), told: told.length }).toEqual({ onClipboard: TOKEN, pending: true, told: 1 });
    await guard.retryPending(); // still unfocused: dropped again, not told twice
    expect(told).toHaveLength(1);
    system.dropClears = false; // the window has the focus now
    expect(await guard.retryPending()).toBe(true);
    expect({ onClipboard: system.text, pending: guard.pending() }).toEqual({ onClipboard: '', pending: false });
  });

  it('without a system reader, a clear from an unfocused window is unconfirmed and told', async () => {
    let focused = false;
    const { clock, system, told, guard } = setup({ reliable: () => focused });
    await guard.copy(TOKEN);
    await clock.advance(1_000);
    await flush();
    expect({ pending: guard.pending(), told: told.length }).toEqual({ pending: true, told: 1 });
    focused = true;
    system.dropClears = false;
    system.cache = system.text; // focused, Electron reads the real clipboard again
    expect(await guard.retryPending()).toBe(true);
    expect(system.text).toBe('');
  });

  it('a reliable clear (X11, Windows, macOS) is not reported', async () => {
    const { clock, system, told, guard } = setup({});
    system.dropClears = false;
    await guard.copy(TOKEN);
    await clock.advance(1_000);
    await flush();
    expect({ onClipboard: system.text, pending: guard.pending(), told: told.length }).toEqual({ onClipboard: '', pending: false, told: 0 });
  });
});

describe('reading the clipboard back through the system (wl-paste)', () => {
  const wayland = { XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0' };

  async function withWlPaste(body: string, run: (env: NodeJS.ProcessEnv) => Promise<void>): Promise<void> {
    const bin = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-wl-paste-'));
    await writeFile(path.join(bin, 'wl-paste'), `#!/bin/sh\n${body}\n`);
    await chmod(path.join(bin, 'wl-paste'), 0o755);
    try {
      await run({ ...process.env, ...wayland, PATH: `${bin}:${process.env.PATH}` });
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  }

  it('reads what the compositor holds; an empty clipboard is empty; no reader off Wayland', async () => {
    await withWlPaste('printf "%s" "still-the-token"', async (env) => {
      expect(await createSystemClipboardReader('linux', env)!()).toBe('still-the-token');
    });
    await withWlPaste('echo "Nothing is copied" >&2; exit 1', async (env) => {
      expect(await createSystemClipboardReader('linux', env)!()).toBe('');
    });
    expect(createSystemClipboardReader('linux', { XDG_SESSION_TYPE: 'x11' })).toBeUndefined();
    expect(createSystemClipboardReader('win32', wayland)).toBeUndefined();
  });

  it('without wl-clipboard installed it cannot tell (null), so the clear stays unconfirmed', async () => {
    const reader = createSystemClipboardReader('linux', { ...wayland, PATH: '/nonexistent' });
    expect(await reader!()).toBeNull();
  });
});
