import type { MenuItemConstructorOptions } from 'electron';

/**
 * The standard application menu: Edit roles make copy, paste and undo work in forms. Tray and
 * app-specific items come later; development adds the View menu (reload, developer tools).
 */
export function applicationMenuTemplate(platform: NodeJS.Platform, development: boolean): MenuItemConstructorOptions[] {
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    ...(development ? [{ role: 'viewMenu' } as const] : []),
    { role: 'windowMenu' },
  ];
}
