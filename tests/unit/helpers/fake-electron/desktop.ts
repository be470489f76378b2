// The stand-in's clipboard, keyring, images, tray, notifications and power monitor (see electron.ts).
import { Buffer } from 'node:buffer';
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import process from 'node:process';
import type { Assert, Conforms, Unknown } from './conforms';
import { focused, preventable, setSystemClipboard, state, waylandClipboard } from './state';

/** Electron 45 deprecates the synchronous safeStorage calls (46 removes them): the stand-in fails loudly on them. */
const removedSyncCall = (name: string) => (): never => {
  throw new Error(`safeStorage.${name} is deprecated in Electron 45 and removed in 46; use the Async call`);
};
/**
 * Ciphertexts carry Chromium's tags: `v11` for the Secret Service key on Linux, `v10` for DPAPI and the
 * Keychain, and `v10` for the fixed key Linux falls back to without a keyring (FAKE_ELECTRON_KEYRING_FALLBACK=1).
 * On Windows the key lives in `Local State` under userData (DPAPI-wrapped), so another userData means
 * another key: a ciphertext made under one does not open under the other.
 */
function keyringKey(): string {
  if (process.platform === 'linux') return process.env.FAKE_ELECTRON_KEYRING_FALLBACK === '1' ? 'v10:fixed' : 'v11:keyring';
  return process.platform === 'win32' ? `v10:${state.app.getPath('userData')}` : 'v10:keychain';
}
export const safeStorage = {
  isAsyncEncryptionAvailable: (): Promise<boolean> => Promise.resolve(true),
  getSelectedStorageBackend: (): ReturnType<Electron.SafeStorage['getSelectedStorageBackend']> =>
    (process.env.FAKE_ELECTRON_KEYRING ?? 'gnome_libsecret') as ReturnType<Electron.SafeStorage['getSelectedStorageBackend']>,
  encryptStringAsync: (plain: string): Promise<Buffer> => Promise.resolve(Buffer.from(`${keyringKey()}\n${plain}`)),
  decryptStringAsync: (cipher: Buffer): Promise<Electron.DecryptStringAsyncReturnValue> => {
    const [key, plain] = cipher.toString().split('\n');
    if (key !== keyringKey() || plain === undefined) return Promise.reject(new Error('Error while decrypting the ciphertext provided to safeStorage.decryptStringAsync.'));
    return Promise.resolve({ result: plain, shouldReEncrypt: false });
  },
  isEncryptionAvailable: removedSyncCall('isEncryptionAvailable'),
  encryptString: removedSyncCall('encryptString'),
  decryptString: removedSyncCall('decryptString'),
};
type _SafeStorage = Assert<typeof safeStorage extends Conforms<typeof safeStorage, Electron.SafeStorage> ? true : false>;

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

export class FakePowerMonitor extends EventEmitter {
  getSystemIdleTime(): number {
    return state.systemIdleSec;
  }
}
type _PowerMonitor = Assert<FakePowerMonitor extends Conforms<FakePowerMonitor, Electron.PowerMonitor> ? true : false>;
export const powerMonitor = new FakePowerMonitor();
state.powerMonitor = powerMonitor;
