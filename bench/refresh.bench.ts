/**
 * A bulk refresh of 1,000 accounts (500 SUD, 500 OpenIM v3) through the engine, against the same
 * 1,000 requests made by a bare axios loop at the same concurrency: what a person waits for, and what
 * the engine adds to the HTTP itself (encryption, group-committed vault writes, history, events).
 * Figures only, nothing asserted.
 *
 * The provider servers run in a child process (bench/servers.ts), each answer held `--latency` ms
 * (default 20), so neither side pays for the servers' work and the network's wait is in the figure, as
 * it is for a person. Rounds alternate (bare loop, then the engine on a fresh vault) and each pair gives
 * a ratio; the median pair is the figure, so drift in the machine's load hits both sides of each ratio.
 *
 * - `refreshRatio`: engine wall time / bare loop wall time (median of the pairs).
 * - `engineCpuPerRefreshUs`: the engine's CPU per refresh with HTTP excluded (answers replayed, vault
 *   writes real); `engineCpuRatio`: that over the bare loop's CPU per request.
 * - `loopDelayP99Ms`: the event loop's delay (p99) during the engine's bulk refresh: how long anything
 *   else this thread serves (the window, in the app) may wait.
 *
 * Run: `npx tsx bench/refresh.bench.ts [--json] [--accounts N] [--concurrency N] [--rounds N]
 * [--latency MS] [--profile DIR]`. `--profile` writes V8 CPU profiles of the last engine round, bare
 * round and HTTP-excluded round, for `npx tsx bench/profile-summary.ts FILE`.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import axios, { type AxiosResponse } from 'axios';
import { openCore } from '../electron/core/engine/core';
import { mapWithConcurrency } from '../electron/core/engine/concurrency';
import { createHttpClient } from '../electron/core/http/client';
import type { HttpClient, HttpResponse } from '../electron/core/http/types';
import type { OpenedCore } from '../electron/core/engine/types';
import { FAST_TEST_SCRYPT } from '../electron/core/vault';
import { argValue, loadAverage, median, printJson } from './bench-output';
import { startServersProcess, type ServersProcess } from './servers';

const ACCOUNTS = Number(argValue('--accounts') ?? 1000);
const CONCURRENCY = Number(argValue('--concurrency') ?? 8);
const ROUNDS = Number(argValue('--rounds') ?? 5);
const LATENCY_MS = Number(argValue('--latency') ?? 20);
const PROFILE_DIR = argValue('--profile');

/** CPU time (user + system, all threads of this process) since `from`, in ms. */
const cpuSince = (from: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};

interface Round {
  ms: number;
  cpuMs: number;
  ok: number;
  /** Event-loop delay p99 during the round (ms); the engine's rounds only. */
  delayP99Ms?: number;
}

const ms = (n: number): string => `${n.toFixed(0)} ms`;

