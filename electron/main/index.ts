import path from 'node:path';
import { app, BrowserWindow as ElectronWindow, clipboard, ClipboardItem, dialog, Menu, powerMonitor, safeStorage, screen, session, shell } from 'electron';
import type { BrowserWindow } from 'electron';
import { createClipboardGuard } from './policies/clipboard-guard';
import type { ClipboardGuard } from './policies/clipboard-guard';
import { keepsRunningInTray } from './policies/close-to-tray';
import { watchTrayPresence } from './tray-presence';
import { translator } from '../../shared/i18n';
import { errorHeadline } from '../../shared/i18n/errors';
import { createCoreSchedulerHost, createScheduler, openCore, secretBoxIsSecure, systemClock, toErrorInfo } from '../core';
import type { SecretBox, TokenDeskCore } from '../core';
import { APP_ENTRY_URL } from './app-origin';
import { createBundleChooser } from './bundle-dialog';
import { createElectronClipboard, createSystemClipboardReader, isWaylandSession } from './clipboard';
import { builtCliPath, commandLineArgs, loadBuiltCli, runCommandLine } from './command-line';
import { startDesktopLife } from './desktop-life';
import { createDispatcher, forwardEvents } from './ipc/dispatch';
import { createHandlers } from './ipc/handlers';
import type { AppInfo } from './ipc/handlers';
import { createWindowEmitter, registerIpc } from './ipc/register';
import { applicationMenuTemplate } from './menu';
import { registerAppScheme, serveAppProtocol } from './protocol';
import { createSafeStorageBox } from './safe-storage';
import { blockRemoteRequests, denyAllPermissions, hardenWebContents } from './security';
import { watchSessionEnd, type SessionEndWatch } from './session-end';
import { osLanguage, systemLocale, uiLanguage } from './language';
import { identifyApp, useDataDir } from './startup';
import { createMainWindow, focusWindow } from './window';
import { openWindowStateStore, type KeyValueFile, type KeyValueFileOptions, type WindowStateStore } from './window-state';

// The dev server is trusted only in an unpackaged checkout: a stray variable never widens production.
const devServerUrl = app.isPackaged ? undefined : process.env.VITE_DEV_SERVER_URL || undefined;
const preloadPath = path.join(import.meta.dirname, '../preload/index.cjs');
const rendererDir = path.join(import.meta.dirname, '../../dist/renderer');
// Packaged: copied beside app.asar (electron-builder extraResources); dev and tests: electron/resources/ in the checkout.
// macOS draws menu-bar icons from a template image (black + alpha, named *Template.png) tinted to the bar.
const trayIconName = process.platform === 'darwin' ? 'trayIconTemplate.png' : 'tray-icon.png';
const trayIcon = app.isPackaged ? path.join(process.resourcesPath, trayIconName) : path.join(import.meta.dirname, '../../electron/resources', trayIconName);
const openExternal = (url: string): Promise<void> => shell.openExternal(url);
/** How long quitting waits for auto-refreshes in flight; core.close() bounds its own wait as well. */
const QUIT_WAIT_MS = 5_000;

let mainWindow: BrowserWindow | null = null;
let windowState: WindowStateStore | null = null;
// Set once boot has finished: the app can then open windows and must flush on quit.
let shutdown: (() => Promise<void>) | null = null;
// Whether a closed window leaves TokenDesk running in the tray; known once core has read the settings.
let keepsInTray = (): boolean => false;

let sessionEnd: SessionEndWatch | null = null;
/** electron-store, loaded by boot: the window state file. */
let openKeyValueFile: ((options: KeyValueFileOptions) => KeyValueFile) | null = null;

// `TokenDesk --cli <args>` is the `tokendesk` command: decided before any lock, window or tray.
const cliArgs = commandLineArgs(process.argv);
if (cliArgs !== null) {
  void runCommandLine(cliArgs, {
    app,
    safeStorage,
    platform: process.platform,
    env: process.env,
    loadCli: loadBuiltCli(builtCliPath(import.meta.dirname)),
    reportError: (text) => void process.stderr.write(text),
    output: [process.stdout, process.stderr],
  });
} else {
  startApp();
}

function startApp(): void {
  identifyApp(app, process.platform);
  if (!useOwnDataDir()) {
    // Told in a dialog: nothing else can run without the data folder.
  } else if (app.requestSingleInstanceLock()) {
    registerAppScheme();
    app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { devServerUrl, openExternal }));
    app.on('second-instance', showWindow);
    app.on('before-quit', onBeforeQuit);
    // macOS apps stay in the Dock; elsewhere the last window closing quits unless the tray keeps the app.
    app.on('window-all-closed', () => process.platform !== 'darwin' && !keepsInTray() && app.quit());
    app.on('activate', showWindow);
    app.whenReady().then(boot).catch(failToStart);
  } else {
    // Another TokenDesk runs with this data folder; it focuses its window (second-instance).
    app.quit();
  }
}

