import type { BrowserWindow, Dialog } from 'electron';
import type { DesktopLanguage } from './policies/messages';

const TEXTS: Readonly<Record<DesktopLanguage, { export: string; import: string; filter: string; button: { export: string; import: string } }>> = {
  en: { export: 'Export accounts', import: 'Import accounts', filter: 'TokenDesk bundle', button: { export: 'Export', import: 'Import' } },
  'zh-CN': { export: '导出账号', import: '导入账号', filter: 'TokenDesk 导出包', button: { export: '导出', import: '导入' } },
};

/** The extension bundles are saved with (import accepts any file the person picks). */
export const BUNDLE_EXTENSION = 'tdbundle';

/** What the bundle chooser needs from main. */
export interface BundleDialogOptions {
  dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog'>;
  window(): BrowserWindow | null;
  language(): DesktopLanguage;
  /** The folder offered first (the person's documents or home folder). */
  defaultDir(): string;
  now(): Date;
}

/**
 * Asks where to save a bundle or which one to open, with the system's own dialog, attached to our
 * window. The renderer never names a path: a page cannot make main write or read a file of its choosing.
 */
export function createBundleChooser(options: BundleDialogOptions): (purpose: 'export' | 'import') => Promise<string | null> {
  return async (purpose) => {
    const texts = TEXTS[options.language()];
    const filters = [{ name: texts.filter, extensions: [BUNDLE_EXTENSION] }];
    const window = options.window();
    if (purpose === 'export') {
      const day = options.now().toISOString().slice(0, 10);
      const settings = { title: texts.export, buttonLabel: texts.button.export, defaultPath: `${options.defaultDir()}/tokendesk-${day}.${BUNDLE_EXTENSION}`, filters };
      const result = window ? await options.dialog.showSaveDialog(window, settings) : await options.dialog.showSaveDialog(settings);
      return result.canceled || !result.filePath ? null : result.filePath;
    }
    const settings = {
      title: texts.import,
      buttonLabel: texts.button.import,
      defaultPath: options.defaultDir(),
      filters: [...filters, { name: '*', extensions: ['*'] }],
      properties: ['openFile' as const],
    };
    const result = window ? await options.dialog.showOpenDialog(window, settings) : await options.dialog.showOpenDialog(settings);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
