import { spawnSync } from 'node:child_process';
import { lstat, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/engine/core';
import type { OpenedCore } from '../../electron/core/engine/types';
import { HistoryLog } from '../../electron/core/history/history-log';
import { FAST_TEST_SCRYPT, openVault } from '../../electron/core/vault';
import { makeAccount, makeTempDir, removeTemp } from '../fixtures/vault-helpers';
import { startSudServer, type SudServer } from '../servers';
import { tokenDeskErrorOf } from '../unit/helpers/token-desk-error';
import { runCliIn, type CliRun } from '../fixtures/cli-in-process';

const PASSPHRASE = 'data folder links passphrase';
/** What the file outside the data folder holds: it must come out of every attempt byte for byte. */
const OUTSIDE_TEXT = `${'private line of another program\n'.repeat(200)}`;

let root: string;
let dir: string;
let outside: string;

beforeEach(async () => {
  root = await makeTempDir();
  dir = path.join(root, 'data');
  outside = path.join(root, 'elsewhere.txt');
  await writeFile(outside, OUTSIDE_TEXT);
});

afterEach(async () => {
  await removeTemp(root);
});

async function linkInDataFolder(name: string): Promise<string> {
  const file = path.join(dir, name);
  await symlink(outside, file);
  return file;
}

async function expectOutsideUntouched(): Promise<void> {
  expect(await readFile(outside, 'utf8')).toBe(OUTSIDE_TEXT);
}

const cli = (args: string[]): Promise<CliRun> => runCliIn(dir, PASSPHRASE, args);

describe('history.jsonl that is a symbolic link', { timeout: 30_000 }, () => {
  beforeEach(async () => {
    const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
    await vault.close();
  });

  it('is neither appended to nor copied from: the append fails naming the file and what to do', async () => {
    const history = new HistoryLog(dir, { maxBytes: 1024 });
    const file = await linkInDataFolder('history.jsonl');
    const error = await tokenDeskErrorOf(() =>
      history.append({ at: 1, accountId: 'a1', operation: 'exchange', httpStatus: 200, durationMs: 1, outcome: 'ok', errorCode: null }),
    );
    expect(error.message).toContain(`${file} is a symbolic link`);
    expect(error.message).toContain('Delete the link');
    await expectOutsideUntouched();
    // The compaction (over the 1 KiB cap) did not copy the other file's tail into the data folder either.
    expect((await lstat(file)).isSymbolicLink()).toBe(true);
    const listed = await tokenDeskErrorOf(() => history.list());
    expect(listed.message).toContain('history.jsonl is a symbolic link');
  });

  it('the CLI: a refresh still counts and says why no history line was written; `history` fails naming the file', async () => {
    const sud: SudServer = await startSudServer();
    try {
      expect((await cli(['init'])).code).toBe(0);
      const added = await cli(['--json', 'add', 'sud', '--name', 'QA', '--set', `baseUrl=${sud.url}`, '--set', `code=${sud.issueCode()}`]);
      const { id } = JSON.parse(added.stdout) as { id: string };
      await linkInDataFolder('history.jsonl');
      const refreshed = await cli(['--json', 'refresh', id]);
      expect(refreshed.code).toBe(0);
      expect(refreshed.stderr).toContain('history.jsonl is a symbolic link');
      const history = await cli(['history']);
      expect(history.code).toBe(1);
      expect(history.stderr).toContain('history.jsonl is a symbolic link');
      await expectOutsideUntouched();
    } finally {
      await sud.close();
    }
  });
});

describe('the other files TokenDesk writes in its data folder', { timeout: 30_000 }, () => {
  let core: OpenedCore;
  let sud: SudServer;

  beforeEach(async () => {
    sud = await startSudServer();
    core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT });
    await core.initialize(PASSPHRASE);
  });

  afterEach(async () => {
    await core.close().catch(() => undefined);
    await sud.close();
  });

  it('refresh-leases.json as a link: the refresh fails naming the file, the token is kept, nothing is read or written through it', async () => {
    const { id } = await core.create({ provider: 'sud', name: 'SUD', env: 'test', values: { baseUrl: sud.url, code: sud.issueCode() } });
    await linkInDataFolder('refresh-leases.json');
    const result = await core.refresh(id);
    expect(result.ok).toBe(false);
    expect(result.error?.message).toContain('refresh-leases.json is a symbolic link');
    await expectOutsideUntouched();
  });

  it('vault.lock as a link: a save fails naming the file instead of taking the other file as the lock', async () => {
    await linkInDataFolder('vault.lock');
    const error = await tokenDeskErrorOf(() => core.create({ provider: 'sud', name: 'SUD', env: 'test', values: { baseUrl: sud.url, code: 'c0de-value' } }));
    expect(error.message).toContain('vault.lock is a symbolic link');
    await expectOutsideUntouched();
    expect((await lstat(path.join(dir, 'vault.lock'))).isSymbolicLink()).toBe(true);
  });
});

describe('the backup of a long-running process', () => {
  it('leaves no vault.json.bak.tmp-* behind after a passphrase change and the saves that follow', async () => {
    const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
    await vault.create({ passphrase: PASSPHRASE });
    await vault.put(makeAccount('a1'), { fields: { code: 'secret-code-1' }, token: null });
    await vault.setPassphrase(`${PASSPHRASE} 2`, PASSPHRASE);
    await vault.put(makeAccount('a2'), { fields: { code: 'secret-code-2' }, token: null });
    await vault.put(makeAccount('a3'), { fields: { code: 'secret-code-3' }, token: null });
    const names = await readdir(dir);
    await vault.close();
    expect(names.filter((name) => name.includes('.tmp-'))).toEqual([]);
    expect(names).toContain('vault.json.bak');
  });

  it('nor does the last save before the process ends (saveNowSync), which writes synchronously', async () => {
    const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
    await vault.create({ passphrase: PASSPHRASE });
    await vault.put(makeAccount('a1'), { fields: { code: 'secret-code-1' }, token: null });
    await vault.setPassphrase(`${PASSPHRASE} 2`, PASSPHRASE);
    const late = vault.put(makeAccount('a2'), { fields: { code: 'secret-code-2' }, token: null });
    expect(vault.saveNowSync()).toBe('saved');
    expect((await readdir(dir)).filter((name) => name.includes('.tmp-'))).toEqual([]);
    await late;
    await vault.close();
  });
});

describe('temp files of a history compaction', () => {
  it('left by a process that died are removed when the vault opens, like a save\'s; a live process\'s stay', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const stale = `history.jsonl.${dead}.0a1b2c3d.tmp`;
    const live = `history.jsonl.${process.pid}.0a1b2c3d.tmp`;
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, stale), '{"partial":');
    await writeFile(path.join(dir, live), '{"partial":');
    const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
    const names = await readdir(dir);
    await vault.close();
    expect(names).not.toContain(stale);
    expect(names).toContain(live);
  });
});
