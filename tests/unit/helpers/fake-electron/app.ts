// The stand-in's app, session, protocol, menus, dialogs, shell, IPC and screen (see electron.ts).
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import process from 'node:process';
import type { Assert, Conforms, Unknown } from './conforms';
import { preventable, signals, state, type Listener } from './state';

export class FakeApp extends EventEmitter {
  isPackaged = false;
  quitting = false;
  paths: Record<string, string> = { userData: '/nonexistent/default-user-data' };
  requestSingleInstanceLock(): boolean {
    state.log.push('requestSingleInstanceLock');
    return process.env.FAKE_ELECTRON_LOCK !== 'taken';
  }
  whenReady(): Promise<void> {
    state.log.push('whenReady');
    return Promise.resolve();
  }
  getPath(name: string): string {
    return this.paths[name] ?? '';
  }
  /** As Electron: a folder that does not exist is refused. */
  setPath(name: string, value: string): void {
    if (!existsSync(value)) throw new Error(`Failed to set path: ${value} does not exist`);
    state.log.push(`setPath ${name}`);
    this.paths[name] = value;
  }
  setAppUserModelId(id: string): void {
    state.log.push('setAppUserModelId');
    state.appUserModelId = id;
  }
  getVersion(): string {
    return '0.1.0';
  }
  // The OS's language: FAKE_ELECTRON_LOCALE (e.g. en-US), else a Chinese system whose app locale is English.
  getPreferredSystemLanguages(): string[] {
    return [process.env.FAKE_ELECTRON_LOCALE ?? 'zh-CN'];
  }
  getSystemLocale(): string {
    return process.env.FAKE_ELECTRON_LOCALE ?? 'zh-CN';
  }
  getLocale(): string {
    return process.env.FAKE_ELECTRON_LOCALE ?? 'en-US';
  }
  // As Electron: before-quit (preventable), then every window is closed; a window that refuses to close
  // (its 'close' prevented) cancels the quit. No window-all-closed while quitting. Then will-quit and quit.
  quit(): void {
    this.quitNow();
  }
  /** quit(), telling whether the app really quits (false when before-quit or a window held it). */
  quitNow(): boolean {
    state.log.push('quit');
    const event = preventable();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return false;
    this.quitting = true;
    for (const window of state.windows.filter((w) => !w.destroyed)) window.close();
    this.quitting = false;
    if (state.windows.some((w) => !w.destroyed)) {
      state.log.push('quit cancelled by a window');
      return false;
    }
    this.emit('will-quit', preventable());
    this.emit('quit', preventable(), 0);
    signals.quitDone();
    return true;
  }
  // As Electron's Browser::ExitWithCode: no before-quit; windows destroyed without 'close'; then 'quit'.
  // The status becomes the process's. With FAKE_ELECTRON_EXIT=immediate the process ends right here, as
  // Electron's does (output still queued for a pipe is lost); otherwise when the driver is done.
  exit(code?: number): void {
    state.log.push(`exit ${code}`);
    process.exitCode = code ?? 0;
    for (const window of state.windows.filter((w) => !w.destroyed)) window.destroy();
    this.emit('quit', preventable(), code ?? 0);
    signals.quitDone();
    if (process.env.FAKE_ELECTRON_EXIT === 'immediate') process.exit(code ?? 0);
  }
  setActivationPolicy(policy: 'regular' | 'accessory' | 'prohibited'): void {
    state.log.push(`setActivationPolicy ${policy}`);
  }
}
export const app = new FakeApp();

/**
 * Chromium's handling of SIGINT, SIGTERM and SIGHUP (electron_browser_main_parts_posix.cc): one graceful
 * Browser::Quit, after which the default action is back; the process ends with status 0 once the app has
 * quit. FAKE_ELECTRON_SIGNALS=chromium: as in Electron, where Node's libuv installs its own sigaction over
 * Chromium's once a JS listener exists, so Chromium no longer sees the signal. `chromium-always`: a build
 * where Chromium would keep the signals and Node's listeners would never hear them; the test then plays
 * such a signal as SIGUSR2, which nothing else here listens to.
 */
function chromiumSignals(mode: string): void {
  const quit = (): void => {
    if (app.quitNow()) process.exit(0);
  };
  if (mode === 'chromium-always') {
    process.on('SIGUSR2', () => {
      state.log.push('chromium quit');
      quit();
    });
    return;
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = (): void => {
      if (process.listenerCount(signal) > 1) return;
      process.off(signal, handler);
      state.log.push(`chromium ${signal}`);
      quit();
    };
    process.on(signal, handler);
  }
}
if (process.env.FAKE_ELECTRON_SIGNALS) chromiumSignals(process.env.FAKE_ELECTRON_SIGNALS);
state.app = app;
type _App = Assert<FakeApp extends Conforms<FakeApp, Electron.App, 'quitting' | 'paths' | 'quitNow'> ? true : false>;

