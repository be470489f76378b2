/**
 * Refreshes 1,000 accounts (500 SUD, 500 OpenIM v3) through the engine, and makes the same 1,000
 * requests with a bare axios loop at the same concurrency, and prints both wall times and the ratio:
 * the ratio is what the engine costs on top of the HTTP itself (encryption, group-committed vault
 * writes, history lines, events). Figures only, nothing asserted.
 *
 * The engine makes its requests on its network thread (core/http/network-thread.ts) and does its own
 * work (vault, history, events) on the calling thread, as the app does; the bare loop has one thread.
 * The wall-time ratio is what a person waits for; the CPU ratio (all threads) is what the work costs.
 *
 * The machine is shared, so one pair of runs is noisy: the bench runs ROUNDS pairs (bare loop, then
 * the engine on a fresh vault, so every engine round takes the same first-refresh path) and reports
 * the ratio of the best engine round to the best bare round (the usual estimator under outside load:
 * other processes only ever add time), with the medians beside it. The provider servers run in this
 * process, so their CPU is on both sides of the ratio alike.
 *
 * Run: `npx tsx bench/refresh.bench.ts [--json] [--accounts N] [--concurrency N] [--rounds N]
 * [--profile DIR]`. `--profile` writes V8 CPU profiles of the last engine refreshAll, of the last
 * bare loop and of the last HTTP-excluded round, for `npx tsx bench/profile-summary.ts FILE`.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import axios, { type AxiosResponse } from 'axios';
import { openCore } from '../electron/core/engine/core';
import { mapWithConcurrency } from '../electron/core/engine/concurrency';
import { createHttpClient } from '../electron/core/http/client';
import type { HttpClient, HttpResponse } from '../electron/core/http/types';
import { FAST_TEST_SCRYPT } from '../electron/core/vault';
import { startOpenImServer, startSudServer, type OpenImServer, type SudServer } from '../tests/servers';
import { argValue, median, printJson } from './bench-output';

const ACCOUNTS = Number(argValue('--accounts') ?? 1000);
const CONCURRENCY = Number(argValue('--concurrency') ?? 8);
const ROUNDS = Number(argValue('--rounds') ?? 7);
const PROFILE_DIR = argValue('--profile');
const OPENIM_SECRET = 'openIM123';

interface Target {
  kind: 'sud' | 'openim';
  code?: string;
  userID?: string;
}

/** CPU time (user + system, all threads of this process) since `from`, in ms. */
const cpuSince = (from: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};

interface EngineRound {
  ms: number;
  cpuMs: number;
  ok: number;
  secondMs: number;
  vaultBytes: number;
}

const ms = (n: number): string => `${n.toFixed(0)} ms`;

