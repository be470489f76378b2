import type { Session, WebContents } from 'electron';
import { isAppPageUrl, isDevServerRequest } from './app-origin';
import { isSafeExternalUrl } from './external-url';

/** What the window's link and navigation rules need to know. */
export interface NavigationPolicy {
  /** Set in development only: the Vite dev server counts as our page. */
  devServerUrl?: string;
  /** Opens a checked http(s) link in the system browser. */
  openExternal(url: string): Promise<void>;
}

/** TokenDesk needs no web permission (camera, notifications, clipboard read, ...): deny every request and check. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** No remote content: the page may fetch nothing from the network (the dev server aside). */
export function blockRemoteRequests(session: Session, devServerUrl?: string): void {
  const filter = { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] };
  session.webRequest.onBeforeRequest(filter, (details, callback) => {
    callback({ cancel: !isDevServerRequest(details.url, devServerUrl) });
  });
}

/**
 * Locks one web contents down: it never navigates away from our page, opens no window, attaches no
 * webview; an http(s) link that asks for a new window goes to the system browser after a check.
 */
export function hardenWebContents(contents: WebContents, policy: NavigationPolicy): void {
  const stayHome = (event: { url: string; preventDefault(): void }): void => {
    if (!isAppPageUrl(event.url, policy.devServerUrl)) event.preventDefault();
  };
  contents.on('will-frame-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) {
      policy.openExternal(url).catch((error: unknown) => {
        console.warn(`TokenDesk could not open a link in the browser (${error instanceof Error ? error.name : 'unknown error'}).`);
      });
    }
    return { action: 'deny' };
  });
}
