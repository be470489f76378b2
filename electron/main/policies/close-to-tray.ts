import type { Settings } from '../../../shared/settings';

/**
 * Whether closing the window hides it and keeps TokenDesk in the tray. Unset, it follows the platform:
 * on by default on Windows and Linux; on macOS the window closes and the app stays in the Dock, as Mac
 * apps do. Never where no tray is shown: the app would be running with nothing to bring it back.
 */
export function keepsRunningInTray(setting: Settings['closeToTray'], platform: string, trayShown = true): boolean {
  return (setting ?? platform !== 'darwin') && trayShown;
}

/** What closing the main window does: hide it (tray), minimize it (no tray, but asked to keep running), or close it. */
export type CloseAction = 'hide' | 'minimize' | 'close';

/**
 * Closing the window: hidden to the tray only where a tray is shown. Without one, a person who turned
 * close-to-tray on explicitly gets a minimized window (still in the taskbar); by default it closes
 * (and TokenDesk quits, except on macOS where it stays in the Dock).
 */
export function closeAction(setting: Settings['closeToTray'], platform: string, trayShown: boolean): CloseAction {
  if (keepsRunningInTray(setting, platform, trayShown)) return 'hide';
  return setting === true && platform !== 'darwin' ? 'minimize' : 'close';
}

/** What is known about the desktop's tray on Linux. */
export interface LinuxTrayFacts {
  /** An org.kde.StatusNotifierWatcher owns its D-Bus name (KDE, GNOME with AppIndicator, most others); null: unknown. */
  statusNotifierWatcher: boolean | null;
  /** XDG_CURRENT_DESKTOP, e.g. `GNOME`, `ubuntu:GNOME`, `KDE`, `XFCE`. */
  desktop: string;
  /** XDG_SESSION_TYPE: `wayland` or `x11`. */
  sessionType: string;
}

/**
 * Whether a tray icon is shown. Elsewhere than Linux it always is. On Linux Electron's tray is a
 * StatusNotifierItem, shown where a StatusNotifierWatcher runs; without one it falls back to the old
 * X11 tray (XEmbed), which X11 desktops other than GNOME still show. GNOME Shell shows neither without
 * the AppIndicator extension, and Wayland has no XEmbed.
 */
export function trayIsShown(platform: string, facts: LinuxTrayFacts): boolean {
  if (platform !== 'linux') return true;
  if (facts.statusNotifierWatcher === true) return true;
  if (facts.sessionType === 'wayland') return false;
  return !/gnome/i.test(facts.desktop) && facts.statusNotifierWatcher !== null;
}
