// The stand-in's BrowserWindow and its webContents (see electron.ts).
import { EventEmitter } from 'node:events';
import { app } from './app';
import type { Assert, Conforms, Unknown } from './conforms';
import { preventable, signals, state } from './state';

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}
export class FakeWebContents extends EventEmitter {
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
    signals.windowCreated(this);
  }
  /** As the user clicking the close button: 'close' may be prevented; else destroyed, 'closed'. */
  close(): void {
    if (this.destroyed) return;
    const event = preventable();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
    if (!app.quitting && state.windows.every((w) => w.destroyed)) app.emit('window-all-closed', preventable());
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** As Electron: closed without 'close' (nothing can hold it); app.exit destroys every window this way. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.shown = false;
    this.hasFocus = false;
    this.webContents.destroyed = true;
    this.emit('closed');
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
