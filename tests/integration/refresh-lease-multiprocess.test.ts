import { spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/engine/core';
import type { OpenedCore } from '../../electron/core/engine/types';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { makeTempDir, removeTemp } from '../fixtures/vault-helpers';
import { startSudServer, type SudServer } from '../servers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSPHRASE = 'lease test passphrase';
/** A safety net against a hung child, not a timing assertion: a loaded machine starts tsx slowly. */
const WAIT_LIMIT_MS = 45_000;

let dir: string;
let sud: SudServer;
let app: OpenedCore;
let id: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await makeTempDir();
  sud = await startSudServer();
  // "The app": this process, with a SUD account that already has a token.
  app = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT });
  await app.initialize(PASSPHRASE);
  ({ id } = await app.create({ provider: 'sud', name: 'SUD', env: 'test', values: { baseUrl: sud.url, code: sud.issueCode() } }));
  expect((await app.refresh(id)).ok).toBe(true);
});

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await app.close();
  await sud.close();
  await removeTemp(dir);
});

/** `tokendesk <args>` as another process on the same data folder. */
function cli(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/index.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, TOKENDESK_DATA_DIR: dir, TOKENDESK_PASSPHRASE: PASSPHRASE, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, ...out })));
  return { child, done };
}

/** The identity of the lease file now (every locked write of it renames a new file in). */
async function leaseFileStamp(): Promise<string> {
  const info = await stat(path.join(dir, 'refresh-leases.json')).catch(() => null);
  return info ? `${info.ino}:${info.mtimeMs}` : 'none';
}

/** Waits until `check` holds, looking every 50 ms (bounded by the safety net). */
async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('one refresher per account across processes', { timeout: 120_000 }, () => {
  it('while the app refreshes an account, `tokendesk refresh` of it waits and reports the app’s result without calling the provider', async () => {
    const calls = sud.state.requests.total;
    const held = sud.holdNext();
    const appRefresh = app.refresh(id);
    await held.arrived;
    const leaseTakenByApp = await leaseFileStamp();

    const other = cli(['--json', 'refresh', id]);
    // The CLI has tried the lease once the file was written again (under the vault lock) by it.
    // (Or it went to the provider itself: the server then counts a second exchange.)
    await until(async () => (await leaseFileStamp()) !== leaseTakenByApp || sud.state.requests.total > calls + 1, 'the CLI tried the lease');
    expect(sud.state.requests.total).toBe(calls + 1);

    held.release();
    const appResult = await appRefresh;
    const cliRun = await other.done;
    expect(appResult.ok).toBe(true);
    expect(cliRun.code).toBe(0);
    const [cliResult] = JSON.parse(cliRun.stdout) as Array<{ id: string; ok: boolean; expiresAt: string }>;
    expect(cliResult).toMatchObject({ id, ok: true, expiresAt: new Date(appResult.expiresAt ?? 0).toISOString() });
    // One exchange in all, and the token both processes hold is the one the provider still accepts.
    expect(sud.state.requests.total).toBe(calls + 1);
    expect(sud.isLive(app.token(id))).toBe(true);
  });

  it('a refresh left by a killed process does not block: the lease is taken over and the account refreshed', async () => {
    const held = sud.holdNext();
    const other = cli(['refresh', id]);
    await held.arrived; // the CLI holds the lease and waits for the provider
    other.child.kill('SIGKILL');
    await other.done;

    const calls = sud.state.requests.total;
    const result = await app.refresh(id);
    expect(result.ok).toBe(true);
    expect(sud.state.requests.total).toBe(calls + 1);
    held.release();
  });
});
