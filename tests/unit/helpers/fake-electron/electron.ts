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
import type * as ElectronModule from 'electron';
import * as appApi from './app';
import type { Assert, Unknown } from './conforms';
import * as desktopApi from './desktop';
import { BrowserWindow } from './window';

export { app, dialog, ipcMain, Menu, protocol, screen, session, shell } from './app';
export { clipboard, ClipboardItem, nativeImage, Notification, powerMonitor, safeStorage, Tray } from './desktop';
export { state } from './state';
export { BrowserWindow } from './window';

const { app, dialog, ipcMain, Menu, protocol, screen, session, shell } = appApi;
const { clipboard, ClipboardItem, nativeImage, Notification, powerMonitor, safeStorage, Tray } = desktopApi;
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
