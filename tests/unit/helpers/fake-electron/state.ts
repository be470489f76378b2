// The record the Electron stand-in keeps in globalThis.__fakeElectron (drivers read it through
// fake-state.ts), and helpers the stand-in's modules share.
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import type { FakeApp, FakeSession } from './app';
import type { FakePowerMonitor, Notification, Tray } from './desktop';
import type { BrowserWindow, FakeWebContents } from './window';

/** A native file dialog as asked for: its words, and whether it was attached to a window. */
export interface FakeDialog {
  kind: 'save' | 'open';
  attached: boolean;
  title: string | undefined;
  buttonLabel: string | undefined;
  filters: string[];
}

export type Listener = (...args: unknown[]) => unknown;
export interface Preventable {
  defaultPrevented: boolean;
  preventDefault(): void;
}
export function preventable<T extends object>(extra?: T): Preventable & T {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
    ...(extra ?? ({} as T)),
  };
}

/** Called by the modules that create windows and quit. */
export const signals = {
  windowCreated: (_window: BrowserWindow): void => {},
  quitDone: (): void => {},
};
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
  /** The application menu's template as main last set it. */
  menuTemplate: [] as Electron.MenuItemConstructorOptions[],
  /** The native file dialogs main asked for. */
  dialogs: [] as FakeDialog[],
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
  windowCreated: new Promise<BrowserWindow>((resolve) => (signals.windowCreated = resolve)),
  quitDone: new Promise<void>((resolve) => (signals.quitDone = resolve)),
  app: undefined as unknown as FakeApp,
  session: undefined as unknown as FakeSession,
  powerMonitor: undefined as unknown as FakePowerMonitor,
  FakeWebContents: undefined as unknown as typeof FakeWebContents,
};
(globalThis as unknown as { __fakeElectron: typeof state }).__fakeElectron = state;

/** FAKE_ELECTRON_CLIPBOARD=wayland: clears from an unfocused window are dropped, reads come from a cache. */
export const waylandClipboard = process.env.FAKE_ELECTRON_CLIPBOARD === 'wayland';
/** Where the system clipboard is mirrored, for a stub `wl-paste` in PATH to print it. */
const systemClipboardFile = process.env.FAKE_ELECTRON_SYSTEM_CLIPBOARD_FILE;
export function setSystemClipboard(text: string): void {
  state.systemClipboard = text;
  if (systemClipboardFile) writeFileSync(systemClipboardFile, text);
}

/** Whether some TokenDesk window has the focus (Wayland only honours clipboard changes from it). */
export const focused = (): boolean => state.windows.some((window) => !window.destroyed && window.hasFocus);