async function boot(): Promise<void> {
  // Loaded for the window only: electron-store brings when-exit (through conf), whose signal handlers
  // kill the process again on SIGINT/SIGTERM, which the command line handles itself.
  const { default: ElectronStore } = await import('electron-store');
  openKeyValueFile = (options) => new ElectronStore(options) as unknown as KeyValueFile;
  serveAppProtocol(rendererDir);
  denyAllPermissions(session.defaultSession);
  blockRemoteRequests(session.defaultSession, devServerUrl);

  const secretBox = await createSafeStorageBox(safeStorage, process.platform);
  // Where no HTTP(S)_PROXY is set, requests go the way the OS proxy settings (or PAC) send them.
  const resolveProxy = (url: string): Promise<string> => session.defaultSession.resolveProxy(url);
  const core = await openCore({ dataDir: app.getPath('userData'), secretBox, watchExternalChanges: true, http: { resolveProxy } });
  await createVaultWithKeyring(core, secretBox);
  const emit = createWindowEmitter(() => mainWindow?.webContents ?? null);
  const wayland = isWaylandSession(process.platform, process.env);
  const clipboardGuard = createClipboardGuard({
    clipboard: createElectronClipboard({ clipboard, ClipboardItem, platform: process.platform }),
    clock: systemClock,
    clearAfterMs: () => core.settings().clipboardClearSec * 1000,
    readBack: createSystemClipboardReader(process.platform, process.env),
    // Wayland honours clipboard changes only from the focused client.
    clearIsReliable: () => !wayland || ElectronWindow.getFocusedWindow() !== null,
    onMayRemain: () => emit('app:notified', { level: 'error', message: { key: 'desktop.notice.clipboardMayHoldToken' } }),
  });
  const retryClear = (): void => void clipboardGuard.retryPending().catch(() => undefined);
  app.on('browser-window-focus', retryClear);

  const chooseBundleFile = createBundleChooser({
    dialog,
    window: () => mainWindow,
    language: () => uiLanguage(core.settings()),
    defaultDir: () => app.getPath('documents'),
    now: () => new Date(),
  });
  const handlers = createHandlers({ core, clipboard: clipboardGuard, openExternal, appInfo: () => appInfo(core), chooseBundleFile });
  const unregisterIpc = registerIpc({
    dispatch: createDispatcher(handlers, { validateResults: !app.isPackaged }),
    devServerUrl,
    isOurWindow: (contents) => mainWindow !== null && contents === mainWindow.webContents,
  });
  const stopEvents = forwardEvents(core, emit);
  const trayPresence = watchTrayPresence(process.platform);
  const stopDesktopLife = startDesktopLife({
    core,
    scheduler: createScheduler({ host: createCoreSchedulerHost(core, () => core.settings()), clock: systemClock }),
    getWindow: () => mainWindow,
    showWindow,
    toast: (payload) => emit('app:notified', payload),
    trayIcon,
    trayPresence,
  });
  keepsInTray = () => keepsRunningInTray(core.settings().closeToTray, process.platform, trayPresence.shown());

  const menuCommand = (command: 'export' | 'import'): void => {
    showWindow();
    emit('menu:invoked', { command });
  };
  installMenu(core, menuCommand);
  const stopMenu = core.on('settings:changed', () => installMenu(core, menuCommand));
  const stopRetry = (): void => void app.off('browser-window-focus', retryClear);
  shutdown = () => closeAll(core, clipboardGuard, [stopEvents, unregisterIpc, stopMenu, stopRetry], stopDesktopLife);
  const saveNow = (): void => {
    clipboardGuard.clearNow();
    saveVaultNow(core);
  };
  sessionEnd = watchSessionEnd({ platform: process.platform, powerMonitor, flush: () => flushOnce(), quit: quitNow, saveNow });
  // Electron exits without before-quit when Linux loses the display or the session bus (log-out without
  // shutdown: ExitOnSessionLoss, then Browser::ExitWithCode), and 'quit' is the last event it emits. The
  // clipboard is left alone there: its display is gone (and with it what this process held on it).
  app.on('quit', () => saveVaultNow(core));
  openWindow();
}

/**
 * A separate data folder (tests, portable use) must be set before the single-instance lock, which uses
 * it; it is created first. False when it cannot be (then TokenDesk says why and exits).
 */
function useOwnDataDir(): boolean {
  try {
    useDataDir(app, process.env.TOKENDESK_DATA_DIR);
    return true;
  } catch (error) {
    const dir = process.env.TOKENDESK_DATA_DIR ?? '';
    const code = error instanceof Error && 'code' in error ? String(error.code) : null;
    // Said once ready: before it, Linux prints an error box to stderr only, and the OS's language is not
    // known yet (app.getLocale answers after ready). The settings live in that folder: the OS's language it is.
    void app
      .whenReady()
      .then(() => {
        const t = translator(osLanguage());
        dialog.showErrorBox(t('desktop.startup.title'), code ? t('desktop.startup.dataDirCode', { dir, code }) : t('desktop.startup.dataDir', { dir }));
      })
      .catch((failure: unknown) => console.error('TokenDesk could not start:', failure))
      .finally(() => app.exit(1));
    return false;
  }
}

