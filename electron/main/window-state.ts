import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';

/** Where and how big the window was when it last closed. */
export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

/** A rectangle of a display's work area. */
export interface WorkArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The size a first launch opens with. */
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1180, height: 760, maximized: false };
const MIN = { width: 720, height: 480 };
/** At least this much of the window must be on a display, or it is placed anew. */
const VISIBLE_PX = 80;

/**
 * The saved state made safe for the displays there are now: a size within bounds, and a position only
 * when enough of the window would land on a display (a monitor may have been unplugged since).
 */
export function fitToDisplays(saved: Partial<WindowState> | undefined, displays: WorkArea[]): WindowState {
  const widest = Math.max(MIN.width, ...displays.map((d) => d.width));
  const tallest = Math.max(MIN.height, ...displays.map((d) => d.height));
  const size = (value: unknown, fallback: number, min: number, max: number): number =>
    typeof value === 'number' && Number.isFinite(value) ? Math.round(Math.min(max, Math.max(min, value))) : fallback;
  const state: WindowState = {
    width: size(saved?.width, DEFAULT_WINDOW_STATE.width, MIN.width, widest),
    height: size(saved?.height, DEFAULT_WINDOW_STATE.height, MIN.height, tallest),
    maximized: saved?.maximized === true,
  };
  const { x, y } = saved ?? {};
  if (typeof x !== 'number' || typeof y !== 'number') return state;
  const onSomeDisplay = displays.some(
    (d) =>
      Math.min(x + state.width, d.x + d.width) - Math.max(x, d.x) >= VISIBLE_PX &&
      Math.min(y + state.height, d.y + d.height) - Math.max(y, d.y) >= VISIBLE_PX,
  );
  return onSomeDisplay ? { ...state, x: Math.round(x), y: Math.round(y) } : state;
}

/** Remembers the window's bounds in `window-state.json` (electron-store) beside the vault. */
export interface WindowStateStore {
  load(displays: WorkArea[]): WindowState;
  save(state: WindowState): void;
}

/** Options for the key-value file (electron-store's; conf's with `configName` for `name`). */
export interface KeyValueFileOptions {
  cwd: string;
  name: string;
  configFileMode: number;
  clearInvalidConfig: false;
  watch: false;
}

/** The part of electron-store (or conf) used here. */
export interface KeyValueFile {
  get(key: 'window'): Partial<WindowState> | undefined;
  set(key: 'window', value: WindowState): void;
}

/**
 * Opens the window-state file through `open` (electron-store in the app; it imports electron, so tests
 * pass conf, its base with the same file format). A file that cannot be read is set aside (never
 * silently wiped) and the defaults are used; a failed save only costs the remembered size.
 */
export function openWindowStateStore(
  dir: string,
  open: (options: KeyValueFileOptions) => KeyValueFile,
  log: (message: string) => void = console.warn,
): WindowStateStore {
  const options: KeyValueFileOptions = { cwd: dir, name: 'window-state', configFileMode: 0o600, clearInvalidConfig: false, watch: false };
  let store: KeyValueFile | null;
  try {
    store = open(options);
  } catch {
    const file = path.join(dir, 'window-state.json');
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/:/g, '-')}`;
    try {
      if (existsSync(file)) renameSync(file, aside);
      log(`window-state.json could not be read; it was moved to ${aside} and the default window size is used.`);
      store = open(options);
    } catch {
      log('The window size cannot be remembered: window-state.json is not writable.');
      store = null;
    }
  }
  return {
    load: (displays) => fitToDisplays(store?.get('window'), displays),
    save: (state) => {
      try {
        store?.set('window', state);
      } catch {
        log('The window size could not be saved: window-state.json is not writable.');
      }
    },
  };
}
