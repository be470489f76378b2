import { BrowserWindow } from 'electron';

/** What the main window needs. */
export interface MainWindowOptions {
  preloadPath: string;
  /** app://tokendesk/index.html, or the dev server in development. */
  url: string;
  devTools: boolean;
}

/** The one TokenDesk window: isolated, sandboxed, no Node, web security on; shown once painted. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'TokenDesk',
    width: 1180,
    height: 760,
    minWidth: 720,
    minHeight: 480,
    show: false,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: options.devTools,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(options.url).catch((error: unknown) => {
    console.error(`TokenDesk could not load its window (${error instanceof Error ? error.message : 'unknown error'}).`);
  });
  return window;
}

/** Brings the window to the front (a second launch lands here). */
export function focusWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
