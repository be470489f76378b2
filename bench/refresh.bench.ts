/**
 * Refreshes 1,000 accounts (500 SUD, 500 OpenIM v3) through the engine, then makes the same 1,000
 * requests with a bare axios loop at the same concurrency, and prints both wall times and the ratio:
 * the ratio is what the engine costs on top of the HTTP itself (encryption, group-committed vault
 * writes, history lines, events). Run: `npx tsx bench/refresh.bench.ts [accounts] [concurrency]`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import axios, { type AxiosResponse } from 'axios';
import { openCore } from '../electron/core/engine/core';
import { mapWithConcurrency } from '../electron/core/engine/concurrency';
import { FAST_TEST_SCRYPT } from '../electron/core/vault';
import { startOpenImServer, startSudServer } from '../tests/servers';

const ACCOUNTS = Number(process.argv[2] ?? 1000);
const CONCURRENCY = Number(process.argv[3] ?? 8);
const OPENIM_SECRET = 'openIM123';

interface Target {
  kind: 'sud' | 'openim';
  code?: string;
  userID?: string;
}

const ms = (n: number): string => `${n.toFixed(0)} ms`;

async function main(): Promise<void> {
  const sud = await startSudServer({ maxEntries: ACCOUNTS * 4 });
  const openim = await startOpenImServer({ mode: 'v3', secret: OPENIM_SECRET });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-bench-'));
  const targets: Target[] = Array.from({ length: ACCOUNTS }, (_, i) =>
    i % 2 === 0 ? { kind: 'sud', code: sud.issueCode({ ttlMs: 3600_000 }) } : { kind: 'openim', userID: `user-${i}` },
  );

  try {
    // The bare loop: the same requests, nothing else.
    const client = axios.create({ timeout: 15_000, validateStatus: () => true });
    const request = (t: Target): Promise<AxiosResponse<unknown>> =>
      t.kind === 'sud'
        ? client.post(`${sud.url}/get_sstoken`, { code: t.code })
        : client.post(`${openim.url}/auth/user_token`, { secret: OPENIM_SECRET, platformID: 5, userID: t.userID }, { headers: { operationID: randomUUID() } });
    await mapWithConcurrency(targets.slice(0, 50), CONCURRENCY, request); // warm-up (JIT, sockets)
    const bareStart = performance.now();
    const bare = await mapWithConcurrency(targets, CONCURRENCY, request);
    const bareMs = performance.now() - bareStart;
    const bareOk = bare.filter((r) => r.status === 200 && (r.data as { ret_code?: number; errCode?: number }).ret_code !== 1).length;

    // The engine: a real vault in a temp dir, accounts created up front (not timed).
    const core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, concurrency: CONCURRENCY });
    await core.initialize('bench passphrase');
    const setupStart = performance.now();
    await Promise.all(
      targets.map((t, i) =>
        t.kind === 'sud'
          ? core.create({ provider: 'sud', name: `sud ${i}`, values: { baseUrl: sud.url, code: t.code ?? '' } })
          : core.create({ provider: 'openim', name: `im ${i}`, values: { baseUrl: openim.url, secret: OPENIM_SECRET, userID: t.userID ?? '' } }),
      ),
    );
    const setupMs = performance.now() - setupStart;
    const engineStart = performance.now();
    const results = await core.refreshAll();
    const engineMs = performance.now() - engineStart;
    const engineOk = results.filter((r) => r.ok).length;
    const secondStart = performance.now();
    await core.refreshAll(); // SUD now takes the update path; OpenIM issues again
    const secondMs = performance.now() - secondStart;
    await core.close();
    const vaultBytes = (await stat(path.join(dir, 'vault.json'))).size;

    console.log(`accounts ${ACCOUNTS} (SUD ${Math.ceil(ACCOUNTS / 2)}, OpenIM v3 ${Math.floor(ACCOUNTS / 2)}), concurrency ${CONCURRENCY}`);
    console.log(`bare axios loop        ${ms(bareMs)}  (${bareOk}/${ACCOUNTS} ok, ${(bareMs / ACCOUNTS).toFixed(2)} ms/account)`);
    console.log(`engine refreshAll      ${ms(engineMs)}  (${engineOk}/${ACCOUNTS} ok, ${(engineMs / ACCOUNTS).toFixed(2)} ms/account)`);
    console.log(`engine ratio           ${(engineMs / bareMs).toFixed(2)}x the bare loop`);
    console.log(`engine second round    ${ms(secondMs)}  (SUD update_sstoken path)`);
    console.log(`(untimed) creating the accounts took ${ms(setupMs)}; vault file ${(vaultBytes / 1024).toFixed(0)} KiB`);
    if (engineOk !== ACCOUNTS || bareOk !== ACCOUNTS) process.exitCode = 1;
  } finally {
    await Promise.all([sud.close(), openim.close()]);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
