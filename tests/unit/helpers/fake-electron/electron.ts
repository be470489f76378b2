// A stand-in for the Electron main-process API, just deep enough to boot electron/main/index.ts in plain
// Node (the Electron binary cannot run here). It records what main asked for in globalThis.__fakeElectron
// so a driver script can inspect it and act like the OS and the page. Every export is checked against
// Electron 45's typings (conforms.ts): a member the real API lacks, or a wrong signature, fails `tsc -b`.
//
// Behaviours copied from Electron's docs, because main depends on them:
// - app.setPath throws for a folder that does not exist;
// - BrowserWindow.maximize() shows a hidden window (docs: "This will also show (but not focus) the window");
// - Notification emits `failed` (macOS/Windows) when the OS refuses it, `close` when it goes away;
// - powerMonitor.getSystemIdleTime() is a number of seconds (0 where the system cannot tell);
// - on Wayland a clear() from an unfocused window may be dropped while readText() answers from a cache.
import { Buffer } from 'node:buffer';
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import type * as ElectronModule from 'electron';
import type { Assert, Conforms, Unknown } from './conforms';

type Listener = (...args: unknown[]) => unknown;
interface Preventable {
  defaultPrevented: boolean;
  preventDefault(): void;
}
function preventable<T extends object>(extra?: T): Preventable & T {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
    ...(extra ?? ({} as T)),
  };
}

let resolveWindow: (window: BrowserWindow) => void = () => {};
let resolveQuit: () => void = () => {};
/** What the stand-in records; drivers read it through fake-state.ts. */
export const state = {
  log: [] as string[],
  schemes: null as unknown,
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  handlers: new Map<string, Listener>(),
  windows: [] as BrowserWindow[],
  sent: [] as Array<[string, unknown]>,
  opened: [] as string[],
  menu: null as unknown,
  trays: [] as Tray[],
  notifications: [] as Notification[],
  /** What Electron's clipboard API answers (on Wayland possibly a stale cache of the system's). */
  clipboardText: '',
  /** What really is on the system clipboard. */
  systemClipboard: '',
  appUserModelId: null as string | null,
  /** Seconds powerMonitor reports as system idle time. */
  systemIdleSec: 0,
  libraryChannels: [] as string[],
  windowCreated: new Promise<BrowserWindow>((resolve) => (resolveWindow = resolve)),
  quitDone: new Promise<void>((resolve) => (resolveQuit = resolve)),
  app: undefined as unknown as FakeApp,
  session: undefined as unknown as FakeSession,
  powerMonitor: undefined as unknown as FakePowerMonitor,
  FakeWebContents: undefined as unknown as typeof FakeWebContents,
};
(globalThis as unknown as { __fakeElectron: typeof state }).__fakeElectron = state;

/** FAKE_ELECTRON_CLIPBOARD=wayland: clears from an unfocused window are dropped, reads come from a cache. */
const waylandClipboard = process.env.FAKE_ELECTRON_CLIPBOARD === 'wayland';
/** Where the system clipboard is mirrored, for a stub `wl-paste` in PATH to print it. */
const systemClipboardFile = process.env.FAKE_ELECTRON_SYSTEM_CLIPBOARD_FILE;
function setSystemClipboard(text: string): void {
  state.systemClipboard = text;
  if (systemClipboardFile) writeFileSync(systemClipboardFile, text);
}

