import type { Settings } from '../../../shared/settings';

/**
 * Whether closing the window hides it and keeps TokenDesk in the tray. Unset, it follows the platform:
 * on by default on Windows and Linux; on macOS the window closes and the app stays in the Dock, as Mac
 * apps do.
 */
export function keepsRunningInTray(setting: Settings['closeToTray'], platform: string): boolean {
  return setting ?? platform !== 'darwin';
}
