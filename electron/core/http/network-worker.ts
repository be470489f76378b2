import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { createHttpClient } from './client';
import { decodeMessage, encodeMessage, encodeResponse, toWireError, type WireAnswer, type WireMessage, type WireOptions, type WireQuestion } from './thread-messages';
import type { HttpClient } from './types';

/**
 * The network thread (see network-thread.ts): runs each request with the one HTTP client, exactly as
 * the engine would in its own thread, and answers with the response or the error as plain values.
 */
const port = parentPort;
if (!port) throw new Error('network-worker.ts runs only as a worker thread (network-thread.ts starts it).');

/** One client per distinct settings (an engine has one; tests a few), so axios' instance is reused. */
const clients = new Map<string, HttpClient>();

function clientFor(options: WireOptions): HttpClient {
  const key = JSON.stringify(options);
  let client = clients.get(key);
  if (!client) {
    // No env given: the client reads this thread's process.env, which the engine's thread shares (SHARE_ENV).
    client = createHttpClient(options);
    clients.set(key, client);
  }
  return client;
}

const answer = (message: WireAnswer): void => port.postMessage(encodeMessage(message));

async function settledHeap(): Promise<number> {
  // Only with --expose-gc (the soak bench); without it the figure includes garbage not yet collected.
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; gc && i < 4; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return getHeapStatistics().used_heap_size;
}

port.on('message', (message: WireMessage) => {
  const question = decodeMessage<WireQuestion>(message).value;
  if (question.kind === 'heap') {
    void settledHeap().then((usedBytes) => answer({ kind: 'heap', usedBytes }));
    return;
  }
  const { id, request, options } = question;
  clientFor(options)
    .request(request)
    .then(
      (response) => port.postMessage(encodeResponse(id, response)),
      (error: unknown) => answer({ kind: 'error', id, error: toWireError(error) }),
    );
});

answer({ kind: 'ready' });
