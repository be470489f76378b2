import type { MenuItemConstructorOptions } from 'electron';
import { translator, type Language } from '../../shared/i18n';

/** What the Help menu needs to know and do. */
export interface HelpMenuOptions {
  language: Language;
  dataDir: string;
  /** Opens the data folder in the system's file manager. */
  showDataDir: () => void;
  /** Open the window's Export and Import dialogs (File menu). */
  exportAccounts?: () => void;
  importAccounts?: () => void;
}

/**
 * The application menu with the standard roles: Edit makes copy, paste and undo work in forms; View
 * (reload, developer tools) exists only in development; Help tells where the data lives.
 */
export function applicationMenuTemplate(
  platform: NodeJS.Platform,
  development: boolean,
  help?: HelpMenuOptions,
): MenuItemConstructorOptions[] {
  const t = translator(help?.language ?? 'en');
  const helpMenu: MenuItemConstructorOptions[] = help
    ? [
        {
          role: 'help',
          label: t('menu.help'),
          submenu: [
            // macOS has About in the app menu already.
            ...(platform === 'darwin' ? [] : [{ role: 'about', label: t('menu.about') } as const]),
            { label: t('menu.showDataDir', { dir: help.dataDir }), click: () => help.showDataDir() },
          ],
        },
      ]
    : [];
  const transfer: MenuItemConstructorOptions[] =
    help?.exportAccounts && help.importAccounts
      ? [
          { label: t('menu.export'), click: help.exportAccounts },
          { label: t('menu.import'), click: help.importAccounts },
          { type: 'separator' },
        ]
      : [];
  // The File menu keeps its standard last item (Close on macOS, Quit elsewhere) after our own.
  const fileMenu: MenuItemConstructorOptions =
    transfer.length > 0
      ? { label: t('menu.file'), submenu: [...transfer, platform === 'darwin' ? { role: 'close' } : { role: 'quit' }] }
      : { role: 'fileMenu' };
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    fileMenu,
    { role: 'editMenu' },
    ...(development ? [{ role: 'viewMenu' } as const] : []),
    { role: 'windowMenu' },
    ...helpMenu,
  ];
}