async function profiled<T>(session: Session | null, name: string, action: () => Promise<T>): Promise<T> {
  if (!session) return action();
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const result = await action();
  const { profile } = await session.post('Profiler.stop');
  const dir = PROFILE_DIR ?? '.';
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}-${Date.now()}.cpuprofile`);
  await writeFile(file, JSON.stringify(profile));
  console.log(`CPU profile of the last ${name} round: ${file}`);
  return result;
}

async function bareRound(servers: ServersProcess, session: Session | null): Promise<Round> {
  const client = axios.create({ timeout: 15_000, validateStatus: () => true });
  const request = (i: number): Promise<AxiosResponse<unknown>> =>
    i % 2 === 0
      ? client.post(`${servers.sud}/get_sstoken`, { code: servers.codes[i / 2] })
      : client.post(`${servers.openim}/auth/user_token`, { secret: servers.openimSecret, platformID: 5, userID: `user-${i}` }, { headers: { operationID: randomUUID() } });
  const indexes = Array.from({ length: ACCOUNTS }, (_, i) => i);
  await mapWithConcurrency(indexes.slice(0, 50), CONCURRENCY, request); // warm-up (JIT, sockets)
  return profiled(session, 'bare', async () => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const answers = await mapWithConcurrency(indexes, CONCURRENCY, request);
    const elapsed = performance.now() - started;
    const ok = answers.filter((r) => r.status === 200 && (r.data as { ret_code?: number; errCode?: number }).ret_code !== 1).length;
    return { ms: elapsed, cpuMs: cpuSince(cpu), ok };
  });
}

/** A fresh engine and vault holding the bench's accounts (untimed). */
async function engineWithAccounts(dir: string, servers: ServersProcess, httpClient?: HttpClient): Promise<OpenedCore> {
  const core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, concurrency: CONCURRENCY, ...(httpClient ? { httpClient } : {}) });
  await core.initialize('bench passphrase');
  await Promise.all(
    Array.from({ length: ACCOUNTS }, (_, i) =>
      i % 2 === 0
        ? core.create({ provider: 'sud', name: `sud ${i}`, values: { baseUrl: servers.sud, code: servers.codes[i / 2] ?? '' } })
        : core.create({ provider: 'openim', name: `im ${i}`, values: { baseUrl: servers.openim, secret: servers.openimSecret, userID: `user-${i}` } }),
    ),
  );
  return core;
}

async function engineRound(servers: ServersProcess, session: Session | null): Promise<Round> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-bench-'));
  try {
    const core = await engineWithAccounts(dir, servers);
    const delay = monitorEventLoopDelay({ resolution: 1 });
    const round = await profiled(session, 'engine', async () => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      delay.enable();
      const results = await core.refreshAll();
      delay.disable();
      return { ms: performance.now() - started, cpuMs: cpuSince(cpu), ok: results.filter((r) => r.ok).length };
    });
    await core.close();
    return { ...round, delayP99Ms: delay.percentile(99) / 1e6 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The engine's own CPU per refresh, HTTP excluded: the same refreshAll over a client that replays the
 * servers' first answer per path at once. The vault writes (and their fsyncs) are still real.
 */
async function engineCpuRound(servers: ServersProcess, session: Session | null): Promise<number> {
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
    const core = await engineWithAccounts(dir, servers, replay);
    await core.refresh(core.list()[0]?.id ?? ''); // fills the replay cache
    await core.refresh(core.list()[1]?.id ?? '');
    const cpuMs = await profiled(session, 'engine-no-http', async () => {
      const cpu = process.cpuUsage();
      await core.refreshAll();
      return cpuSince(cpu);
    });
    await core.close();
    return (cpuMs * 1000) / ACCOUNTS;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const loadBefore = loadAverage();
  const servers = await startServersProcess({ latencyMs: LATENCY_MS, codes: Math.ceil(ACCOUNTS / 2) });
  const session = PROFILE_DIR ? new Session() : null;
  session?.connect();
  if (session) await session.post('Profiler.enable');
  try {
    const pairs: Array<{ bare: Round; engine: Round }> = [];
    const engineCpuUs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Only the last round is profiled: the profiler stays out of the other rounds' figures.
      const last = round === ROUNDS - 1 ? session : null;
      pairs.push({ bare: await bareRound(servers, last), engine: await engineRound(servers, last) });
      engineCpuUs.push(await engineCpuRound(servers, last));
    }
    const ratios = pairs.map((p) => p.engine.ms / p.bare.ms);
    const bareMs = median(pairs.map((p) => p.bare.ms));
    const engineMs = median(pairs.map((p) => p.engine.ms));
    const bareCpuPerRequestUs = median(pairs.map((p) => (p.bare.cpuMs * 1000) / ACCOUNTS));
    const engineCpuPerRefreshUs = Math.min(...engineCpuUs);
    const engineCpuRatio = engineCpuPerRefreshUs / bareCpuPerRequestUs;
    const delays = pairs.map((p) => p.engine.delayP99Ms ?? Number.NaN);
    const allOk = pairs.every((p) => p.bare.ok === ACCOUNTS && p.engine.ok === ACCOUNTS);
    const load = `load ${loadBefore} → ${loadAverage()} on ${os.availableParallelism()} cores`;

    console.log(`accounts ${ACCOUNTS} (SUD ${Math.ceil(ACCOUNTS / 2)}, OpenIM v3 ${Math.floor(ACCOUNTS / 2)}), concurrency ${CONCURRENCY}, ${ROUNDS} rounds, servers in a child process answering after ${LATENCY_MS} ms (${load})`);
    console.log(`bare axios loop        median ${ms(bareMs)} (${ms(Math.min(...pairs.map((p) => p.bare.ms)))} best), CPU ${bareCpuPerRequestUs.toFixed(0)} µs per request`);
    console.log(`engine refreshAll      median ${ms(engineMs)} (${ms(Math.min(...pairs.map((p) => p.engine.ms)))} best), each result on disk before it is reported`);
    console.log(`refreshRatio           ${median(ratios).toFixed(3)} (median pair; pairs ${ratios.map((r) => r.toFixed(2)).join(', ')})`);
    console.log(`engineCpuPerRefreshUs  ${engineCpuPerRefreshUs.toFixed(0)} µs (HTTP replayed, vault writes real; best of ${ROUNDS})`);
    console.log(`engineCpuRatio         ${engineCpuRatio.toFixed(3)} (engine CPU per refresh without HTTP / bare loop CPU per request)`);
    console.log(`loopDelayP99Ms         ${median(delays).toFixed(1)} ms median of rounds (rounds ${delays.map((d) => d.toFixed(1)).join(', ')})`);
    console.log(`every round ${allOk ? 'refreshed all accounts' : 'HAD FAILURES'}`);
    if (!allOk) process.exitCode = 1;
    const round3 = (n: number): number => Number(n.toFixed(3));
    printJson({
      refreshRatio: round3(median(ratios)),
      engineCpuPerRefreshUs: Math.round(engineCpuPerRefreshUs),
      engineCpuRatio: round3(engineCpuRatio),
      loopDelayP99Ms: Number(median(delays).toFixed(1)),
      bareMs: Math.round(bareMs),
      engineMs: Math.round(engineMs),
      bareCpuPerRequestUs: Math.round(bareCpuPerRequestUs),
      latencyMs: LATENCY_MS,
      accounts: ACCOUNTS,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      loadAverage: loadAverage(),
    });
  } finally {
    session?.disconnect();
    await servers.close();
  }
}

await main();
