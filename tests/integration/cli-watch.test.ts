import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedCore } from '../../electron/core/engine/types';
import { openUnlockedCore } from '../fixtures/vault-helpers';
import { startSudServer, type SudServer } from '../servers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSPHRASE = 'watch test passphrase';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** A safety net against a hung child, not a timing assertion: a loaded machine starts tsx slowly. */
const WAIT_LIMIT_MS = 45_000;

let dir: string;
let sud: SudServer;
const cleanups: Array<() => Promise<unknown> | void> = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-watch-'));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const full: NodeJS.ProcessEnv = { ...process.env, TOKENDESK_DATA_DIR: dir, TOKENDESK_PASSPHRASE: PASSPHRASE, NO_COLOR: '1' };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete full[k];
    else full[k] = v;
  }
  return full;
}

const cliArgv = (args: string[]): string[] => ['--import', 'tsx', 'electron/cli/index.ts', ...args];

/** A short CLI run to completion (stdin not a terminal). */
function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, cliArgv(args), { cwd: ROOT, env: childEnv(env), timeout: WAIT_LIMIT_MS }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

interface Watcher {
  child: ChildProcess;
  out: { stdout: string; stderr: string };
  /** Settles once `stream` matches `pattern`; fails if the process exits first. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `tokendesk watch` as a real process that keeps running until a signal stops it. */
function startWatch(args: string[]): Watcher {
  const child = spawn(process.execPath, cliArgv(['watch', ...args]), { cwd: ROOT, env: childEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  const changed = (): void => listeners.forEach((listener) => listener());
  child.stdout.on('data', (chunk: Buffer) => {
    out.stdout += chunk.toString();
    changed();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    out.stderr += chunk.toString();
    changed();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      resolve({ code, signal });
      changed();
    });
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  const waitFor = (stream: 'stdout' | 'stderr', pattern: RegExp): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = out[stream].match(pattern);
        if (match) {
          done();
          resolve(match);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          done();
          reject(new Error(`watch exited (${child.exitCode ?? child.signalCode}) before ${stream} matched ${pattern}; stderr: ${out.stderr}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${stream} did not match ${pattern}; stdout: ${out.stdout}; stderr: ${out.stderr}`));
      }, WAIT_LIMIT_MS);
      const done = (): void => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  return { child, out, waitFor, exited };
}

/** The engine on the test's folder, unlocked; closed by the test's cleanup. */
const engine = (): Promise<OpenedCore> => openUnlockedCore(dir, PASSPHRASE, cleanups);

/**
 * A vault with SUD accounts that each hold a token `tokenTtlMs` long (refreshed once, as a person
 * would), closed again so the watch process has the folder to itself.
 */
async function vaultWith(tokenTtlMs: number, accounts: Array<{ name: string; autoRefresh?: boolean }>) {
  sud = await startSudServer({ tokenTtlMs });
  cleanups.push(() => sud.close());
  const core = await engine();
  const made: Array<{ id: string; token: string }> = [];
  for (const { name, autoRefresh } of accounts) {
    const code = sud.issueCode({ ttlMs: 60 * 60_000 });
    const view = await core.create({ provider: 'sud', name, env: 'test', values: { baseUrl: sud.url, code }, ...(autoRefresh === undefined ? {} : { autoRefresh }) });
    expect((await core.refresh(view.id)).ok).toBe(true);
    made.push({ id: view.id, token: core.token(view.id) });
  }
  await core.close();
  return made;
}

/** The token stored on disk now, read by a fresh engine. */
async function storedToken(id: string): Promise<string> {
  const core = await engine();
  const token = core.token(id);
  await core.close();
  return token;
}

describe('tokendesk watch', { timeout: 120_000 }, () => {
  it('renews a token ahead of its expiry with no command, prints a line, and leaves the new token on disk', async () => {
    // 10 s tokens: the margin (never more than half the lifetime) makes a refresh due about 5 s after the first.
    const [watched, off] = await vaultWith(10_000, [{ name: 'SUD watched' }, { name: 'SUD manual', autoRefresh: false }]);
    const watch = startWatch([]);
    await watch.waitFor('stderr', /Watching 2 accounts, 1 with auto-refresh off; next refresh: "SUD watched" (now|in \d+s)/);
    const [line] = await watch.waitFor('stdout', /^.*\n/);
    expect(line).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z {2}SUD watched {2}sud {2}ok {5}expires in \d+s\n$/);

    watch.child.kill('SIGINT');
    expect(await watch.exited).toEqual({ code: 0, signal: null });
    expect(watch.out.stderr).toContain('Stopped after 1 refresh (0 failed)');

    // The server rotated the token; the vault on disk has the one the server now accepts.
    expect(sud.isLive(watched?.token ?? '')).toBe(false);
    const renewed = await storedToken(watched?.id ?? '');
    expect(renewed).not.toBe(watched?.token);
    expect(sud.isLive(renewed)).toBe(true);
    // Auto-refresh off: untouched.
    expect(await storedToken(off?.id ?? '')).toBe(off?.token);
    const core = await engine();
    const [latest] = await core.history({ id: watched?.id ?? '', limit: 1 });
    expect(latest).toMatchObject({ trigger: 'auto', outcome: 'ok' });
    expect(await core.history({ id: off?.id ?? '' })).toHaveLength(1);
    for (const text of [watch.out.stdout, watch.out.stderr]) {
      expect(text).not.toContain(watched?.token);
      expect(text).not.toContain(renewed);
    }
  });

  it('prints one JSON line per refresh with --json, failures included, and stops on SIGTERM', async () => {
    const [one, two] = await vaultWith(10_000, [{ name: 'SUD one' }, { name: 'SUD two' }]);
    const names = new Map([
      [one?.id, 'SUD one'],
      [two?.id, 'SUD two'],
    ]);
    sud.failNext({ sdk_error_code: 5001, ret_msg: 'backend busy' });
    const watch = startWatch(['--json']);
    await watch.waitFor('stdout', /^.*\n.*\n/);
    watch.child.kill('SIGTERM');
    expect(await watch.exited).toEqual({ code: 0, signal: null });
    expect(watch.out.stderr).toBe('');

    const lines = watch.out.stdout.trimEnd().split('\n').map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(new Set(lines.map((l) => l.id))).toEqual(new Set(names.keys()));
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(['at', 'error', 'expiresAt', 'id', 'name', 'ok', 'provider']);
      expect(line.at).toMatch(ISO);
      expect(line.provider).toBe('sud');
      expect(line.name).toBe(names.get(line.id as string));
    }
    const ok = lines.find((l) => l.ok === true);
    const failed = lines.find((l) => l.ok === false);
    expect(ok).toMatchObject({ expiresAt: expect.stringMatching(ISO), error: null });
    expect(failed?.error).toMatchObject({ code: 'provider_rejected', message: expect.stringContaining('try again later'), provider: { code: '5001', message: 'backend busy' } });
  });

  it('finishes and saves a refresh in flight when Ctrl+C arrives, then exits 0', async () => {
    const [account] = await vaultWith(10_000, [{ name: 'SUD slow' }]);
    const held = sud.holdNext('/update_sstoken');
    const watch = startWatch([]);
    await held.arrived;
    watch.child.kill('SIGINT');
    await watch.waitFor('stderr', /Interrupted: stopping, waiting for 1 refresh in flight to be saved/);
    held.release();
    expect(await watch.exited).toEqual({ code: 0, signal: null });
    expect(watch.out.stdout).toMatch(/SUD slow {2}sud {2}ok {5}expires in \d+s\n$/);

    const saved = await storedToken(account?.id ?? '');
    expect(saved).not.toBe(account?.token);
    expect(sud.isLive(saved)).toBe(true);
  });

  it('quits at once with exit status 130 on a second Ctrl+C', async () => {
    await vaultWith(10_000, [{ name: 'SUD stuck' }]);
    const held = sud.holdNext('/update_sstoken');
    const watch = startWatch([]);
    await held.arrived;
    watch.child.kill('SIGINT');
    await watch.waitFor('stderr', /Interrupted: stopping/);
    watch.child.kill('SIGINT');
    expect(await watch.exited).toEqual({ code: 130, signal: null });
    expect(watch.out.stderr).toContain('stopped at once');
    held.release();
  });

  it('plans with --margin and says when the next refresh is due', async () => {
    const [account] = await vaultWith(2 * 3600_000, [{ name: 'SUD long' }]);
    const requests = sud.state.requests.total;
    const watch = startWatch(['--margin', '30m']);
    // 2 h token, 30 min margin: due 1 h 30 min after it was issued (a few seconds ago).
    await watch.waitFor('stderr', /Watching 1 account; next refresh: "SUD long" in 1h (29|30)m \(margin 30m\)\. Press Ctrl\+C to stop\./);
    watch.child.kill('SIGTERM');
    expect(await watch.exited).toEqual({ code: 0, signal: null });
    expect(watch.out.stderr).toMatch(/^Terminated: stopping, nothing in flight/m);
    expect(watch.out.stdout).toBe('');
    expect(sud.state.requests.total).toBe(requests);
    expect(await storedToken(account?.id ?? '')).toBe(account?.token);
  });

  it('rejects a bad --margin as a usage error (exit 2) and needs the passphrase (exit 1)', async () => {
    await vaultWith(10_000, []);
    const bad = await cli(['watch', '--margin', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--margin takes a duration');
    expect(bad.stdout).toBe('');

    const zero = await cli(['watch', '--margin', '0s', '--json']);
    expect(zero.code).toBe(2);
    expect(JSON.parse(zero.stdout)).toEqual({ error: { code: 'invalid_input', message: expect.stringContaining('--margin') } });

    const locked = await cli(['watch'], { TOKENDESK_PASSPHRASE: undefined });
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('TOKENDESK_PASSPHRASE');
  });
});
