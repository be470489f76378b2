import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SHARE_ENV, Worker } from 'node:worker_threads';
import { TokenDeskError } from '../errors';
import { createHttpClient, parseJson } from './client';
import { hostPort } from './describe';
import { decodeMessage, encodeMessage, fromWireError, wireOptions, type WireAnswer, type WireHeapQuery, type WireMessage, type WireOptions, type WireRequest } from './thread-messages';
import type { HttpClient, HttpClientOptions, HttpRequest, HttpResponse } from './types';

/**
 * The engine's HTTP exchanges run on one worker thread per process, so that axios, sockets and parsing
 * leave the thread that serves the window (Electron's main process) and keeps the vault: a bulk refresh
 * of thousands of accounts no longer stalls IPC, and the two halves run on two cores. The worker runs
 * the same client (client.ts) with the same settings; only plain values cross.
 *
 * The worker starts when a bulk refresh does (`warm`); until it is ready, and where none can start (its
 * file missing from a build, a platform without threads), requests run in this thread: slower under
 * load, never wrong. A worker that stops while requests are out fails exactly those (they may have
 * reached the server, so they are not sent twice); the next bulk refresh starts a new one.
 */

interface Pending {
  message: WireRequest;
  resolve(response: HttpResponse): void;
  reject(error: unknown): void;
}

/** How long a thread no engine holds stays up for the next one. */
const IDLE_STOP_MS = 5_000;

/** A worker that keeps stopping is not started again; this thread takes over. */
const MAX_RESTARTS = 3;

const here = path.dirname(fileURLToPath(import.meta.url));

/** tsx's ESM register API (a dev dependency: only the engine run from source gets here). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return path.join(path.dirname(manifest), exports['./esm/api']?.import.default ?? 'dist/esm/api/index.mjs');
}

/**
 * The worker's entry: built next to this bundle (dist-electron/main, dist-electron/cli), or the
 * TypeScript source when the engine itself runs from source (tsx, vitest), loaded through tsx.
 */
