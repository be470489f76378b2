import type { BrowserWindow, PowerMonitor } from 'electron';

/** Logind lets a delay inhibitor hold shutdown 5 s by default (InhibitDelayMaxSec); stay well inside it. */
export const SESSION_END_WAIT_MS = 3_000;

/** Options of watchSessionEnd. */
export interface SessionEndOptions {
  platform: NodeJS.Platform;
  powerMonitor: Pick<PowerMonitor, 'on' | 'off'>;
  /** Flushes the vault and clears our clipboard copy (the quit path's shutdown). */
  flush: () => Promise<void>;
  /** Quits without holding again (marks the app quitting, then app.quit()). */
  quit: () => void;
  /**
   * Writes what must survive with synchronous I/O (clears our clipboard copy, saves the vault's unsaved
   * changes): there is no event-loop turn left after it.
   */
  saveNow: () => void;
  waitMs?: number;
  log?: (message: string) => void;
}

/** Watches for the end of the desktop session; `watchWindow` adds each window (Windows' events are per window). */
export interface SessionEndWatch {
  watchWindow(window: BrowserWindow): void;
  /** Resolves once a session end has been handled (flushed or timed out, then quit). */
  readonly ended: Promise<void>;
  dispose(): void;
}

interface MaybePreventable {
  preventDefault?: () => void;
}

/**
 * `before-quit` is not emitted when Windows shuts down or logs off, and holding it on macOS can cancel a
 * logout. So the end of the session is handled on its own: powerMonitor `shutdown` on Linux and macOS
 * (held with preventDefault, which keeps logind's delay lock on Linux and tells macOS we quit ourselves,
 * as Electron's docs ask): flush, bounded by `waitMs`, then quit.
 *
 * Windows (never prevented: that would show "TokenDesk is preventing shutdown"): `query-session-end`
 * starts the same flush as a head start. `session-end` is the last word: since Electron PR #52604 (in
 * 45), once its handlers return Electron ends the process at once unless app.quit() has begun
 * (shell/browser/native_window_views_win.cc, WM_ENDSESSION), and Windows may end it any time after.
 * So that handler quits first, then writes what must survive synchronously (`saveNow`). A write still
 * in flight then was never reported saved, so nothing reported is lost.
 */
export function watchSessionEnd(options: SessionEndOptions): SessionEndWatch {
  const { platform, powerMonitor, flush, saveNow } = options;
  const waitMs = options.waitMs ?? SESSION_END_WAIT_MS;
  const log = options.log ?? ((message: string) => console.warn(`TokenDesk: ${message}`));
  let started = false;
  let quitting = false;
  let done: () => void = () => {};
  const ended = new Promise<void>((resolve) => (done = resolve));
  const quit = (): void => {
    if (quitting) return;
    quitting = true;
    options.quit();
  };

  async function end(why: string): Promise<void> {
    if (started) return;
    started = true;
    let timer: NodeJS.Timeout | undefined;
    const timeUp = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)));
    const outcome = await Promise.race([flush().then(() => 'flushed' as const), timeUp]).catch(() => 'failed' as const);
    clearTimeout(timer);
    if (outcome !== 'flushed' && !quitting) log(`the session ended (${why}) before everything was saved (${outcome}); anything not reported saved is lost.`);
    quit();
    done();
  }

  const onShutdown = (event?: MaybePreventable): void => {
    event?.preventDefault?.();
    void end('shutdown');
  };
  const onQueryEnd = (): void => void end('log-off or shutdown');
  const onEnd = (): void => {
    quit();
    try {
      saveNow();
    } catch (error) {
      log(`the session ended before everything was saved (${error instanceof Error ? error.message : 'unknown error'}); anything not reported saved is lost.`);
    }
    done();
  };
  const windows = new Set<BrowserWindow>();
  if (platform === 'linux' || platform === 'darwin') powerMonitor.on('shutdown', onShutdown);

  return {
    ended,
    watchWindow(window) {
      if (platform !== 'win32' || windows.has(window)) return;
      windows.add(window);
      window.on('query-session-end', onQueryEnd);
      window.on('session-end', onEnd);
      window.once('closed', () => windows.delete(window));
    },
    dispose() {
      powerMonitor.off('shutdown', onShutdown);
      for (const window of windows) {
        window.off('query-session-end', onQueryEnd);
        window.off('session-end', onEnd);
      }
      windows.clear();
    },
  };
}
