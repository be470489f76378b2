import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/engine/core';
import { TokenDeskError } from '../../electron/core/errors';
import { NetworkThread, networkThread, startNetworkWorker } from '../../electron/core/http/network-thread';
import type { HttpRequest } from '../../electron/core/http/types';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { startSudServer, type SudServer } from '../servers';
import { listen, readBody, sendJson, type RunningServer } from '../servers/http-util';

/** The first bytes of a PNG: not valid UTF-8, so text alone could not carry them. */
const PNG_START = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x80]);

/** Counts every request that reaches it, so a request sent twice would show. */
let counter: RunningServer & { hits: () => number };
let sud: SudServer;

beforeAll(async () => {
  let hits = 0;
  const server = await listen(async (req, res) => {
    hits++;
    if (req.url === '/image') {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end(PNG_START);
      return;
    }
    sendJson(res, 200, { echoed: await readBody(req) });
  });
  counter = Object.assign(server, { hits: () => hits });
  sud = await startSudServer();
});
afterAll(async () => {
  await counter.close();
  await sud.close();
});

const echo = (): HttpRequest => ({ method: 'POST', url: `${counter.url}/echo`, json: { n: 1 }, operation: 'echo' });

/** A worker made from inline code (what a broken build or a crashing thread looks like). */
const inlineWorker = (code: string) => () => new Worker(code, { eval: true });

describe('the network thread', () => {
  it("carries the engine's exchanges once a bulk refresh has started it; results are saved as before", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-net-'));
    const core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT });
    try {
      await core.initialize('network thread passphrase');
      const add = (name: string) => core.create({ provider: 'sud', name, values: { baseUrl: sud.url, code: sud.issueCode() } });
      const [first] = [await add('one'), await add('two')];
      expect((await core.refreshAll()).map((r) => r.ok)).toEqual([true, true]);
      expect(await networkThread.warm()).toBe('worker');
      const before = networkThread.served.worker;
      expect(await core.refresh(first!.id)).toMatchObject({ ok: true, error: null });
      expect(networkThread.served.worker).toBe(before + 1);
      expect(core.get(first!.id).hasToken).toBe(true);
    } finally {
      await core.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('sends a lone request from this thread at once, without starting a worker (a CLI refresh)', async () => {
    let spawned = 0;
    const thread = new NetworkThread(() => {
      spawned++;
      return startNetworkWorker();
    });
    expect((await thread.request(echo(), {})).status).toBe(200);
    expect(thread.served).toEqual({ worker: 0, thisThread: 1 });
    expect(spawned).toBe(0);
    expect(thread.state()).toBe('idle');
  });

  it('runs requests in this thread when no worker can start (its file missing from a build)', async () => {
    const thread = new NetworkThread(() => null);
    expect(await thread.warm()).toBe('this thread');
    expect((await thread.request(echo(), {})).status).toBe(200);
    expect(thread.served.thisThread).toBe(1);
  });

  it('keeps requests in this thread, each sent once, when the worker fails to start', async () => {
    const thread = new NetworkThread(inlineWorker("throw new Error('broken build')"));
    const warming = thread.warm();
    const before = counter.hits();
    const answers = await Promise.all([thread.request(echo(), {}), thread.request(echo(), {})]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(await warming).toBe('this thread');
    expect(counter.hits() - before).toBe(2);
    expect((await thread.request(echo(), {})).status).toBe(200);
    expect(thread.served).toEqual({ worker: 0, thisThread: 3 });
  });

  it('fails a request that was out when the worker stopped (never sends it twice), and the next warm-up starts a new worker', async () => {
    // The first worker says it is ready, then dies on its first request; the second is the real one.
    const dying = inlineWorker("const { parentPort } = require('node:worker_threads'); parentPort.postMessage(JSON.stringify({ kind: 'ready' })); parentPort.on('message', () => process.exit(3));");
    let spawned = 0;
    const thread = new NetworkThread(() => (spawned++ === 0 ? dying() : startNetworkWorker()), 10);
    expect(await thread.warm()).toBe('worker');
    const before = counter.hits();
    const failure = await thread.request(echo(), {}).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TokenDeskError);
    expect((failure as TokenDeskError).code).toBe('network');
    expect((failure as TokenDeskError).message).toMatch(/network thread stopped while the request to 127\.0\.0\.1:\d+ \(echo\) was out; it may or may not have reached the server\. Refresh again\./);
    expect(counter.hits()).toBe(before); // not re-sent from this thread

    expect(await thread.warm()).toBe('worker');
    expect((await thread.request(echo(), {})).status).toBe(200);
    expect(thread.served.worker).toBe(2);
    expect(spawned).toBe(2);
    thread.retain();
    thread.release(); // the last engine closed: after its idle time the worker ends
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(thread.state()).toBe('idle');
  });

  it('carries errors back as the same values: a refused connection names host:port, without the secrets', async () => {
    const thread = new NetworkThread();
    expect(await thread.warm()).toBe('worker');
    const refused = await listen(() => undefined);
    const url = `${refused.url}/get?code=secret-code-123`;
    await refused.close();
    const error = await thread.request({ method: 'GET', url, operation: 'get_sstoken', secrets: ['secret-code-123'] }, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenDeskError);
    expect((error as TokenDeskError).code).toBe('network');
    expect((error as TokenDeskError).message).toContain(refused.url.replace('http://', ''));
    expect((error as TokenDeskError).message).not.toContain('secret-code-123');
    expect(thread.served.worker).toBe(1);
    thread.retain();
    thread.release();
  });

  it('hands answers back byte for byte as a Buffer, text and binary alike (SaiNiu QR images)', async () => {
    const thread = new NetworkThread();
    expect(await thread.warm()).toBe('worker');
    const response = await thread.request(echo(), {});
    expect(Buffer.isBuffer(response.bytes)).toBe(true);
    expect(response.bytes?.toString()).toBe(response.text);
    expect(response.json).toEqual({ echoed: JSON.stringify({ n: 1 }) });
    const image = await thread.request({ method: 'GET', url: `${counter.url}/image`, operation: 'qr' }, {});
    expect(Buffer.isBuffer(image.bytes)).toBe(true);
    expect(Buffer.compare(image.bytes as Buffer, PNG_START)).toBe(0);
    expect(image.json).toBeUndefined();
    expect(thread.served.worker).toBe(2);
    // What the soak bench reads: the worker's own heap (a thread that answers requests holds some).
    expect(await thread.heapUsed()).toBeGreaterThan(1024 * 1024);
    thread.retain();
    thread.release();
  });
});