class FakeApp extends EventEmitter {
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
  getPreferredSystemLanguages(): string[] {
    return ['zh-CN'];
  }
  getSystemLocale(): string {
    return 'zh-CN';
  }
  getLocale(): string {
    return 'en-US';
  }
  // As Electron: before-quit (preventable), then every window is closed; a window that refuses to close
  // (its 'close' prevented) cancels the quit. No window-all-closed while quitting.
  quit(): void {
    state.log.push('quit');
    const event = preventable();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.quitting = true;
    for (const window of state.windows.filter((w) => !w.destroyed)) window.close();
    this.quitting = false;
    if (state.windows.some((w) => !w.destroyed)) {
      state.log.push('quit cancelled by a window');
      return;
    }
    this.emit('will-quit', preventable());
    resolveQuit();
  }
  exit(code?: number): void {
    state.log.push(`exit ${code}`);
    resolveQuit();
  }
}
export const app = new FakeApp();
state.app = app;
type _App = Assert<FakeApp extends Conforms<FakeApp, Electron.App, 'quitting' | 'paths'> ? true : false>;

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
class FakeSession {
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
}
type _Session = Assert<Unknown<FakeSession, Electron.Session> extends 'permissionCheck' | 'permissionRequest' | 'devicePermission' | 'beforeRequest' ? true : false>;
const defaultSession = new FakeSession();
state.session = defaultSession;
export const session = { defaultSession: defaultSession as unknown as Electron.Session };
type _SessionStatic = Assert<Unknown<typeof session, typeof Electron.Session> extends never ? true : false>;

export const safeStorage = {
  isEncryptionAvailable: (): boolean => true,
  getSelectedStorageBackend: (): ReturnType<Electron.SafeStorage['getSelectedStorageBackend']> =>
    (process.env.FAKE_ELECTRON_KEYRING ?? 'gnome_libsecret') as ReturnType<Electron.SafeStorage['getSelectedStorageBackend']>,
  encryptString: (plain: string): Buffer => Buffer.from(`kr:${plain}`),
  decryptString: (cipher: Buffer): string => cipher.toString().slice(3),
};
type _SafeStorage = Assert<typeof safeStorage extends Conforms<typeof safeStorage, Electron.SafeStorage> ? true : false>;

/** Whether some TokenDesk window has the focus (Wayland only honours clipboard changes from it). */
const focused = (): boolean => state.windows.some((window) => !window.destroyed && window.hasFocus);

export const clipboard = {
  // On Wayland an unfocused client reads Electron's cache; a focused one reads what really is there.
  readText: async (): Promise<string> => (waylandClipboard && !focused() ? state.clipboardText : state.systemClipboard),
  writeText: async (text: string): Promise<void> => {
    state.clipboardText = text;
    setSystemClipboard(text);
  },
  write: async (items: Electron.ClipboardItem[]): Promise<void> => {
    const text = (items[0] as unknown as ClipboardItem).fakeItems['text/plain'];
    state.clipboardText = typeof text === 'string' ? text : '';
    setSystemClipboard(state.clipboardText);
  },
  clear: (): void => {
    state.clipboardText = '';
    if (waylandClipboard && !focused()) {
      state.log.push('clipboard clear dropped (unfocused on Wayland)');
      return;
    }
    setSystemClipboard('');
  },
};
type _Clipboard = Assert<typeof clipboard extends Conforms<typeof clipboard, Electron.Clipboard> ? true : false>;

export class ClipboardItem {
  readonly types: string[];
  constructor(readonly fakeItems: Record<string, string | Blob>) {
    this.types = Object.keys(fakeItems);
  }
}
type _ClipboardItem = Assert<ClipboardItem extends Conforms<ClipboardItem, Electron.ClipboardItem, 'fakeItems'> ? true : false>;

export const dialog = {
  showErrorBox(title: string, message: string): void {
    state.log.push(`showErrorBox ${title}: ${message}`);
  },
};
type _Dialog = Assert<typeof dialog extends Conforms<typeof dialog, Electron.Dialog> ? true : false>;

