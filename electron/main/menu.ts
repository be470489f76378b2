import type { MenuItemConstructorOptions } from 'electron';
import type { DesktopLanguage } from '../core/desktop/messages';

/** What the Help menu needs to know and do. */
export interface HelpMenuOptions {
  language: DesktopLanguage;
  dataDir: string;
  /** Opens the data folder in the system's file manager. */
  showDataDir: () => void;
}

const HELP_TEXTS: Readonly<Record<DesktopLanguage, { help: string; about: string; dataDir: (dir: string) => string }>> = {
  en: { help: 'Help', about: 'About TokenDesk', dataDir: (dir) => `Show Data Folder (${dir})` },
  'zh-CN': { help: '帮助', about: '关于 TokenDesk', dataDir: (dir) => `打开数据文件夹（${dir}）` },
};

/**
 * The application menu with the standard roles: Edit makes copy, paste and undo work in forms; View
 * (reload, developer tools) exists only in development; Help tells where the data lives.
 */
export function applicationMenuTemplate(
  platform: NodeJS.Platform,
  development: boolean,
  help?: HelpMenuOptions,
): MenuItemConstructorOptions[] {
  const texts = HELP_TEXTS[help?.language ?? 'en'];
  const helpMenu: MenuItemConstructorOptions[] = help
    ? [
        {
          role: 'help',
          label: texts.help,
          submenu: [
            // macOS has About in the app menu already.
            ...(platform === 'darwin' ? [] : [{ role: 'about', label: texts.about } as const]),
            { label: texts.dataDir(help.dataDir), click: () => help.showDataDir() },
          ],
        },
      ]
    : [];
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    ...(development ? [{ role: 'viewMenu' } as const] : []),
    { role: 'windowMenu' },
    ...helpMenu,
  ];
}
