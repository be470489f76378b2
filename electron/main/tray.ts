import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { TrayAction, TrayMenuItem } from '../core/desktop/tray-menu';

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

/** Creates the tray icon; `icon` is a file path or image, else the built-in clock face. */
export function createDesktopTray(handlers: TrayHandlers, icon?: string | NativeImage): DesktopTray {
  const image = typeof icon === 'string' ? nativeImage.createFromPath(icon) : (icon ?? nativeImage.createFromDataURL(FALLBACK_ICON));
  const tray = new Tray(image.resize({ width: 16, height: 16 }));
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
