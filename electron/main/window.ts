import { BrowserWindow } from 'electron';
import { DEFAULT_WINDOW_STATE, type WindowState } from './window-state';

/** What the main window needs. */
export interface MainWindowOptions {
  preloadPath: string;
  /** app://tokendesk/index.html, or the dev server in development. */
  url: string;
  devTools: boolean;
  /** Size and place to open with (remembered from the last close). */
  state?: WindowState;
  /** Called with the window's size and place when it closes (or hides to the tray). */
  onClose?: (state: WindowState) => void;
}

/** The one TokenDesk window: isolated, sandboxed, no Node, web security on; shown once painted. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const state = options.state ?? DEFAULT_WINDOW_STATE;
  const window = new BrowserWindow({
    title: 'TokenDesk',
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
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
  // maximize() shows a hidden window at once (before it has painted), so the state is restored after show.
  window.once('ready-to-show', () => {
    window.show();
    if (state.maximized) window.maximize();
  });
  window.on('close', () => options.onClose?.({ ...window.getNormalBounds(), maximized: window.isMaximized() }));
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
