import type { MenuItemConstructorOptions } from 'electron';
import type { DesktopLanguage } from './policies/messages';

/** What the Help menu needs to know and do. */
export interface HelpMenuOptions {
  language: DesktopLanguage;
  dataDir: string;
  /** Opens the data folder in the system's file manager. */
  showDataDir: () => void;
  /** Open the window's Export and Import dialogs (File menu). */
  exportAccounts?: () => void;
  importAccounts?: () => void;
}

const HELP_TEXTS: Readonly<Record<DesktopLanguage, { help: string; about: string; dataDir: (dir: string) => string; file: string; export: string; import: string }>> = {
  en: { help: 'Help', about: 'About TokenDesk', dataDir: (dir) => `Show Data Folder (${dir})`, file: 'File', export: 'Export Accounts…', import: 'Import Accounts…' },
  'zh-CN': { help: '帮助', about: '关于 TokenDesk', dataDir: (dir) => `打开数据文件夹（${dir}）`, file: '文件', export: '导出账号…', import: '导入账号…' },
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
  const transfer: MenuItemConstructorOptions[] =
    help?.exportAccounts && help.importAccounts
      ? [
          { label: texts.export, click: help.exportAccounts },
          { label: texts.import, click: help.importAccounts },
          { type: 'separator' },
        ]
      : [];
  // The File menu keeps its standard last item (Close on macOS, Quit elsewhere) after our own.
  const fileMenu: MenuItemConstructorOptions =
    transfer.length > 0
      ? { label: texts.file, submenu: [...transfer, platform === 'darwin' ? { role: 'close' } : { role: 'quit' }] }
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
