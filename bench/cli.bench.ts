/**
 * The command line as a person waits for it, on the BUILT CLI (`npm run build` first), each figure a
 * ratio to a yardstick timed in the same run, the two run in turn (A B A B …), median of the pairs.
 * Figures only, nothing asserted.
 *
 * - `cliStartRatio`: `tokendesk --version` and `tokendesk list` (10 accounts, no passphrase) against
 *   `node -e 0`; the worse of the two. Budget (issue 18): ≤ 2.0.
 * - `vsNewmanRatio`: `tokendesk refresh <id>` on a vault with a passphrase (scrypt calibrated as
 *   `tokendesk init` does) against `newman run` of a one-request collection making the same OpenIM
 *   exchange with the same local server. Budget: ≤ 0.30. Beside it, `vsNewmanNoKdfRatio`: the same
 *   refresh on a vault whose scrypt costs next to nothing (N=2^10), so the share of the passphrase's
 *   key derivation is measured, not guessed. newman is a tool of this bench only
 *   (bench/peers, not the root install): `npm --prefix bench/peers ci`; without it that figure is
 *   skipped and the bench says so.
 *
 * The provider server runs in a child process (bench/servers.ts). Run: `npx tsx bench/cli.bench.ts
 * [--json] [--runs N]`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../electron/core/engine/core';
import { argValue, loadAverage, median, printJson } from './bench-output';
import { startServersProcess } from './servers';

const RUNS = Number(argValue('--runs') ?? 15);
const root = path.resolve(import.meta.dirname, '..');
const CLI = path.join(root, 'dist-electron/cli/index.js');
const NEWMAN = path.join(root, 'bench/peers/node_modules/newman/bin/newman.js');
const PASSPHRASE = 'bench passphrase';

/** Wall time of one run of `node args…` (ms); a failed run stops the bench, with what it printed. */
function timed(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}:\n${run.stdout}${run.stderr}`);
  return elapsed;
}

/** Runs the commands in turn RUNS times (after one warm-up each); per command, its times. */
function alternate(commands: Array<() => number>): number[][] {
  for (const command of commands) command();
  const times = commands.map((): number[] => []);
  for (let i = 0; i < RUNS; i++) commands.forEach((command, k) => times[k]!.push(command()));
  return times;
}

const pairRatios = (a: number[], b: number[]): number[] => a.map((x, i) => x / (b[i] ?? Number.NaN));
const fmt = (values: number[]): string => `${median(values).toFixed(0)} ms (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;

/** The one-request Postman collection: OpenIM's user_token, as the engine's OpenIM provider sends it. */
function collection(serverUrl: string, secret: string, userID: string): unknown {
  return {
    info: { name: 'OpenIM user token', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [
      {
        name: 'user_token',
        request: {
          method: 'POST',
          url: `${serverUrl}/auth/user_token`,
          header: [
            { key: 'Content-Type', value: 'application/json' },
            { key: 'operationID', value: '{{$guid}}' },
          ],
          body: { mode: 'raw', raw: JSON.stringify({ secret, platformID: 5, userID }) },
        },
        event: [{ listen: 'test', script: { exec: ["pm.test('a token', () => pm.expect(pm.response.json().errCode).to.eql(0));"] } }],
      },
    ],
  };
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
  const loadBefore = loadAverage();
  const servers = await startServersProcess({ latencyMs: 0 });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-cli-bench-'));
  try {
    // A vault as `tokendesk init` makes it (scrypt calibrated on this machine), with 10 accounts.
    const core = await openCore({ dataDir: dir });
    await core.initialize(PASSPHRASE);
    const accounts = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        core.create({ provider: 'openim', name: `IM ${i}`, values: { baseUrl: servers.openim, secret: servers.openimSecret, userID: `user-${i}` } }),
      ),
    );
    await core.close();
    const target = accounts[0]!.id;
    // The same account in a vault whose key derivation is almost free (what no real vault uses).
    const cheapDir = path.join(dir, 'cheap-kdf');
    const cheap = await openCore({ dataDir: cheapDir, scrypt: { N: 2 ** 10, r: 8, p: 1 } });
    await cheap.initialize(PASSPHRASE);
    const cheapTarget = (await cheap.create({ provider: 'openim', name: 'IM 0', values: { baseUrl: servers.openim, secret: servers.openimSecret, userID: 'user-0' } })).id;
    await cheap.close();
    const { TOKENDESK_PASSPHRASE: _unused, ...env } = process.env;
    const metadataEnv = { ...env, TOKENDESK_DATA_DIR: dir };
    const secretEnv = { ...metadataEnv, TOKENDESK_PASSPHRASE: PASSPHRASE };

    const [bare, version, list] = alternate([
      () => timed(['-e', '0']),
      () => timed([CLI, '--version']),
      () => timed([CLI, 'list'], metadataEnv),
    ]) as [number[], number[], number[]];
    const versionRatio = median(pairRatios(version, bare));
    const listRatio = median(pairRatios(list, bare));
    const cliStartRatio = Math.max(versionRatio, listRatio);
    console.log(`node -e 0                 ${fmt(bare)}, median (min–max) of ${RUNS}`);
    console.log(`tokendesk --version       ${fmt(version)}  ratio ${versionRatio.toFixed(2)}`);
    console.log(`tokendesk list (10)       ${fmt(list)}  ratio ${listRatio.toFixed(2)}`);
    console.log(`cliStartRatio             ${cliStartRatio.toFixed(2)} (the worse of the two; median of the pairs)`);

    let vsNewmanRatio: number | string = 'skipped: newman is not installed';
    let vsNewmanNoKdfRatio: number | string = vsNewmanRatio;
    if (existsSync(NEWMAN)) {
      const file = path.join(dir, 'collection.json');
      await writeFile(file, JSON.stringify(collection(servers.openim, servers.openimSecret, 'user-0')));
      const [refresh, newman, cheapRefresh] = alternate([
        () => timed([CLI, 'refresh', target], secretEnv),
        () => timed([NEWMAN, 'run', file, '--bail', '--reporters', 'cli']),
        () => timed([CLI, 'refresh', cheapTarget], { ...secretEnv, TOKENDESK_DATA_DIR: cheapDir }),
      ]) as [number[], number[], number[]];
      vsNewmanRatio = median(pairRatios(refresh, newman));
      vsNewmanNoKdfRatio = median(pairRatios(cheapRefresh, newman));
      console.log(`tokendesk refresh <id>    ${fmt(refresh)} (a passphrase vault: scrypt included)`);
      console.log(`newman run (1 request)    ${fmt(newman)}`);
      console.log(`vsNewmanRatio             ${vsNewmanRatio.toFixed(2)} (median of the pairs)`);
      console.log(`  with scrypt at N=2^10   ${fmt(cheapRefresh)}, ratio ${vsNewmanNoKdfRatio.toFixed(2)} (the key derivation's share, measured)`);
    } else {
      console.log(`vsNewmanRatio             skipped: newman is not installed. Install the bench's peers with \`npm --prefix bench/peers ci\` (from the npm registry; not part of the app's install).`);
    }
    console.log(`load average ${loadBefore} → ${loadAverage()} on ${os.availableParallelism()} cores`);
    const round = (n: number): number => Math.round(n * 100) / 100;
    printJson({
      cliStartRatio: round(cliStartRatio),
      vsNewmanRatio: typeof vsNewmanRatio === 'number' ? round(vsNewmanRatio) : vsNewmanRatio,
      vsNewmanNoKdfRatio: typeof vsNewmanNoKdfRatio === 'number' ? round(vsNewmanNoKdfRatio) : vsNewmanNoKdfRatio,
      versionRatio: round(versionRatio),
      listRatio: round(listRatio),
      nodeMs: Math.round(median(bare)),
      versionMs: Math.round(median(version)),
      listMs: Math.round(median(list)),
      runs: RUNS,
      loadAverage: loadAverage(),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
    await servers.close();
  }
}

await main();
