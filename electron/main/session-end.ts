import type { BrowserWindow, PowerMonitor } from 'electron';

/** Logind lets a delay inhibitor hold shutdown 5 s by default (InhibitDelayMaxSec); stay well inside it. */
export const SESSION_END_WAIT_MS = 3_000;

/** Options of watchSessionEnd. */
export interface SessionEndOptions {
  platform: NodeJS.Platform;
  powerMonitor: Pick<PowerMonitor, 'on' | 'off'>;
  /** Flushes the vault and clears our clipboard copy (the quit path's shutdown). */
  flush: () => Promise<void>;
  /** Quits without holding again (the flush has run). */
  quit: () => void;
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
 * as Electron's docs ask), the window's `query-session-end`/`session-end` on Windows (not prevented: that
 * would show "TokenDesk is preventing shutdown"). Either way: flush, bounded by `waitMs`, then quit. A
 * write still in flight when time runs out was never reported saved, so nothing reported is lost.
 */
export function watchSessionEnd(options: SessionEndOptions): SessionEndWatch {
  const { platform, powerMonitor, flush, quit } = options;
  const waitMs = options.waitMs ?? SESSION_END_WAIT_MS;
  const log = options.log ?? ((message: string) => console.warn(`TokenDesk: ${message}`));
  let started = false;
  let done: () => void = () => {};
  const ended = new Promise<void>((resolve) => (done = resolve));

  async function end(why: string): Promise<void> {
    if (started) return;
    started = true;
    let timer: NodeJS.Timeout | undefined;
    const timeUp = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)));
    const outcome = await Promise.race([flush().then(() => 'flushed' as const), timeUp]).catch(() => 'failed' as const);
    clearTimeout(timer);
    if (outcome !== 'flushed') log(`the session ended (${why}) before everything was saved (${outcome}); anything not reported saved is lost.`);
    quit();
    done();
  }

  const onShutdown = (event?: MaybePreventable): void => {
    event?.preventDefault?.();
    void end('shutdown');
  };
  const onWindowsEnd = (): void => void end('log-off or shutdown');
  const windows = new Set<BrowserWindow>();
  if (platform === 'linux' || platform === 'darwin') powerMonitor.on('shutdown', onShutdown);

  return {
    ended,
    watchWindow(window) {
      if (platform !== 'win32' || windows.has(window)) return;
      windows.add(window);
      window.on('query-session-end', onWindowsEnd);
      window.on('session-end', onWindowsEnd);
      window.once('closed', () => windows.delete(window));
    },
    dispose() {
      powerMonitor.off('shutdown', onShutdown);
      for (const window of windows) {
        window.off('query-session-end', onWindowsEnd);
        window.off('session-end', onWindowsEnd);
      }
      windows.clear();
    },
  };
}
