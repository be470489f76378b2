import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { listen, pathOf, pushBounded, readBody, sendJson, sendText, type RunningServer } from './http-util';

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
