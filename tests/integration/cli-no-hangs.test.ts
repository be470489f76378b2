import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/engine/core';
import { FAST_TEST_SCRYPT, openVault } from '../../electron/core/vault';
import { makeAccount } from '../fixtures/vault-helpers';
import { startSudServer, type SudServer } from '../servers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSPHRASE = 'no hangs passphrase';
/** Ids that name members of Object.prototype, as a forged vault or an old import could hold them. */
const ODD_IDS = ['__proto__', 'constructor', 'hasOwnProperty'];
/** Far longer than any of these commands needs here, far shorter than "forever". */
const LIMIT_MS = 45_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

let dir: string;
let sud: SudServer;
const uuid = randomUUID();

function cli(args: string[]): Promise<Run> {
  const started = Date.now();
  const env = { ...process.env, TOKENDESK_DATA_DIR: dir, TOKENDESK_PASSPHRASE: PASSPHRASE, NO_COLOR: '1' };
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', 'electron/cli/index.ts', ...args], { cwd: ROOT, env, timeout: LIMIT_MS }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin?.end();
  });
}

/** A lease file as another TokenDesk on another host could have left it, or someone forged it: reserved until 2999. */
async function forgeLeases(ids: string[], until = Date.UTC(2999, 0, 1)): Promise<void> {
  const table = Object.fromEntries(ids.map((id) => [id, { holder: 'forged', pid: 4242, host: 'another-host.example', until }]));
  const file = path.join(dir, 'refresh-leases.json');
  await writeFile(`${file}.new`, JSON.stringify(table), { mode: 0o600 });
  await rename(`${file}.new`, file);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-hangs-'));
  sud = await startSudServer();
  const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
  await vault.create({ passphrase: PASSPHRASE });
  for (const id of [uuid, ...ODD_IDS]) {
    await vault.put(makeAccount(id, { name: `SUD ${id}`, fields: { baseUrl: sud.url } }), { fields: { code: sud.issueCode() }, token: null });
  }
  await vault.close();
}, 60_000);

afterAll(async () => {
  await sud.close();
  await rm(dir, { recursive: true, force: true });
});

describe('nothing waits forever', { timeout: 4 * LIMIT_MS }, () => {
  it('a forged lease reserved far into the future on another host does not stop `tokendesk refresh`', async () => {
    await forgeLeases([uuid]);
    const run = await cli(['--json', 'refresh', uuid]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([expect.objectContaining({ id: uuid, ok: true })]);
  });

  it('account ids __proto__, constructor and hasOwnProperty (leases forged for them too) refresh one by one, all at once, and in exec', async () => {
    await forgeLeases([uuid, ...ODD_IDS]);
    for (const id of ODD_IDS) {
      const one = await cli(['--json', 'refresh', id]);
      expect(one.code, `${id}: ${one.stderr}`).toBe(0);
      expect(JSON.parse(one.stdout)).toEqual([expect.objectContaining({ id, ok: true })]);
    }
    await forgeLeases([uuid, ...ODD_IDS]);
    const all = await cli(['--json', 'refresh', '--all']);
    expect(all.code, all.stderr).toBe(0);
    expect((JSON.parse(all.stdout) as Array<{ id: string; ok: boolean }>).map((r) => [r.id, r.ok]).sort()).toEqual([uuid, ...ODD_IDS].map((id) => [id, true]).sort());

    await forgeLeases(ODD_IDS);
    const script = "console.log([process.env.A, process.env.B, process.env.C].every((v) => typeof v === 'string' && v.length > 0))";
    const exec = await cli(['exec', '--margin', '1000d', '--env', 'A=__proto__', '--env', 'B=constructor', '--env', 'C=hasOwnProperty', '--', process.execPath, '-e', script]);
    expect(exec.code, exec.stderr).toBe(0);
    expect(exec.stdout.trim()).toBe('true');
  });

  it('a lease that stays taken past the wait deadline ends the refresh with `timeout` naming the holder; the old token is kept', async () => {
    const core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, leases: { ttlMs: 2_000, pollMs: 20, releaseDelayMs: 10, waitMs: 600 } });
    try {
      await core.unlock(PASSPHRASE);
      const before = core.token(uuid);
      // Someone keeps renewing it (a stuck process, or a hand rewriting the file).
      await forgeLeases([uuid], Date.now() + 1_500);
      const renewing = setInterval(() => void forgeLeases([uuid], Date.now() + 1_500), 50);
      try {
        const result = await core.refresh(uuid);
        expect(result.ok).toBe(false);
        expect(result.error).toMatchObject({ code: 'timeout', message: expect.stringContaining('pid 4242 on another-host.example') });
        expect(result.error?.message).toContain(path.join(dir, 'refresh-leases.json'));
      } finally {
        clearInterval(renewing);
      }
      expect(core.token(uuid)).toBe(before);
    } finally {
      await core.close();
    }
  });
});