async function saveProfile(session: Session, name: string): Promise<void> {
  const { profile } = await session.post('Profiler.stop');
  const dir = PROFILE_DIR ?? '.';
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}-${Date.now()}.cpuprofile`);
  await writeFile(file, JSON.stringify(profile));
  console.log(`CPU profile of the last ${name} round: ${file}`);
}

async function bareRound(targets: Target[], sud: SudServer, openim: OpenImServer, session: Session | null): Promise<{ ms: number; cpuMs: number; ok: number }> {
  const client = axios.create({ timeout: 15_000, validateStatus: () => true });
  const request = (t: Target): Promise<AxiosResponse<unknown>> =>
    t.kind === 'sud'
      ? client.post(`${sud.url}/get_sstoken`, { code: t.code })
      : client.post(`${openim.url}/auth/user_token`, { secret: OPENIM_SECRET, platformID: 5, userID: t.userID }, { headers: { operationID: randomUUID() } });
  await mapWithConcurrency(targets.slice(0, 50), CONCURRENCY, request); // warm-up (JIT, sockets)
  if (session) { await session.post('Profiler.setSamplingInterval', { interval: 100 }); await session.post('Profiler.start'); }
  const cpu = process.cpuUsage();
  const started = performance.now();
  const answers = await mapWithConcurrency(targets, CONCURRENCY, request);
  const elapsed = performance.now() - started;
  const cpuMs = cpuSince(cpu);
  if (session) await saveProfile(session, 'bare');
  const ok = answers.filter((r) => r.status === 200 && (r.data as { ret_code?: number; errCode?: number }).ret_code !== 1).length;
  return { ms: elapsed, cpuMs, ok };
}

/** A fresh vault with the accounts (untimed), one timed refreshAll, then a second (SUD update path). */
async function engineRound(targets: Target[], sud: SudServer, openim: OpenImServer, session: Session | null): Promise<EngineRound> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-bench-'));
  try {
    const core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, concurrency: CONCURRENCY });
    await core.initialize('bench passphrase');
    await Promise.all(
      targets.map((t, i) =>
        t.kind === 'sud'
          ? core.create({ provider: 'sud', name: `sud ${i}`, values: { baseUrl: sud.url, code: t.code ?? '' } })
          : core.create({ provider: 'openim', name: `im ${i}`, values: { baseUrl: openim.url, secret: OPENIM_SECRET, userID: t.userID ?? '' } }),
      ),
    );
    if (session) { await session.post('Profiler.setSamplingInterval', { interval: 100 }); await session.post('Profiler.start'); }
    const cpu = process.cpuUsage();
    const started = performance.now();
    const results = await core.refreshAll();
    const elapsed = performance.now() - started;
    const cpuMs = cpuSince(cpu);
    if (session) await saveProfile(session, 'engine');
    const secondStart = performance.now();
    await core.refreshAll(); // SUD now takes the update path; OpenIM issues again
    const secondMs = performance.now() - secondStart;
    await core.close();
    const vaultBytes = (await stat(path.join(dir, 'vault.json'))).size;
    return { ms: elapsed, cpuMs, ok: results.filter((r) => r.ok).length, secondMs, vaultBytes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The engine's own cost per refresh, HTTP excluded: the same refreshAll over a client that replays
 * the servers' first answer per path instantly. Deterministic enough to compare commits on a busy
 * machine; the vault writes (and their fsyncs) are still real.
 */
async function overheadRound(targets: Target[], sud: SudServer, openim: OpenImServer, session: Session | null): Promise<number> {
  const real = createHttpClient();
  const answers = new Map<string, Promise<HttpResponse>>();
  const replay: HttpClient = {
    request: (request) => {
      const key = new URL(request.url).pathname;
      let answer = answers.get(key);
      if (!answer) answers.set(key, (answer = real.request(request)));
      return answer;
    },
  };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-bench-'));
  try {
    const core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, concurrency: CONCURRENCY, httpClient: replay });
    await core.initialize('bench passphrase');
    await Promise.all(
      targets.map((t, i) =>
        t.kind === 'sud'
          ? core.create({ provider: 'sud', name: `sud ${i}`, values: { baseUrl: sud.url, code: t.code ?? '' } })
          : core.create({ provider: 'openim', name: `im ${i}`, values: { baseUrl: openim.url, secret: OPENIM_SECRET, userID: t.userID ?? '' } }),
      ),
    );
    await core.refresh(core.list()[0]?.id ?? ''); // fills the replay cache
    await core.refresh(core.list()[1]?.id ?? '');
    if (session) { await session.post('Profiler.setSamplingInterval', { interval: 100 }); await session.post('Profiler.start'); }
    const cpu = process.cpuUsage();
    await core.refreshAll();
    const cpuMs = cpuSince(cpu);
    if (session) await saveProfile(session, 'engine-no-http');
    await core.close();
    return (cpuMs * 1000) / targets.length;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sud = await startSudServer({ maxEntries: ACCOUNTS * 4 });
  const openim = await startOpenImServer({ mode: 'v3', secret: OPENIM_SECRET });
  const targets: Target[] = Array.from({ length: ACCOUNTS }, (_, i) =>
    i % 2 === 0 ? { kind: 'sud', code: sud.issueCode({ ttlMs: 3600_000 }) } : { kind: 'openim', userID: `user-${i}` },
  );
  const session = PROFILE_DIR ? new Session() : null;
  session?.connect();
  if (session) await session.post('Profiler.enable');

  try {
    const pairs: Array<{ bare: { ms: number; cpuMs: number; ok: number }; engine: EngineRound }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Only the last round is profiled: the profiler stays out of the other rounds' figures.
      const profiled = round === ROUNDS - 1 ? session : null;
      const bare = await bareRound(targets, sud, openim, profiled);
      const engine = await engineRound(targets, sud, openim, profiled);
      pairs.push({ bare, engine });
    }
    const overheadUs = Math.min(...(await mapWithConcurrency(Array.from({ length: ROUNDS }, (_, i) => i), 1, (i) => overheadRound(targets, sud, openim, i === ROUNDS - 1 ? session : null))));
    const ratios = pairs.map((p) => p.engine.ms / p.bare.ms);
    const bestBare = Math.min(...pairs.map((p) => p.bare.ms));
    const bestEngine = Math.min(...pairs.map((p) => p.engine.ms));
    const ratio = bestEngine / bestBare;
    const cpuRatio = Math.min(...pairs.map((p) => p.engine.cpuMs)) / Math.min(...pairs.map((p) => p.bare.cpuMs));
    const bareMs = median(pairs.map((p) => p.bare.ms));
    const engineMs = median(pairs.map((p) => p.engine.ms));
    const secondMs = median(pairs.map((p) => p.engine.secondMs));
    const allOk = pairs.every((p) => p.bare.ok === ACCOUNTS && p.engine.ok === ACCOUNTS);

    console.log(`accounts ${ACCOUNTS} (SUD ${Math.ceil(ACCOUNTS / 2)}, OpenIM v3 ${Math.floor(ACCOUNTS / 2)}), concurrency ${CONCURRENCY}, ${ROUNDS} rounds`);
    console.log(`bare axios loop        best ${ms(bestBare)}, median ${ms(bareMs)}  (${(bestBare / ACCOUNTS).toFixed(2)} ms/account)`);
    console.log(`engine refreshAll      best ${ms(bestEngine)}, median ${ms(engineMs)}  (${(bestEngine / ACCOUNTS).toFixed(2)} ms/account, each result on disk before it is reported)`);
    console.log(`engine ratio           ${ratio.toFixed(2)}x the bare loop, best to best (pairwise: ${ratios.map((r) => r.toFixed(2)).join(', ')}; median ${median(ratios).toFixed(2)})`);
    console.log(`CPU time ratio         ${cpuRatio.toFixed(2)}x, best to best (this process, all threads: less sensitive to outside load than wall time)`);
    console.log(`engine CPU per refresh, HTTP excluded  ${overheadUs.toFixed(0)} µs (replayed answers, real vault writes; best of ${ROUNDS})`);
    console.log(`engine second round    ${ms(secondMs)} median  (SUD update_sstoken path)`);
    console.log(`vault file ${((pairs[0]?.engine.vaultBytes ?? 0) / 1024).toFixed(0)} KiB; every round ${allOk ? 'refreshed all accounts' : 'HAD FAILURES'}`);
    if (!allOk) process.exitCode = 1;
    printJson({ refreshRatio: Number(ratio.toFixed(3)), medianPairRatio: Number(median(ratios).toFixed(3)), cpuRatio: Number(cpuRatio.toFixed(3)), engineCpuPerRefreshUs: Math.round(overheadUs), bareMs: Math.round(bestBare), engineMs: Math.round(bestEngine), secondRoundMs: Math.round(secondMs), accounts: ACCOUNTS, concurrency: CONCURRENCY, rounds: ROUNDS });
  } finally {
    session?.disconnect();
    await Promise.all([sud.close(), openim.close()]);
  }
}

await main();
