import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { TrayAction, TrayMenuItem } from './policies/tray-menu';

/** A 32 px clock face, used when the app ships no tray icon of its own. */
const FALLBACK_ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAA6klEQVR42s2XUQ3EIAyGpwArpwUJKDgRWKiFeUHFGagFEo4HSAjb5YC/DJZ8L8tIP0ah5Xi9P8dKegfoCEVchCM+wekdpW9EBVTEpiChEU5jFCpgOgPfiZhRAQIC11CvwCkYPHO2CjTNvH5G/8TdmoeJAqHOiTrb+QEBLndHKWB71hQQCCnWRYAfFOBaQPdmNSgQ8ok5vOcFBKgUcAsEXCnAqMCv518eZAG/QMBvJTBU8SSXwE0oPl1JSAsECDqIBNDQUQzCcDECsXA5Bmev4IYEwIi0ZFLN6ZZN6RZt+RYXky2uZltcTqfyBe4SGtsVxpizAAAAAElFTkSuQmCC';

/** What the tray's items do. */
export interface TrayHandlers {
  onAction(action: TrayAction): void;
  /** An account line was clicked. */
  onAccount(accountId: string): void;
}

/** The tray icon: shows a menu built from the core tray model. */
export interface DesktopTray {
  update(items: TrayMenuItem[], tooltip: string): void;
  dispose(): void;
}

/** Tray icons are 16 px (DIP) on every desktop; a file's @2x sibling serves HiDPI screens. */
const TRAY_SIZE = 16;

/** The icon from a file or image; a missing or unreadable file (an empty image) gets the clock face. */
function trayImage(icon?: string | NativeImage): NativeImage {
  const given = typeof icon === 'string' ? nativeImage.createFromPath(icon) : icon;
  const image = given && !given.isEmpty() ? given : nativeImage.createFromDataURL(FALLBACK_ICON);
  const sized = image.getSize().width > TRAY_SIZE ? image.resize({ width: TRAY_SIZE, height: TRAY_SIZE }) : image;
  // macOS marks a *Template.png as a template by its name; a resized copy or the fallback needs saying.
  if (process.platform === 'darwin' && typeof icon === 'string' && /Template\.png$/.test(icon)) sized.setTemplateImage(true);
  return sized;
}

/** Creates the tray icon; `icon` is a file path or image, else the built-in clock face. */
export function createDesktopTray(handlers: TrayHandlers, icon?: string | NativeImage): DesktopTray {
  const tray = new Tray(trayImage(icon));
  tray.on('click', () => handlers.onAction('show'));

  const toMenuItem = (item: TrayMenuItem): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'note':
        return { label: item.label, enabled: false };
      case 'account':
        return { label: item.label, click: () => handlers.onAccount(item.accountId) };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: () => handlers.onAction(item.action) };
    }
  };

  return {
    update(items, tooltip) {
      if (tray.isDestroyed()) return;
      tray.setContextMenu(Menu.buildFromTemplate(items.map(toMenuItem)));
      tray.setToolTip(tooltip);
    },
    dispose() {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
