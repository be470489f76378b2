import { protocol } from 'electron';
import { APP_SCHEME } from './app-origin';
import { serveStatic } from './static-files';

/**
 * Declares app:// as a standard, secure scheme; must run before the app is ready. `codeCache`: V8 keeps
 * the compiled renderer between starts, as it does for http(s) pages; without it every window start
 * compiles the whole bundle again.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the renderer's files (dist/renderer) on app://tokendesk/ with the CSP header. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveStatic(rendererDir, request));
}
