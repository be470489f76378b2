import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/engine/core';
import { FAST_TEST_SCRYPT, openVault } from '../../electron/core/vault';
import { startSudServer, type SudServer } from '../servers';
import { runCliIn, type CliRun } from '../fixtures/cli-in-process';

const PASSPHRASE = 'terminal safety passphrase';
/** An OSC 8 hyperlink, a title change, a CSI clear screen, a C1 CSI and a right-to-left override. */
const HOSTILE = 'Evil\u001b]8;;https://attacker.example\u0007link\u001b]8;;\u0007\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202egnp.exe';
/** Any C0/C1 control (but the line feed a text output is made of) or bidi control. */
// eslint-disable-next-line no-control-regex -- finding control characters is the test
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

let dir: string;
let sud: SudServer;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-terminal-'));
  sud = await startSudServer();
});

afterEach(async () => {
  await sud.close();
  await rm(dir, { recursive: true, force: true });
});

const cli = (args: string[]): Promise<CliRun> => runCliIn(dir, PASSPHRASE, args);

/** A vault with one SUD account whose name and environment came from a hostile vault.json. */
async function hostileAccount(): Promise<string> {
  const core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT });
  await core.initialize(PASSPHRASE);
  const { id } = await core.create({ provider: 'sud', name: 'plain', env: 'test', values: { baseUrl: sud.url, code: sud.issueCode() } });
  await core.close();
  // Below the engine's input checks, as an older build would have stored it (unlocked, so the record is signed).
  const vault = await openVault({ dir });
  await vault.unlock(PASSPHRASE);
  const account = vault.get(id);
  if (!account) throw new Error('account missing');
  await vault.put({ ...account, name: HOSTILE, env: `prod${HOSTILE}` });
  await vault.close();
  return id;
}

describe('CLI text output is safe to show in a terminal', { timeout: 60_000 }, () => {
  it('strips escapes and bidi overrides from names, provider messages and history lines; --json keeps them exact', async () => {
    const id = await hostileAccount();
    sud.failNext({ ret_code: 1001, ret_msg: `bad code ${HOSTILE}` });
    const refreshed = await cli(['refresh', id]);
    expect(refreshed.code).toBe(1);
    expect(refreshed.stdout).toContain('Evil');
    expect(refreshed.stdout).toContain('bad code');

    for (const args of [['list'], ['show', id], ['history'], ['refresh', id]]) {
      sud.failNext({ ret_code: 1001, ret_msg: `bad code ${HOSTILE}` });
      const run = await cli(args);
      expect(run.stdout, args.join(' ')).toMatch(/Evil/);
      expect(run.stdout, args.join(' ')).not.toMatch(CONTROLS);
      expect(run.stderr, args.join(' ')).not.toMatch(CONTROLS);
    }

    const listed = JSON.parse((await cli(['--json', 'list'])).stdout) as Array<{ name: string; env: string; lastError: { provider: { message: string } } }>;
    expect(listed[0]?.name).toBe(HOSTILE);
    expect(listed[0]?.env).toBe(`prod${HOSTILE}`);
    expect(listed[0]?.lastError.provider.message).toContain(HOSTILE);
  });

  it('strips them from error messages on stderr', async () => {
    await hostileAccount();
    const missing = await cli(['show', `no such ${HOSTILE}`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such Evil');
    expect(missing.stderr).not.toMatch(CONTROLS);
  });
});

describe('names and environments with control characters are refused', { timeout: 60_000 }, () => {
  it('refuses them in add and edit with invalid_input, in the engine the window uses too', async () => {
    const core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT });
    await core.initialize(PASSPHRASE);
    const values = { baseUrl: sud.url, code: sud.issueCode() };
    for (const bad of ['a\u001b[31mred', 'tab\there', 'line\u0085next', 'right\u202eleft', 'iso\u2066late', 'mark\u200f']) {
      await expect(core.create({ provider: 'sud', name: bad, env: 'test', values })).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(core.create({ provider: 'sud', name: 'ok', env: bad, values })).rejects.toMatchObject({ code: 'invalid_input' });
    }
    const { id } = await core.create({ provider: 'sud', name: '测试 account', env: 'test', values });
    await expect(core.update({ id, name: 'x\u0007' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('control characters') });
    await core.close();

    const added = await cli(['--json', 'add', 'sud', '--name', 'bell\u0007', '--set', `baseUrl=${sud.url}`, '--set', `code=${sud.issueCode()}`]);
    expect(added.code).toBe(1);
    expect((JSON.parse(added.stdout) as { error: { code: string } }).error.code).toBe('invalid_input');
  });
});
