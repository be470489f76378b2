import { execFile } from 'node:child_process';
import { trayIsShown, type LinuxTrayFacts } from './policies/close-to-tray';

const ASK_TIMEOUT_MS = 2_000;
const ASK_EVERY_MS = 30_000;

/**
 * Asks the session bus whether org.kde.StatusNotifierWatcher has an owner (`dbus-send`, from the dbus
 * package): true or false, or null when the bus or dbus-send is not there.
 */
export function hasStatusNotifierWatcher(env: NodeJS.ProcessEnv = process.env): Promise<boolean | null> {
  const args = ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.kde.StatusNotifierWatcher'];
  return new Promise((resolve) => {
    execFile('dbus-send', args, { timeout: ASK_TIMEOUT_MS, encoding: 'utf8', env }, (error, stdout) => {
      if (error) return resolve(null);
      resolve(/boolean true/.test(stdout) ? true : /boolean false/.test(stdout) ? false : null);
    });
  });
}

/** What TokenDesk can learn about the Linux tray now. */
export async function linuxTrayFacts(env: NodeJS.ProcessEnv = process.env): Promise<LinuxTrayFacts> {
  return {
    statusNotifierWatcher: await hasStatusNotifierWatcher(env),
    desktop: env.XDG_CURRENT_DESKTOP ?? '',
    sessionType: env.XDG_SESSION_TYPE ?? '',
  };
}

/** Whether TokenDesk's tray icon can be seen, kept up to date. */
export interface TrayPresence {
  shown(): boolean;
  /** Asks again (the AppIndicator extension may have been turned on since). */
  refresh(): Promise<void>;
}

/**
 * Tracks whether a tray is shown. Off Linux it always is. On Linux it counts as not shown until the
 * session bus has answered, so a window closed before then is not hidden where nobody can reach it.
 */
export function watchTrayPresence(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = process.env, facts = linuxTrayFacts): TrayPresence {
  if (platform !== 'linux') return { shown: () => true, refresh: async () => {} };
  let shown = false;
  let asking: Promise<void> | null = null;
  let askedAt = -Infinity;
  const refresh = (): Promise<void> => {
    // Asked at most every ASK_EVERY_MS: focus changes are frequent, extensions are turned on rarely.
    if (asking === null && Date.now() - askedAt < ASK_EVERY_MS) return Promise.resolve();
    askedAt = Date.now();
    asking ??= facts(env)
      .then((known) => {
        shown = trayIsShown(platform, known);
      })
      .finally(() => (asking = null));
    return asking;
  };
  void refresh();
  return { shown: () => shown, refresh };
}