/** Brings the window back (tray, Dock, second launch), creating it when there is none (macOS after a close). */
function showWindow(): void {
  if (mainWindow) focusWindow(mainWindow);
  else if (shutdown !== null) openWindow();
}

function openWindow(): void {
  if (!openKeyValueFile) return;
  windowState ??= openWindowStateStore(app.getPath('userData'), openKeyValueFile);
  const store = windowState;
  const window = createMainWindow({
    preloadPath,
    url: devServerUrl ?? APP_ENTRY_URL,
    devTools: !app.isPackaged,
    state: store.load(screen.getAllDisplays().map((display) => display.workArea)),
    onClose: (state) => store.save(state),
  });
  sessionEnd?.watchWindow(window);
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
}

/** Where the OS keyring is secure, a new vault needs no passphrase: its key goes into the OS slot. */
async function createVaultWithKeyring(core: TokenDeskCore, secretBox: SecretBox): Promise<void> {
  if (core.status().state === 'uninitialized' && secretBoxIsSecure(secretBox)) await core.initialize();
}

/** The application menu, in the language the settings ask for (rebuilt when they change). */
function installMenu(core: TokenDeskCore, command: (command: 'export' | 'import') => void): void {
  const help = {
    language: uiLanguage(core.settings()),
    dataDir: core.dataDir,
    showDataDir: () => void shell.openPath(core.dataDir),
    exportAccounts: () => command('export'),
    importAccounts: () => command('import'),
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(process.platform, devServerUrl !== undefined, help)));
}

function appInfo(core: TokenDeskCore): AppInfo {
  return { version: app.getVersion(), platform: process.platform, systemLocale: systemLocale(), dataDir: core.dataDir };
}

/**
 * On quit: stop events and IPC; stop the tray and the scheduler, giving refreshes in flight a moment to be
 * saved; clear the clipboard if it still holds our copy; flush core.
 */
async function closeAll(
  core: TokenDeskCore,
  clipboardGuard: ClipboardGuard,
  stops: Array<() => void>,
  stopDesktopLife: () => Promise<void>,
): Promise<void> {
  for (const stop of stops) stop();
  sessionEnd?.dispose();
  let waited: NodeJS.Timeout | undefined;
  const timeUp = new Promise<void>((resolve) => (waited = setTimeout(resolve, QUIT_WAIT_MS)));
  await Promise.race([stopDesktopLife(), timeUp]).catch((error: unknown) => console.error(`TokenDesk: ${toErrorInfo(error).message}`));
  clearTimeout(waited);
  const steps = await Promise.allSettled([clipboardGuard.clearIfOurs(), core.close()]);
  clipboardGuard.dispose();
  for (const step of steps) {
    if (step.status === 'rejected') console.error(`TokenDesk: ${toErrorInfo(step.reason).message}`);
  }
}

let quitting = false;
let flushed: Promise<void> | null = null;
/** The shutdown, run once whoever asks first (quit, session end). */
function flushOnce(): Promise<void> {
  flushed ??= shutdown ? shutdown() : Promise.resolve();
  return flushed;
}

function onBeforeQuit(event: Electron.Event): void {
  // Hold the quit until the vault is flushed; then quit for real.
  if (quitting || shutdown === null) return;
  event.preventDefault();
  quitting = true;
  flushOnce().finally(() => app.quit());
}

/**
 * The process ends right after this returns: the vault's unsaved changes are written synchronously.
 * After a normal quit they are saved already and this finds nothing to do.
 */
function saveVaultNow(core: TokenDeskCore): void {
  try {
    const outcome = core.saveNowSync();
    if (outcome !== 'saved' && outcome !== 'nothing') console.warn(`TokenDesk: changes not saved yet were not written at the end (${outcome}).`);
  } catch (error) {
    console.error(`TokenDesk: ${toErrorInfo(error).message}`);
  }
}

/** Quits without holding: the session is ending and the flush has had its time. */
function quitNow(): void {
  quitting = true;
  app.quit();
}

function failToStart(error: unknown): void {
  const info = toErrorInfo(error);
  if (info.code === 'internal') console.error('TokenDesk failed to start:', error instanceof Error ? error.stack : error);
  // The settings may be what could not be read: the OS's language, the headline translated, then core's
  // own words (which name the file and the next step) as they are.
  const t = translator(osLanguage());
  dialog.showErrorBox(t('desktop.startup.title'), `${t('desktop.startup.failed', { headline: errorHeadline(info, t) })}\n\n${info.message}`);
  app.exit(1);
}
