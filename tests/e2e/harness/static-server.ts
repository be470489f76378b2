import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { serveStatic } from '../../../electron/main/static-files';
import { collect, MAILBOX_PATH } from './answers';

/** The built renderer, served the way the app:// protocol serves it. */
export interface RendererServer {
  url: string;
  close(): Promise<void>;
}

const rendererDir = path.resolve(import.meta.dirname, '../../../dist/renderer');

/**
 * Serves dist/renderer on 127.0.0.1 (port 0) through main's own `serveStatic` (same files, same CSP
 * and security headers as production), by mapping each request onto an app://tokendesk/ URL; and the
 * stand-in preload's large answers (answers.ts), same origin, so the page's CSP lets it fetch them.
 */
export async function startRendererServer(): Promise<RendererServer> {
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built: ${rendererDir}/index.html is missing. Run \`npx vite build\` first.`);
  }
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith(MAILBOX_PATH)) {
      const text = collect(req.url.slice(MAILBOX_PATH.length));
      res.writeHead(text === undefined ? 404 : 200, { 'Content-Type': 'application/json' });
      res.end(text ?? '');
      return;
    }
    const request = new Request(`app://tokendesk${req.url ?? '/'}`, { method: req.method ?? 'GET' });
    serveStatic(rendererDir, request)
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`e2e renderer server failed: ${String(error)}`);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('e2e renderer server has no port');
  return {
    url: `http://127.0.0.1:${address.port}/index.html`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
