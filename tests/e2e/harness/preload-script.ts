import { build } from 'esbuild';
import path from 'node:path';
import { MAILBOX_PATH, MAILBOX_PREFIX } from './answers';

const root = path.resolve(import.meta.dirname, '../../..');

let cached: Promise<string> | null = null;

/**
 * The stand-in preload as an init script: the SAME `buildApi` factory the real preload calls
 * (electron/preload/api.ts), bundled for the page, with `invoke` wired to the Playwright binding
 * `__tokendeskInvoke` (which runs the real dispatcher in Node) and `subscribe` to a small in-page
 * emitter that Node feeds through `window.__tokendeskEmit(channel, payloadJson)`. Arguments, results
 * and payloads cross as JSON text, as plain data as Electron's structured clone would carry; a large
 * result is fetched from the renderer server (answers.ts).
 */
export function preloadInitScript(): Promise<string> {
  cached ??= build({
    stdin: {
      contents: `
        import { buildApi } from './electron/preload/api';
        const listeners = new Map();
        Object.defineProperty(window, '__tokendeskEmit', {
          value: (channel, json) => {
            const payload = JSON.parse(json);
            for (const listener of listeners.get(channel) ?? []) listener(payload);
          },
        });
        const api = buildApi(
          // One JSON string crosses the binding whole; Playwright's object serializer walks every value
          // of a large account list, and would otherwise dominate every timing the suite sees. A large
          // answer is fetched from the renderer server instead (harness/answers.ts).
          (channel, args) =>
            window.__tokendeskInvoke(channel, JSON.stringify(args ?? null), location.protocol === 'http:')
              .then((text) => text.startsWith(${JSON.stringify(MAILBOX_PREFIX)})
                ? fetch(${JSON.stringify(MAILBOX_PATH)} + text.slice(${JSON.stringify(MAILBOX_PREFIX)}.length)).then((response) => response.text())
                : text)
              .then((text) => JSON.parse(text)),
          (channel, listener) => {
            let set = listeners.get(channel);
            if (!set) listeners.set(channel, (set = new Set()));
            set.add(listener);
            return () => set.delete(listener);
          },
        );
        // As contextBridge does: one frozen object the page cannot replace.
        Object.defineProperty(window, 'tokendesk', { value: api, enumerable: true });
      `,
      resolveDir: root,
      sourcefile: 'e2e-preload.ts',
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  }).then((result) => {
    const file = result.outputFiles[0];
    if (!file) throw new Error('esbuild produced no output for the e2e preload');
    return file.text;
  });
  return cached;
}
