/**
 * Soak: does the engine keep memory it should let go? 100 accounts (SUD and OpenIM, against the local
 * servers) are refreshed in bulk rounds, with a listener on every engine event as the app has, until
 * 10,000 refreshes have run. The heap is measured (after forced garbage collection) once the first
 * 100 refreshes are done and again at the end; the growth between the two is what a long-running app
 * would keep accumulating. Budget (issue 18): heapGrowthMB ≤ 5. Figures only, nothing asserted.
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
import { FAST_TEST_SCRYPT } from '../electron/core/vault';
import { startOpenImServer, startSudServer } from '../tests/servers';
import { argValue, loadAverage, printJson } from './bench-output';

const ACCOUNTS = Number(argValue('--accounts') ?? 100);
const REFRESHES = Number(argValue('--refreshes') ?? 10_000);
const OPENIM_SECRET = 'openIM123';

const gc = (globalThis as { gc?: () => void }).gc;

/** Used heap after full collections (several, so finalizers and weak maps settle). */
async function settledHeap(): Promise<number> {
  if (!gc) throw new Error('Run node with --expose-gc (npm run bench:soak does).');
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

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

    const growth = (late - early) / 1024 / 1024;
    console.log(`accounts ${ACCOUNTS}, ${done} refreshes (${failed} failed) in ${(elapsed / 1000).toFixed(1)} s, ${events} events heard`);
    console.log(`heap after ${earlyAt} refreshes   ${mb(early)}`);
    console.log(`heap after ${middleAt} refreshes  ${mb(middle)}`);
    console.log(`heap after ${done} refreshes ${mb(late)}`);
    console.log(`load average ${loadAverage()}`);
    console.log(`heap growth              ${growth.toFixed(2)} MB (history file ${(historyBytes / 1024).toFixed(0)} KiB, capped at 1 MiB)`);
    if (failed > 0) process.exitCode = 1;
    const inMB = (bytes: number): number => Number((bytes / 1024 / 1024).toFixed(2));
    printJson({ heapGrowthMB: Number(growth.toFixed(3)), heapEarlyMB: inMB(early), heapMiddleMB: inMB(middle), heapLateMB: inMB(late), refreshes: done, accounts: ACCOUNTS, loadAverage: loadAverage() });
  } finally {
    await Promise.all([sud.close(), openim.close()]);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
