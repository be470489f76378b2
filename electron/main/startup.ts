import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { App } from 'electron';

/**
 * electron-builder.yml's `appId`. The NSIS installer gives its Start-menu shortcut this Application User
 * Model ID, and Windows shows a toast only for an ID that a shortcut carries; without setting it Electron's
 * ID would be `electron.app.TokenDesk`. tests/unit/main-startup.test.ts compares the two.
 */
export const APP_USER_MODEL_ID = 'dev.tokendesk.app';

/** On Windows: toasts are attributed to the installed app's shortcut (see APP_USER_MODEL_ID). */
export function identifyApp(app: Pick<App, 'setAppUserModelId'>, platform: NodeJS.Platform): void {
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
}

/**
 * Uses `dir` (TOKENDESK_DATA_DIR) as the user-data folder. app.setPath throws for a folder that does not
 * exist, so it is created first, private to the user (0700). Returns the folder, or null without `dir`.
 */
export function useDataDir(app: Pick<App, 'setPath'>, dir: string | undefined): string | null {
  if (!dir) return null;
  const folder = path.resolve(dir);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  app.setPath('userData', folder);
  return folder;
}
