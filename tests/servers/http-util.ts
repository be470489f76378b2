import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local server on 127.0.0.1 and an ephemeral port. */
export interface RunningServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A request handler; throwing answers 500 with the message. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * Starts an HTTP server on 127.0.0.1, port 0. `close()` also drops keep-alive and hanging sockets.
 * `latencyMs` holds every request that long before the handler sees it (a server across a network).
 */
export async function listen(handler: Handler, latencyMs = 0): Promise<RunningServer & { server: Server }> {
  const server = createServer((req, res) => {
    const held = latencyMs > 0 ? new Promise((resolve) => setTimeout(resolve, latencyMs)) : Promise.resolve();
    held
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: 'test server failure', detail: String(error) });
        else res.destroy();
      });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Reads a request body as text, up to `limit` bytes (larger bodies are cut, never buffered whole). */
export async function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) break;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses JSON, or returns undefined. */
export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A plain object view of a parsed body ({} for anything else). */
export function objectOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Answers JSON with a status. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Answers text with a status and content type. */
export function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** The request path without the query string. */
export function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/';
}

/** A single header value. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

const b64url = (input: Buffer | string): string => Buffer.from(input).toString('base64url');

/** An HS256 JWT, as the real servers issue. */
export function signJwt(claims: Record<string, unknown>, key: string): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  const signature = b64url(createHmac('sha256', key).update(`${head}.${body}`).digest());
  return `${head}.${body}.${signature}`;
}

/** The claims of an HS256 JWT signed with `key`, or null when it is not one of ours. */
export function verifyJwt(token: string, key: string): Record<string, unknown> | null {
  const [head, body, signature] = token.split('.');
  if (!head || !body || !signature) return null;
  const expected = b64url(createHmac('sha256', key).update(`${head}.${body}`).digest());
  if (expected !== signature) return null;
  return objectOf(tryJson(Buffer.from(body, 'base64url').toString('utf8')));
}

/** Random hex, for ids, nonces and cookie values. */
export function randomHex(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}

/** A Map that forgets its oldest entries past `max`, so long benchmarks keep bounded state. */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.has(key)) this.delete(key);
    super.set(key, value);
    while (this.size > this.max) {
      const oldest = this.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    return this;
  }
}

/** Appends to a list that keeps only its newest `max` items. */
export function pushBounded<T>(list: T[], item: T, max = 1000): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

/** One forced answer a test queued (`respondNext`). */
export interface ForcedAnswer {
  status?: number;
  body: unknown;
  /** Only a request to this path takes it; default: the next request, whatever its path. */
  path?: string;
}

/** Removes and returns the first queued answer meant for `path`. */
export function takeForced(queue: ForcedAnswer[], path: string): ForcedAnswer | undefined {
  const index = queue.findIndex((answer) => answer.path === undefined || answer.path === path);
  return index < 0 ? undefined : queue.splice(index, 1)[0];
}

/** Sends a forced answer: strings go out verbatim as text, anything else as JSON. */
export function sendForced(res: ServerResponse, forced: ForcedAnswer): void {
  if (typeof forced.body === 'string') sendText(res, forced.status ?? 200, forced.body);
  else sendJson(res, forced.status ?? 200, forced.body);
}

/** A request a test holds back (`holdNext`): `arrived` settles when it comes in, `release()` lets it answer. */
export interface HeldRequest {
  arrived: Promise<void>;
  release(): void;
}

interface PendingHold {
  path: string | undefined;
  arrive: () => void;
  released: Promise<void>;
  release: () => void;
}

/** The queue behind `holdNext`: `add` hands the test its handle, `wait` holds a request meant for `path`. */
export function holdQueue(): { add(path?: string): HeldRequest; wait(path: string): Promise<void>; releaseAll(): void } {
  const pending: PendingHold[] = [];
  const all: Array<() => void> = [];
  return {
    add(path) {
      let arrive = (): void => undefined;
      let release = (): void => undefined;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      pending.push({ path, arrive, released, release });
      all.push(release);
      return { arrived, release };
    },
    async wait(path) {
      const index = pending.findIndex((hold) => hold.path === undefined || hold.path === path);
      if (index < 0) return;
      const [hold] = pending.splice(index, 1);
      hold?.arrive();
      await hold?.released;
    },
    releaseAll() {
      for (const release of all.splice(0)) release();
    },
  };
}
