import type { BrowserWindow, Dialog } from 'electron';
import { translator, type Language } from '../../shared/i18n';

/** The extension bundles are saved with (import accepts any file the person picks). */
export const BUNDLE_EXTENSION = 'tdbundle';

/** What the bundle chooser needs from main. */
export interface BundleDialogOptions {
  dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog'>;
  window(): BrowserWindow | null;
  language(): Language;
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
    const t = translator(options.language());
    const filters = [{ name: t('desktop.dialog.bundleFilter'), extensions: [BUNDLE_EXTENSION] }];
    const window = options.window();
    if (purpose === 'export') {
      const day = options.now().toISOString().slice(0, 10);
      const settings = { title: t('desktop.dialog.exportTitle'), buttonLabel: t('desktop.dialog.exportButton'), defaultPath: `${options.defaultDir()}/tokendesk-${day}.${BUNDLE_EXTENSION}`, filters };
      const result = window ? await options.dialog.showSaveDialog(window, settings) : await options.dialog.showSaveDialog(settings);
      return result.canceled || !result.filePath ? null : result.filePath;
    }
    const settings = {
      title: t('desktop.dialog.importTitle'),
      buttonLabel: t('desktop.dialog.importButton'),
      defaultPath: options.defaultDir(),
      filters: [...filters, { name: '*', extensions: ['*'] }],
      properties: ['openFile' as const],
    };
    const result = window ? await options.dialog.showOpenDialog(window, settings) : await options.dialog.showOpenDialog(settings);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
