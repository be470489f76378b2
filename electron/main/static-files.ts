import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST } from './app-origin';

/**
 * The Content-Security-Policy of the renderer, sent as a header by the app:// protocol handler; it
 * matches the meta tag in renderer/index.html (a unit test keeps them equal).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** The content type of a file, by its extension. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file inside `root` that an app:// URL names, or null when the URL leaves `root` (`..`, encoded
 * separators, NUL bytes) or names another host. `/` is index.html.
 */
export function resolveStaticPath(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.host.toLowerCase() !== APP_HOST) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0') || relative.includes('\\')) return null;
  if (relative === '/' || relative === '') relative = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${relative}`);
  return file.startsWith(base + path.sep) ? file : null;
}

function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });
}

async function isInside(root: string, file: string): Promise<boolean> {
  // Resolve symlinks too: a link inside dist/renderer must not lead outside it.
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
  return realFile.startsWith(realRoot + path.sep);
}

/**
 * Answers one app:// request from the files in `root` (dist/renderer): GET/HEAD only, never outside
 * `root`, every response with the CSP header. Plain Node `Request`/`Response`, so it is tested without Electron.
 */
export async function serveStatic(root: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
  const file = resolveStaticPath(root, request.url);
  if (file === null) return plain(404, 'Not found');
  try {
    const info = await stat(file);
    if (!info.isFile() || !(await isInside(root, file))) return plain(404, 'Not found');
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, { status: 200, headers: { ...securityHeaders(), 'Content-Type': contentTypeFor(file) } });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return plain(404, 'Not found');
    console.error(`TokenDesk could not read ${path.basename(file)} of its window (${code ?? 'unknown error'}). Reinstall TokenDesk if this repeats.`);
    return plain(500, 'TokenDesk could not read this file');
  }
}
