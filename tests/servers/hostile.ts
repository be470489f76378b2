import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { listen, pathOf, pushBounded, readBody, sendJson, sendText, tryJson, type RunningServer } from './http-util';

/** What reached the second origin (it must never see credentials). */
export interface CapturedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface HostileServerState {
  huge: { started: number; bytesWritten: number; closedEarly: boolean; finished: boolean };
  hanging: number;
  /** Requests that reached the other origin (newest 50). */
  captured: CapturedRequest[];
  /** Requests to the main server by path (newest 200). */
  seen: string[];
}

export interface HostileServer extends RunningServer {
  /** The second server, on another port: another origin. */
  otherUrl: string;
  state: HostileServerState;
}

/**
 * Ways a hostile (or careless) server echoes a secret it was sent, for `/echo-secret?form=NAME`:
 * encoded, escaped, disguised in Unicode, or in part.
 */
export const ECHO_FORMS: Readonly<Record<string, (secret: string) => string>> = {
  exact: (s) => s,
  hex: (s) => Buffer.from(s, 'utf8').toString('hex'),
  hexUpper: (s) => Buffer.from(s, 'utf8').toString('hex').toUpperCase(),
  htmlEscaped: (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
  htmlNumeric: (s) => Array.from(s, (ch) => (/[A-Za-z0-9]/.test(ch) ? ch : `&#x${(ch.codePointAt(0) ?? 0).toString(16)};`)).join(''),
  doubleUrlEncoded: (s) => encodeURIComponent(encodeURIComponent(s)),
  nfkd: (s) => s.normalize('NFKD'),
  fullWidth: (s) => s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)),
  zeroWidth: (s) => Array.from(s).join('\u200b'),
  softHyphens: (s) => Array.from(s).join('\u00ad'),
  firstHalf: (s) => s.slice(0, Math.ceil(s.length / 2)),
  middle: (s) => s.slice(Math.floor(s.length / 4), Math.floor((3 * s.length) / 4)),
  lastHalf: (s) => s.slice(Math.floor(s.length / 2)),
};

/** Size of the /huge answers. */
export const HUGE_BYTES = 40 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);
let gzipBomb: Buffer | null = null;

/** Writes `total` bytes as fast as the socket takes them; records whether the client hung up first. */
function streamHuge(res: ServerResponse, state: HostileServerState['huge'], declareLength: boolean): void {
  state.started += 1;
  state.bytesWritten = 0;
  state.closedEarly = false;
  state.finished = false;
  res.writeHead(200, { 'Content-Type': 'application/json', ...(declareLength ? { 'Content-Length': HUGE_BYTES } : {}) });
  res.write('{"padding":"');
  const total = HUGE_BYTES - 14;
  res.on('close', () => {
    if (!state.finished) state.closedEarly = true;
  });
  const pump = () => {
    while (state.bytesWritten < total) {
      if (res.destroyed) return;
      const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, total - state.bytesWritten));
      state.bytesWritten += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    state.finished = true;
    res.end('"}');
  };
  pump();
}

/**
 * Answers a client should survive: an HTML 502, a non-JSON 200, silence, 40 MB (plain or gzip), a
 * reset, a drip-fed body, and redirects, including one to another origin that records what reached it.
 */
export async function startHostileServer(): Promise<HostileServer> {
  const state: HostileServerState = {
    huge: { started: 0, bytesWritten: 0, closedEarly: false, finished: false },
    hanging: 0,
    captured: [],
    seen: [],
  };
  const other = await listen(async (req, res) => {
    const body = await readBody(req);
    pushBounded(state.captured, { method: req.method ?? '', path: pathOf(req), headers: { ...req.headers }, body }, 50);
    sendJson(res, 200, { captured: true });
  });
  const main = await listen(async (req, res) => {
    const path = pathOf(req);
    pushBounded(state.seen, path, 200);
    const body = await readBody(req);
    switch (path) {
      case '/html-502':
        return sendText(res, 502, '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>', 'text/html');
      case '/not-json':
        return sendText(res, 200, 'Service is up. Welcome!');
      case '/json-array':
        return sendJson(res, 200, [1, 2, 3]);
      case '/hang':
        state.hanging += 1;
        return; // never answers; close() drops the socket
      case '/drip':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"a":"');
        {
          const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('x')), 100);
          res.on('close', () => clearInterval(timer));
        }
        return;
      case '/huge':
        return streamHuge(res, state.huge, false);
      case '/huge-declared':
        return streamHuge(res, state.huge, true);
      case '/gzip-huge':
        gzipBomb ??= gzipSync(Buffer.alloc(HUGE_BYTES, 0x20));
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': gzipBomb.length });
        return void res.end(gzipBomb);
      case '/reset':
        return void req.socket.destroy();
      case '/reset-mid-body':
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 1000 });
        res.write('{"partial":');
        return void setTimeout(() => req.socket.destroy(), 20);
      case '/redirect-cross':
        res.writeHead(302, { Location: `${other.url}/capture` });
        return void res.end();
      case '/redirect-cross-307':
        res.writeHead(307, { Location: `${other.url}/capture` });
        return void res.end();
      case '/redirect-same':
        res.writeHead(307, { Location: '/echo' });
        return void res.end();
      case '/redirect-loop':
        res.writeHead(302, { Location: '/redirect-loop' });
        return void res.end();
      case '/echo':
        return sendJson(res, 200, { method: req.method, path, headers: req.headers, body });
      case '/echo-secret': {
        // `{"secret": …}` in, an OpenIM-style refusal out that quotes it in the form asked for.
        const form = ECHO_FORMS[new URL(req.url ?? '/', 'http://x').searchParams.get('form') ?? ''] ?? ECHO_FORMS.exact;
        const secret = String((tryJson(body) as { secret?: unknown } | undefined)?.secret ?? '');
        return sendJson(res, 200, { errCode: 1002, errMsg: `unknown secret [${form?.(secret) ?? ''}]`, errDlt: `the secret sent was ${form?.(secret) ?? ''}` });
      }
      default:
        return sendJson(res, 404, { message: `no route ${path}` });
    }
  });
  return {
    url: main.url,
    port: main.port,
    otherUrl: other.url,
    state,
    async close() {
      await Promise.all([main.close(), other.close()]);
    },
  };
}