export const protocol = {
  registerSchemesAsPrivileged(schemes: Electron.CustomScheme[]): void {
    state.log.push('registerSchemesAsPrivileged');
    state.schemes = schemes;
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void {
    state.log.push(`protocol.handle ${scheme}`);
    state.protocolHandlers.set(scheme, handler);
  },
};
type _Protocol = Assert<typeof protocol extends Conforms<typeof protocol, Electron.Protocol> ? true : false>;

type PermissionCheck = (...args: unknown[]) => boolean;
export class FakeSession {
  permissionCheck: PermissionCheck = () => true;
  permissionRequest: Listener = () => undefined;
  devicePermission: Listener = () => undefined;
  beforeRequest: Listener = () => undefined;
  setPermissionRequestHandler(handler: Listener): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheck): void {
    this.permissionCheck = handler;
  }
  setDevicePermissionHandler(handler: Listener): void {
    this.devicePermission = handler;
  }
  webRequest = {
    onBeforeRequest: (_filter: unknown, handler: Listener): void => {
      this.beforeRequest = handler;
    },
  };
  /** What the OS proxy settings answer, in Chromium's PAC form ("DIRECT", "PROXY host:port; DIRECT"...). */
  proxyAnswer = process.env.FAKE_ELECTRON_PROXY ?? 'DIRECT';
  /** The URLs resolveProxy was asked about. */
  proxyQuestions: string[] = [];
  // As Electron: ResolveProxyHelper answers with net::ProxyInfo::ToPacString().
  async resolveProxy(url: string): Promise<string> {
    this.proxyQuestions.push(url);
    return this.proxyAnswer;
  }
}
type _Session = Assert<
  Unknown<FakeSession, Electron.Session> extends 'permissionCheck' | 'permissionRequest' | 'devicePermission' | 'beforeRequest' | 'proxyAnswer' | 'proxyQuestions' ? true : false
>;
const defaultSession = new FakeSession();
state.session = defaultSession;
export const session = { defaultSession: defaultSession as unknown as Electron.Session };
type _SessionStatic = Assert<Unknown<typeof session, typeof Electron.Session> extends never ? true : false>;

/** What a native file dialog was asked to show (the stand-in answers as if the person cancelled). */
function askedDialog(kind: 'save' | 'open', args: [Electron.BaseWindow, Electron.SaveDialogOptions | Electron.OpenDialogOptions] | [Electron.SaveDialogOptions | Electron.OpenDialogOptions]): void {
  const options = args.length === 2 ? args[1] : args[0];
  state.dialogs.push({ kind, attached: args.length === 2, title: options.title, buttonLabel: options.buttonLabel, filters: options.filters?.map((filter) => filter.name) ?? [] });
}

export const dialog = {
  showErrorBox(title: string, message: string): void {
    state.log.push(`showErrorBox ${title}: ${message}`);
  },
  async showSaveDialog(...args: [Electron.BaseWindow, Electron.SaveDialogOptions] | [Electron.SaveDialogOptions]): Promise<Electron.SaveDialogReturnValue> {
    askedDialog('save', args);
    return { canceled: true, filePath: '' };
  },
  async showOpenDialog(...args: [Electron.BaseWindow, Electron.OpenDialogOptions] | [Electron.OpenDialogOptions]): Promise<Electron.OpenDialogReturnValue> {
    askedDialog('open', args);
    return { canceled: true, filePaths: [] };
  },
};
type _Dialog = Assert<typeof dialog extends Conforms<typeof dialog, Electron.Dialog> ? true : false>;

/** Menu.buildFromTemplate keeps the template: tests read labels and call `click`. */
export const Menu = {
  buildFromTemplate: (template: Electron.MenuItemConstructorOptions[]): Electron.Menu => ({ template }) as unknown as Electron.Menu,
  setApplicationMenu: (menu: Electron.Menu | null): void => {
    state.menuTemplate = (menu as unknown as { template: Electron.MenuItemConstructorOptions[] }).template;
    state.menu = state.menuTemplate.map((item) => item.role ?? item.label);
  },
};
type _Menu = Assert<typeof Menu extends Conforms<typeof Menu, typeof Electron.Menu> ? true : false>;

export const shell = {
  openExternal: async (url: string): Promise<void> => {
    state.opened.push(url);
  },
  openPath: async (folder: string): Promise<string> => {
    state.opened.push(folder);
    return '';
  },
};
type _Shell = Assert<typeof shell extends Conforms<typeof shell, Electron.Shell> ? true : false>;

/** One 1920×1080 display. */
export const screen = {
  getAllDisplays: (): Electron.Display[] => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } } as Electron.Display],
};
type _Screen = Assert<typeof screen extends Conforms<typeof screen, Electron.Screen> ? true : false>;

export const ipcMain = {
  /** electron-store answers its renderer helper on this channel; TokenDesk's page cannot send it. */
  on(channel: string): Electron.IpcMain {
    state.libraryChannels.push(channel);
    return ipcMain as unknown as Electron.IpcMain;
  },
  handle(channel: string, handler: Listener): void {
    state.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    state.handlers.delete(channel);
  },
};
type _IpcMain = Assert<Unknown<typeof ipcMain, Electron.IpcMain> extends never ? true : false>;
