// A stand-in for the Electron main-process API, just deep enough to boot electron/main/index.ts in
// plain Node (the Electron binary cannot run here). It records what main asked for in
// globalThis.__fakeElectron so a driver script can inspect it and act like the OS and the page.
import { Buffer } from 'node:buffer';
import { EventEmitter } from 'node:events';
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
  clipboardText: '',
  windowCreated: new Promise((resolve) => (windowCreated = resolve)),
  quitDone: new Promise((resolve) => (quitDone = resolve)),
};
globalThis.__fakeElectron = state;

class FakeApp extends EventEmitter {
  isPackaged = false;
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
  quit() {
    state.log.push('quit');
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('before-quit', event);
    if (!event.defaultPrevented) quitDone();
  }
  exit(code) {
    state.log.push(`exit ${code}`);
    quitDone();
  }
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

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu: (menu) => {
    state.menu = menu.template.map((item) => item.role);
  },
};

export const shell = {
  openExternal: async (url) => {
    state.opened.push(url);
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
    return false;
  }
}
state.FakeWebContents = FakeWebContents;

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents();
    this.focused = 0;
    state.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
    windowCreated(this);
  }
  async loadURL(url) {
    this.url = url;
    this.webContents.mainFrame.url = url;
    this.emit('ready-to-show');
  }
  isMinimized() {
    return false;
  }
  restore() {}
  show() {
    this.shown = true;
  }
  focus() {
    this.focused += 1;
  }
}

export const ipcMain = {
  handle(channel, handler) {
    state.handlers.set(channel, handler);
  },
  removeHandler(channel) {
    state.handlers.delete(channel);
  },
};

export default { app, protocol, session, safeStorage, clipboard, ClipboardItem, dialog, Menu, shell, BrowserWindow, ipcMain };
