/**
 * Where TokenDesk's own page lives. In production it is served from `app://tokendesk/` (a privileged,
 * standard, secure custom scheme); in development from the Vite dev server. Plain Node: no Electron.
 */

/** The custom scheme the renderer is served from. */
export const APP_SCHEME = 'app';
/** The one host of that scheme. */
export const APP_HOST = 'tokendesk';
/** The page the main window loads in production. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    // Not a URL at all: certainly not our page.
    return null;
  }
}

/** True when `raw` is a page of TokenDesk itself: `app://tokendesk/…`, or in development the dev server. */
export function isAppPageUrl(raw: string, devServerUrl?: string): boolean {
  const url = parse(raw);
  if (!url) return false;
  if (url.protocol === `${APP_SCHEME}:`) return url.host.toLowerCase() === APP_HOST;
  const dev = devServerUrl ? parse(devServerUrl) : null;
  return dev !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === dev.origin;
}

/** True when a network request may leave the app: only to the dev server (pages and its HMR socket). */
export function isDevServerRequest(raw: string, devServerUrl?: string): boolean {
  const url = parse(raw);
  const dev = devServerUrl ? parse(devServerUrl) : null;
  if (!url || !dev) return false;
  const sameFamily = dev.protocol === 'https:' ? ['https:', 'wss:'] : ['http:', 'ws:'];
  return sameFamily.includes(url.protocol) && url.host === dev.host;
}

/** The frame an IPC request came from, as far as the sender check needs it. */
export interface SenderFrame {
  url: string;
  isMainFrame: boolean;
}

/** Main answers IPC only from our own page, and only from its main frame. */
export function isTrustedSender(frame: SenderFrame | null, devServerUrl?: string): boolean {
  return frame !== null && frame.isMainFrame && isAppPageUrl(frame.url, devServerUrl);
}
