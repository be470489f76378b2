import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAST_TEST_SCRYPT, openVault } from '../../electron/core/vault';
import { makeTempDir, removeTemp } from '../fixtures/vault-helpers';

const WRITER = fileURLToPath(new URL('../fixtures/vault-writer.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const PASSPHRASE = 'kill test passphrase';
const TARGET = 200;
const KILLS = 8;

interface Run {
  lastSaved: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * Runs the writer; when `killAfter` is set, SIGKILLs it a random 0–3 ms after its `killAfter`-th
 * `saved` line (so the kill lands anywhere in the put/write cycle), else lets it finish.
 */
function runWriter(dir: string, killAfter: number | null): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, String(TARGET)], {
      cwd: REPO,
      env: { ...process.env, VAULT_WRITER_PASSPHRASE: PASSPHRASE },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lastSaved = 0;
    let seen = 0;
    let pending = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^saved (\d+)$/.exec(line);
        if (!match) continue;
        lastSaved = Number(match[1]);
        seen += 1;
        if (killAfter !== null && seen === killAfter) {
          setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 4));
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode, signal) => resolve({ lastSaved, exitCode, signal, stderr }));
  });
}

async function readCounter(dir: string): Promise<{ plain: number; secret: number; token: string | null; notices: string[] }> {
  const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
  await vault.unlock(PASSPHRASE);
  const account = vault.get('counter');
  const secrets = account ? vault.secrets('counter') : { fields: {}, token: null };
  const result = {
    plain: Number(account?.fields.counter ?? 0),
    secret: Number(secrets.fields.counter ?? 0),
    token: secrets.token,
    notices: vault.info().notices,
  };
  await vault.close();
  return result;
}

let root: string;
beforeEach(async () => {
  root = await makeTempDir();
});
afterEach(async () => {
  await removeTemp(root);
});

describe('a writer killed at random moments', () => {
  it('always leaves a vault that opens, holding at least every change it reported saved', { timeout: 60_000 }, async () => {
    const dir = join(root, 'data');
    const first = await runWriter(dir, 3);
    expect(first.stderr).toBe('');
    let lastSaved = first.lastSaved;
    for (let round = 0; round <= KILLS; round += 1) {
      const state = await readCounter(dir);
      // Never unreadable, never a damaged file set aside, never behind what was reported saved.
      expect(state.notices).toEqual([]);
      expect(state.secret).toBeGreaterThanOrEqual(lastSaved);
      // Field, secret and token come from one put: one atomic write holds all three or none.
      expect(state.plain).toBe(state.secret);
      expect(state.token).toBe(state.secret === 0 ? null : `token-${state.secret}`);
      if (round === KILLS) break;
      const run = await runWriter(dir, 1 + Math.floor(Math.random() * 20));
      expect(run.signal === 'SIGKILL' || run.exitCode === 0, run.stderr).toBe(true);
      lastSaved = Math.max(run.lastSaved, state.secret);
    }
    const final = await runWriter(dir, null);
    expect(final.exitCode).toBe(0);
    const done = await readCounter(dir);
    expect(done.secret).toBe(TARGET);
    // Temp files of killed writers are cleaned up when the vault is next opened.
    expect((await readdir(dir)).sort()).toEqual(['vault.json', 'vault.json.bak']);
  });
});
