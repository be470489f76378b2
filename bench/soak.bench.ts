/**
 * Soak: does the engine keep memory it should let go? 100 accounts (SUD and OpenIM, against the local
 * servers) are refreshed in bulk rounds, with a listener on every engine event as the app has, until
 * 10,000 refreshes have run. The heap is measured (after forced garbage collection) once the first
 * 100 refreshes are done and again at the end; the growth between the two is what a long-running app
 * would keep accumulating; the engine's network thread (which makes the HTTP requests) is counted too.
 * Figures only, nothing asserted.
 *
 * Run: `node --expose-gc --import tsx bench/soak.bench.ts [--json] [--refreshes N] [--accounts N]`
 * (`npm run bench:soak`). The provider servers run in this process with bounded state (the SUD server
 * remembers at most a few codes and tokens per account), so their memory does not grow either.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../electron/core/engine/core';
import { networkThread } from '../electron/core/http/network-thread';
import { FAST_TEST_SCRYPT } from '../electron/core/vault';
import { startOpenImServer, startSudServer } from '../tests/servers';
import { argValue, printJson } from './bench-output';

const ACCOUNTS = Number(argValue('--accounts') ?? 100);
const REFRESHES = Number(argValue('--refreshes') ?? 10_000);
const OPENIM_SECRET = 'openIM123';

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Used heap after full collections (several, so finalizers and weak maps settle): this thread's and the
 * engine's network thread's (a bulk refresh starts it; it collects its own garbage the same way).
 */
async function settledHeap(): Promise<{ main: number; network: number }> {
  if (!gc) throw new Error('Run node with --expose-gc (npm run bench:soak does).');
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const main = process.memoryUsage().heapUsed;
  if ((await networkThread.warm()) !== 'worker') throw new Error('The network thread did not start; the soak measures the engine as the app runs it.');
  return { main, network: (await networkThread.heapUsed()) ?? 0 };
}

const total = (heap: { main: number; network: number }): number => heap.main + heap.network;

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

async function main(): Promise<void> {
  const sud = await startSudServer({ maxEntries: ACCOUNTS * 4 });
  const openim = await startOpenImServer({ mode: 'v3', secret: OPENIM_SECRET });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-soak-'));
  try {
    const core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, watchExternalChanges: true });
    await core.initialize('soak passphrase');
    // What the app's main process subscribes: every change is turned into what it would send the window.
    let events = 0;
    const offs = [
      core.on('accounts:changed', (change) => (events += change.upserted.length + change.removed.length)),
      core.on('vault:changed', () => (events += 1)),
      core.on('settings:changed', () => (events += 1)),
    ];
    for (let i = 0; i < ACCOUNTS; i++) {
      if (i % 2 === 0) await core.create({ provider: 'sud', name: `sud ${i}`, values: { baseUrl: sud.url, code: sud.issueCode({ ttlMs: 24 * 3600_000 }) } });
      else await core.create({ provider: 'openim', name: `im ${i}`, values: { baseUrl: openim.url, secret: OPENIM_SECRET, userID: `user-${i}` } });
    }

    let done = 0;
    let failed = 0;
    const round = async (): Promise<void> => {
      const results = await core.refreshAll();
      done += results.length;
      failed += results.filter((r) => !r.ok).length;
    };
    const started = performance.now();
    await round();
    const early = await settledHeap();
    const earlyAt = done;
    while (done < REFRESHES / 2) await round();
    // Halfway: growth that continues in the second half is a leak; growth only in the first is warm-up.
    const middle = await settledHeap();
    const middleAt = done;
    while (done < REFRESHES) await round();
    await core.history({ limit: 10 }); // the history file was read back too, as the window does
    const late = await settledHeap();
    const elapsed = performance.now() - started;
    const historyBytes = (await stat(path.join(dir, 'history.jsonl'))).size;
    for (const off of offs) off();
    await core.close();

    const growth = (total(late) - total(early)) / 1024 / 1024;
    console.log(`accounts ${ACCOUNTS}, ${done} refreshes (${failed} failed) in ${(elapsed / 1000).toFixed(1)} s, ${events} events heard`);
    const heap = (h: { main: number; network: number }) => `${mb(total(h))}  (engine thread ${mb(h.main)}, network thread ${mb(h.network)})`;
    console.log(`heap after ${earlyAt} refreshes   ${heap(early)}`);
    console.log(`heap after ${middleAt} refreshes  ${heap(middle)}`);
    console.log(`heap after ${done} refreshes ${heap(late)}`);
    console.log(`heap growth              ${growth.toFixed(2)} MB (history file ${(historyBytes / 1024).toFixed(0)} KiB, capped at 1 MiB)`);
    if (failed > 0) process.exitCode = 1;
    printJson({ heapGrowthMB: Number(growth.toFixed(3)), heapEarlyMB: Number((total(early) / 1024 / 1024).toFixed(2)), heapMiddleMB: Number((total(middle) / 1024 / 1024).toFixed(2)), heapLateMB: Number((total(late) / 1024 / 1024).toFixed(2)), networkThreadGrowthMB: Number(((late.network - early.network) / 1024 / 1024).toFixed(3)), refreshes: done, accounts: ACCOUNTS });
  } finally {
    await Promise.all([sud.close(), openim.close()]);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