export function startNetworkWorker(): Worker | null {
  const built = path.join(here, 'network-worker.js');
  if (existsSync(built)) return new Worker(pathToFileURL(built), { env: SHARE_ENV });
  const source = path.join(here, 'network-worker.ts');
  if (!existsSync(source)) return null;
  const tsx = pathToFileURL(tsxEsmApi()).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(source).href)}); });`;
  return new Worker(bootstrap, { eval: true, env: SHARE_ENV });
}

/**
 * Where requests go now: no worker (not started, or ended after idling), one starting, the worker, or
 * this thread for good (no worker could start).
 */
export type NetworkThreadState = 'idle' | 'starting' | 'worker' | 'this thread';

export class NetworkThread {
  private worker: Worker | null = null;
  private ready = false;
  private restarts = 0;
  private inlineOnly = false;
  private nextId = 1;
  private users = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly readyWaiters: Array<(state: NetworkThreadState) => void> = [];
  private readonly heapWaiters: Array<(bytes: number | null) => void> = [];
  private readonly inlineClients = new Map<string, HttpClient>();
  /** How many requests went each way (diagnostics and tests). */
  readonly served = { worker: 0, thisThread: 0 };

  constructor(
    private readonly spawn: () => Worker | null = startNetworkWorker,
    private readonly idleStopMs = IDLE_STOP_MS,
  ) {}

  state(): NetworkThreadState {
    if (this.inlineOnly) return 'this thread';
    if (this.ready) return 'worker';
    return this.worker ? 'starting' : 'idle';
  }

  /**
   * Requests go to the worker once it is ready, and from this thread until then: nothing ever waits for
   * a worker to start, so a single refresh (the CLI's) costs no thread at all.
   */
  request(request: HttpRequest, options: WireOptions): Promise<HttpResponse> {
    const worker = this.ready ? this.worker : null;
    if (!worker) {
      this.served.thisThread++;
      return this.inline(request, options);
    }
    this.served.worker++;
    return new Promise<HttpResponse>((resolve, reject) => {
      const message: WireRequest = { kind: 'request', id: this.nextId++, request, options };
      if (this.pending.size === 0) worker.ref();
      this.pending.set(message.id, { message, resolve, reject });
      worker.postMessage(encodeMessage(message));
    });
  }

  /** The worker's used heap after collecting garbage (bytes), or null when no worker runs. */
  heapUsed(): Promise<number | null> {
    const worker = this.ready ? this.worker : null;
    if (!worker) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.heapWaiters.push(resolve);
      if (this.heapWaiters.length > 1) return;
      worker.ref();
      worker.postMessage(encodeMessage({ kind: 'heap' } satisfies WireHeapQuery));
    });
  }

  /** Starts the worker (many requests are coming: a bulk refresh); resolves once it is ready or cannot be. */
  warm(): Promise<NetworkThreadState> {
    if (!this.inlineOnly && !this.worker) this.start();
    const state = this.state();
    if (state !== 'starting') return Promise.resolve(state);
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** An engine holds the thread while it is open; once the last has closed and it sat idle a while, it ends. */
  retain(): void {
    this.users++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0) this.stopWhenIdle();
  }

  private stopWhenIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    // An engine opened again soon (the CLI's next command in a script, a test's next case) reuses it.
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.users > 0 || !this.worker) return;
      // Requests still out end on their own deadline; the thread waits for them.
      if (this.pending.size > 0) return this.stopWhenIdle();
      const worker = this.worker;
      this.detach();
      void worker.terminate();
    }, this.idleStopMs);
    this.idleTimer.unref();
  }

  private start(): void {
    let worker: Worker | null;
    try {
      worker = this.spawn();
    } catch {
      worker = null;
    }
    if (!worker) {
      this.inlineOnly = true;
      return;
    }
    this.worker = worker;
    this.ready = false;
    worker.unref();
    worker.on('message', (message: WireMessage) => {
      const { value, bytes } = decodeMessage<WireAnswer>(message);
      this.answered(value, bytes);
    });
    worker.on('error', () => this.stopped(worker));
    worker.on('messageerror', () => this.stopped(worker));
    worker.on('exit', () => this.stopped(worker));
  }

  private settleWaiters(): void {
    const state = this.state();
    for (const resolve of this.readyWaiters.splice(0)) resolve(state);
  }

  private answered(answer: WireAnswer, bytes: Uint8Array | undefined): void {
    if (answer.kind === 'ready') {
      this.ready = true;
      this.settleWaiters();
      return;
    }
    if (answer.kind === 'heap') {
      if (this.pending.size === 0) this.worker?.unref();
      for (const resolve of this.heapWaiters.splice(0)) resolve(answer.usedBytes);
      return;
    }
    const pending = this.pending.get(answer.id);
    if (!pending) return;
    this.pending.delete(answer.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (answer.kind === 'error') pending.reject(fromWireError(answer.error));
    else {
      const { text } = answer.response;
      pending.resolve({
        ...answer.response,
        json: parseJson(text),
        // Providers read bytes as a Buffer (structured clone hands a binary answer over as a Uint8Array).
        bytes: bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.from(text, 'utf8'),
      });
    }
  }

  private stopped(worker: Worker): void {
    if (this.worker !== worker) return;
    const wasReady = this.ready;
    this.detach();
    void worker.terminate();
    // Never ready: it never had a request, and requests stay in this thread from now on.
    if (!wasReady || ++this.restarts >= MAX_RESTARTS) this.inlineOnly = true;
    // Requests it had may have reached their server: they fail, and are never sent twice.
    this.failPending();
    this.settleWaiters();
    for (const resolve of this.heapWaiters.splice(0)) resolve(null);
  }

  private detach(): void {
    this.worker = null;
    this.ready = false;
  }

  private failPending(): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const { message, reject } of waiting) reject(interruptedError(message.request));
  }

  private inline(request: HttpRequest, options: WireOptions): Promise<HttpResponse> {
    const key = JSON.stringify(options);
    let client = this.inlineClients.get(key);
    if (!client) {
      client = createHttpClient(options);
      this.inlineClients.set(key, client);
    }
    return client.request(request);
  }
}

function interruptedError(request: HttpRequest): TokenDeskError {
  let where = 'the server';
  try {
    where = hostPort(new URL(request.url));
  } catch {
    // An unparsable URL never left: the wording stays general.
  }
  return new TokenDeskError(
    'network',
    `TokenDesk's network thread stopped while the request to ${where} (${request.operation}) was out; it may or may not have reached the server. Refresh again.`,
  );
}

/** The one network thread of this process. */
export const networkThread = new NetworkThread();

/**
 * The engine's HTTP client: client.ts's behaviour (deadline, size cap, same-origin redirects, proxies,
 * User-Agent) with the work done on the network thread.
 */
export function createThreadedHttpClient(options: HttpClientOptions = {}): HttpClient {
  const wire = wireOptions(options);
  return { request: (request) => networkThread.request(request, wire) };
}