/** Menu.buildFromTemplate keeps the template: tests read labels and call `click`. */
export const Menu = {
  buildFromTemplate: (template: Electron.MenuItemConstructorOptions[]): Electron.Menu => ({ template }) as unknown as Electron.Menu,
  setApplicationMenu: (menu: Electron.Menu | null): void => {
    state.menu = (menu as unknown as { template: Array<{ role?: string; label?: string }> }).template.map((item) => item.role ?? item.label);
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

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}
class FakeWebContents extends EventEmitter {
  mainFrame: FakeFrame = { url: '', parent: null };
  windowOpenHandler: ((details: Electron.HandlerDetails) => Electron.WindowOpenHandlerResponse) | null = null;
  destroyed = false;
  setWindowOpenHandler(handler: (details: Electron.HandlerDetails) => Electron.WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    state.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}
type _WebContents = Assert<FakeWebContents extends Conforms<FakeWebContents, Electron.WebContents, 'windowOpenHandler' | 'destroyed' | 'mainFrame'> ? true : false>;
state.FakeWebContents = FakeWebContents;

type Bounds = { x: number; y: number; width: number; height: number };
export class BrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  url = '';
  shown = false;
  /** Shown before the page had painted (the white flash `show: false` is meant to avoid). */
  shownEarly = false;
  maximized = false;
  minimized = false;
  hasFocus = false;
  focused = 0;
  destroyed = false;
  readyToShow = false;
  static getFocusedWindow(): BrowserWindow | null {
    return state.windows.find((window) => !window.destroyed && window.hasFocus) ?? null;
  }
  constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
    super();
    state.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
    app.emit('browser-window-created', {}, this);
    resolveWindow(this);
  }
  /** As the user clicking the close button: 'close' may be prevented; else destroyed, 'closed'. */
  close(): void {
    if (this.destroyed) return;
    const event = preventable();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.shown = false;
    this.hasFocus = false;
    this.webContents.destroyed = true;
    this.emit('closed');
    if (!app.quitting && state.windows.every((w) => w.destroyed)) app.emit('window-all-closed', preventable());
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  hide(): void {
    this.shown = false;
    this.blurred();
  }
  isVisible(): boolean {
    return this.shown;
  }
  async loadURL(url: string): Promise<void> {
    this.url = url;
    this.webContents.mainFrame.url = url;
    // The page paints a moment later.
    await Promise.resolve();
    if (this.destroyed) return;
    this.readyToShow = true;
    this.emit('ready-to-show');
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  minimize(): void {
    this.minimized = true;
    this.blurred();
  }
  maximize(): void {
    this.maximized = true;
    if (!this.shown) this.showNow();
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds(): Bounds {
    const { x = 10, y = 10, width = 800, height = 600 } = this.options;
    return { x, y, width, height };
  }
  restore(): void {
    this.minimized = false;
  }
  show(): void {
    this.showNow();
  }
  focus(): void {
    this.focused += 1;
    if (!this.hasFocus) {
      this.hasFocus = true;
      this.emit('focus');
      app.emit('browser-window-focus', {}, this);
    }
  }
  isFocused(): boolean {
    return this.hasFocus;
  }
  private showNow(): void {
    if (!this.readyToShow) this.shownEarly = true;
    this.shown = true;
  }
  private blurred(): void {
    if (!this.hasFocus) return;
    this.hasFocus = false;
    this.emit('blur');
    app.emit('browser-window-blur', {}, this);
  }
}
type _BrowserWindowStatic = Assert<Unknown<typeof BrowserWindow, typeof Electron.BrowserWindow> extends 'prototype' ? true : false>;
type _BrowserWindow = Assert<
  BrowserWindow extends Conforms<BrowserWindow, Electron.BrowserWindow, 'url' | 'shown' | 'shownEarly' | 'maximized' | 'minimized' | 'hasFocus' | 'focused' | 'destroyed' | 'readyToShow' | 'options'>
    ? true
    : false
>;

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

/** An image that remembers where it came from; a path that does not exist gives an empty one, as in Electron. */
class FakeNativeImage {
  private template = false;
  constructor(
    readonly source: string,
    readonly width: number,
    readonly empty = false,
  ) {}
  isEmpty(): boolean {
    return this.empty;
  }
  getSize(): Electron.Size {
    return { width: this.width, height: this.width };
  }
  resize({ width }: Electron.ResizeOptions): Electron.NativeImage {
    return new FakeNativeImage(this.source, width ?? this.width, this.empty) as unknown as Electron.NativeImage;
  }
  setTemplateImage(option: boolean): void {
    this.template = option;
  }
  isTemplateImage(): boolean {
    // As Electron on macOS: a file named *Template.png is a template image.
    return this.template || /Template(@\dx)?\.png$/.test(this.source);
  }
}
type _NativeImage = Assert<FakeNativeImage extends Conforms<FakeNativeImage, Electron.NativeImage, 'source' | 'width' | 'empty'> ? true : false>;

export const nativeImage = {
  createFromPath(file: string): Electron.NativeImage {
    const image = existsSync(file) ? new FakeNativeImage(file, readFileSync(file).readUInt32BE(16)) : new FakeNativeImage(file, 0, true);
    return image as unknown as Electron.NativeImage;
  },
  createFromDataURL: (): Electron.NativeImage => new FakeNativeImage('data-url', 32) as unknown as Electron.NativeImage,
};
type _NativeImageStatic = Assert<typeof nativeImage extends Conforms<typeof nativeImage, typeof Electron.NativeImage> ? true : false>;

export class Tray extends EventEmitter {
  readonly image: { source: string; width: number; template: boolean };
  menu: unknown = null;
  tooltip = '';
  destroyed = false;
  constructor(image: Electron.NativeImage) {
    super();
    const fake = image as unknown as FakeNativeImage;
    this.image = { source: fake.source, width: fake.width, template: fake.isTemplateImage() };
    state.trays.push(this);
  }
  setContextMenu(menu: Electron.Menu | null): void {
    this.menu = (menu as unknown as { template: unknown } | null)?.template ?? null;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}
type _Tray = Assert<Tray extends Conforms<Tray, Electron.Tray, 'image' | 'menu' | 'tooltip' | 'destroyed'> ? true : false>;

/** FAKE_ELECTRON_NOTIFICATION=fail: the OS refuses every notification (an unsigned macOS build). */
const notificationsFail = process.env.FAKE_ELECTRON_NOTIFICATION === 'fail';
export class Notification extends EventEmitter {
  static isSupported(): boolean {
    return true;
  }
  constructor(readonly options: Electron.NotificationConstructorOptions) {
    super();
  }
  show(): void {
    state.notifications.push(this);
    if (notificationsFail) setImmediate(() => this.emit('failed', preventable(), 'Notifications are not allowed for this application'));
    else setImmediate(() => this.emit('show', preventable()));
  }
  close(): void {
    this.emit('close', preventable({ reason: 'unknown' }));
  }
}
type _Notification = Assert<Notification extends Conforms<Notification, Electron.Notification, 'options'> ? true : false>;
type _NotificationStatic = Assert<Unknown<typeof Notification, typeof Electron.Notification> extends 'prototype' ? true : false>;

class FakePowerMonitor extends EventEmitter {
  getSystemIdleTime(): number {
    return state.systemIdleSec;
  }
}
type _PowerMonitor = Assert<FakePowerMonitor extends Conforms<FakePowerMonitor, Electron.PowerMonitor> ? true : false>;
export const powerMonitor = new FakePowerMonitor();
state.powerMonitor = powerMonitor;

const all = {
  app,
  protocol,
  session,
  safeStorage,
  clipboard,
  ClipboardItem,
  dialog,
  Menu,
  shell,
  BrowserWindow,
  ipcMain,
  screen,
  nativeImage,
  Tray,
  Notification,
  powerMonitor,
};
// Every export is one of Electron's main-process modules.
type _Exports = Assert<Unknown<typeof all, typeof ElectronModule> extends never ? true : false>;
export default all;
