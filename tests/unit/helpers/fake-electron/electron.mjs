// A stand-in for the Electron main-process API, just deep enough to boot electron/main/index.ts in
// plain Node (the Electron binary cannot run here). It records what main asked for in
// globalThis.__fakeElectron so a driver script can inspect it and act like the OS and the page.
import { Buffer } from 'node:buffer';
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import process from 'node:process';

let windowCreated;
let quitDone;
const state = {
  log: [],
  schemes: null,
  protocolHandlers: new Map(),
  handlers: new Map(),
  windows: [],
  sent: [],
  opened: [],
  menu: null,
  trays: [],
  notifications: [],
  clipboardText: '',
  windowCreated: new Promise((resolve) => (windowCreated = resolve)),
  quitDone: new Promise((resolve) => (quitDone = resolve)),
};
globalThis.__fakeElectron = state;

class FakeApp extends EventEmitter {
  isPackaged = false;
  quitting = false;
  paths = { userData: '/nonexistent/default-user-data' };
  requestSingleInstanceLock() {
    state.log.push('requestSingleInstanceLock');
    return process.env.FAKE_ELECTRON_LOCK !== 'taken';
  }
  whenReady() {
    state.log.push('whenReady');
    return Promise.resolve();
  }
  getPath(name) {
    return this.paths[name];
  }
  setPath(name, value) {
    this.paths[name] = value;
  }
  getVersion() {
    return '0.1.0';
  }
  getPreferredSystemLanguages() {
    return ['zh-CN'];
  }
  getSystemLocale() {
    return 'zh-CN';
  }
  getLocale() {
    return 'en-US';
  }
  // As Electron: before-quit (preventable), then every window is closed; a window that refuses to close
  // (its 'close' prevented) cancels the quit. No window-all-closed while quitting.
  quit() {
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
    quitDone();
  }
  exit(code) {
    state.log.push(`exit ${code}`);
    quitDone();
  }
}
function preventable() {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

state.app = new FakeApp();
export const app = state.app;

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    state.log.push('registerSchemesAsPrivileged');
    state.schemes = schemes;
  },
  handle(scheme, handler) {
    state.log.push(`protocol.handle ${scheme}`);
    state.protocolHandlers.set(scheme, handler);
  },
};

const defaultSession = {
  setPermissionRequestHandler(handler) {
    this.permissionRequest = handler;
  },
  setPermissionCheckHandler(handler) {
    this.permissionCheck = handler;
  },
  setDevicePermissionHandler(handler) {
    this.devicePermission = handler;
  },
  webRequest: {
    onBeforeRequest(filter, handler) {
      defaultSession.beforeRequest = handler;
    },
  },
};
state.session = defaultSession;
export const session = { defaultSession };

export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => process.env.FAKE_ELECTRON_KEYRING ?? 'gnome_libsecret',
  encryptString: (plain) => Buffer.from(`kr:${plain}`),
  decryptString: (cipher) => cipher.toString().slice(3),
};

export const clipboard = {
  readText: async () => state.clipboardText,
  writeText: async (text) => {
    state.clipboardText = text;
  },
  write: async (items) => {
    state.clipboardText = items[0].items['text/plain'];
  },
  clear: () => {
    state.clipboardText = '';
  },
};

export class ClipboardItem {
  constructor(items) {
    this.items = items;
  }
}

export const dialog = {
  showErrorBox(title, message) {
    state.log.push(`showErrorBox ${title}: ${message}`);
  },
};

/** Menu.buildFromTemplate keeps the template: tests read labels and call `click`. */
export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu: (menu) => {
    state.menu = menu.template.map((item) => item.role ?? item.label);
  },
};

export const shell = {
  openExternal: async (url) => {
    state.opened.push(url);
  },
  openPath: async (folder) => {
    state.opened.push(folder);
    return '';
  },
};

class FakeWebContents extends EventEmitter {
  constructor() {
    super();
    this.mainFrame = { url: '', parent: null };
    this.windowOpenHandler = null;
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  send(channel, payload) {
    state.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed === true;
  }
}
state.FakeWebContents = FakeWebContents;

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents();
    this.focused = 0;
    this.destroyed = false;
    state.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
    app.emit('browser-window-created', {}, this);
    windowCreated(this);
  }
  /** As the user clicking the close button: 'close' may be prevented; else destroyed, 'closed'. */
  close() {
    if (this.destroyed) return;
    const event = preventable();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.shown = false;
    this.webContents.destroyed = true;
    this.emit('closed');
    if (!app.quitting && state.windows.every((w) => w.destroyed)) app.emit('window-all-closed', preventable());
  }
  isDestroyed() {
    return this.destroyed;
  }
  hide() {
    this.shown = false;
  }
  isVisible() {
    return this.shown === true;
  }
  async loadURL(url) {
    this.url = url;
    this.webContents.mainFrame.url = url;
    this.emit('ready-to-show');
  }
  isMinimized() {
    return false;
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized === true;
  }
  getNormalBounds() {
    const { x = 10, y = 10, width, height } = this.options;
    return { x, y, width, height };
  }
  restore() {}
  show() {
    this.shown = true;
  }
  focus() {
    this.focused += 1;
  }
}

/** One 1920×1080 display. */
export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
};

export const ipcMain = {
  /** electron-store answers its renderer helper on this channel; TokenDesk's page cannot send it. */
  on(channel) {
    state.libraryChannels = [...(state.libraryChannels ?? []), channel];
  },
  handle(channel, handler) {
    state.handlers.set(channel, handler);
  },
  removeHandler(channel) {
    state.handlers.delete(channel);
  },
};

/** An image that remembers where it came from; a path that does not exist gives an empty one, as in Electron. */
class FakeNativeImage {
  constructor(source, width, empty = false) {
    this.source = source;
    this.width = width;
    this.empty = empty;
  }
  isEmpty() {
    return this.empty;
  }
  getSize() {
    return { width: this.width, height: this.width };
  }
  resize({ width }) {
    return new FakeNativeImage(this.source, width, this.empty);
  }
}

export const nativeImage = {
  createFromPath(file) {
    if (!existsSync(file)) return new FakeNativeImage(file, 0, true);
    return new FakeNativeImage(file, readFileSync(file).readUInt32BE(16));
  },
  createFromDataURL: () => new FakeNativeImage('data-url', 32),
};

export class Tray extends EventEmitter {
  constructor(image) {
    super();
    this.image = { source: image.source, width: image.width };
    this.menu = null;
    this.tooltip = '';
    this.destroyed = false;
    state.trays.push(this);
  }
  setContextMenu(menu) {
    this.menu = menu.template;
  }
  setToolTip(text) {
    this.tooltip = text;
  }
  destroy() {
    this.destroyed = true;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    state.notifications.push(this);
  }
}

class FakePowerMonitor extends EventEmitter {
  getSystemIdleTime() {
    return 0;
  }
}
export const powerMonitor = new FakePowerMonitor();
state.powerMonitor = powerMonitor;

export default {
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
