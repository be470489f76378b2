import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/engine/core';
import type { OpenedCore } from '../../electron/core/engine/types';
import { FAST_TEST_SCRYPT, openVault } from '../../electron/core/vault';
import { makeAccount, makeTempDir, removeTemp } from '../fixtures/vault-helpers';
import { startOpenImServer, startSaiNiuServer, startSudServer, type OpenImServer, type SaiNiuServer, type SudServer } from '../servers';
import { runCliIn, type CliRun } from '../fixtures/cli-in-process';

const PASSPHRASE = 'provider boundary passphrase';
/** What a hostile server puts after a token: a header of its own. */
const INJECTED = 'X-Injected: attacker';

let dir: string;

beforeEach(async () => {
  dir = await makeTempDir();
});

afterEach(async () => {
  await removeTemp(dir);
});

const cli = (args: string[]): Promise<CliRun> => runCliIn(dir, PASSPHRASE, args);

describe('a token or cookie with control characters is a bad answer, at the provider boundary', { timeout: 30_000 }, () => {
  let core: OpenedCore;

  beforeEach(async () => {
    core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, http: { timeoutMs: 5_000, env: {} } });
    await core.initialize(PASSPHRASE);
  });

  afterEach(async () => {
    await core.close();
  });

  it('SUD: an ss_token with CR/LF is refused as bad_response, the current token kept and printed as it was', async () => {
    const sud: SudServer = await startSudServer();
    try {
      const { id } = await core.create({ provider: 'sud', name: 'SUD', env: 'test', values: { baseUrl: sud.url, code: sud.issueCode() } });
      expect((await core.refresh(id)).ok).toBe(true);
      const kept = core.token(id);
      sud.respondNext({ body: { ret_code: 0, ret_msg: 'success', sdk_error_code: 0, data: { ss_token: `stolen\r\n${INJECTED}`, expire_date: Date.now() + 3600_000 } } });
      const result = await core.refresh(id);
      expect(result.ok).toBe(false);
      expect(result.error?.code).toBe('bad_response');
      expect(result.error?.message).toMatch(/answer held control characters \(such as a line break\) in the token/);
      expect(core.token(id)).toBe(kept);
      expect(core.formatToken(id, 'header')).toBe(`Authorization: Bearer ${kept}`);
    } finally {
      await sud.close();
    }
  });

  it('a custom provider (OpenIM user token definition): the same check, the same error', async () => {
    const openim: OpenImServer = await startOpenImServer({ generation: 'v3.7', secret: 'openim-server-secret' });
    try {
      const definition: unknown = JSON.parse(await readFile(path.join(import.meta.dirname, '../../examples/openim-user-token.json'), 'utf8'));
      await core.defineProvider(definition);
      const { id } = await core.create({ provider: 'openim-user-token', name: 'IM', values: { baseUrl: openim.url, userID: 'u1', secret: 'openim-server-secret' } });
      openim.respondNext({ body: { errCode: 0, errMsg: '', errDlt: '', data: { token: `tok\n${INJECTED}`, expireTimeSeconds: 86_400 } } });
      const result = await core.refresh(id);
      expect(result.error?.code).toBe('bad_response');
      expect(result.error?.message).toContain("OpenIM user token (v3 /auth/user_token)'s answer held control characters");
      expect(core.get(id).hasToken).toBe(false);
    } finally {
      await openim.close();
    }
  });

  it('SaiNiu: a cookie value with CR/LF is refused naming the cookie (never its value), in any cookie shape', async () => {
    const saiNiu: SaiNiuServer = await startSaiNiuServer();
    try {
      const { id } = await core.create({ provider: 'sainiu', name: 'Shop', env: 'prod', values: { baseUrl: saiNiu.url, userNick: 'tb123456', logonToken: '8ef9c6b1044c6e777a516ad64d7444ec' } });
      expect((await core.refresh(id)).ok).toBe(true);
      const kept = core.token(id);
      const cookies = [
        [{ name: 'cookie2', value: `abc\r\n${INJECTED}`, domain: '.taobao.com' }],
        `cookie2=ok; unb=1\r\n${INJECTED}`,
      ];
      for (const data of cookies) {
        saiNiu.respondNext({ body: { code: 200, data: { returnValue: { data }, code: 3000 }, ret: ['SUCCESS::成功'], passkey: '1' } });
        const result = await core.refresh(id);
        expect(result.error?.code).toBe('bad_response');
        expect(result.error?.message).toMatch(/SaiNiu's answer held control characters \(such as a line break\) in the value of cookie "(cookie2|unb)"/);
        expect(result.error?.message).not.toContain('attacker');
        expect(core.token(id)).toBe(kept);
      }
    } finally {
      await saiNiu.close();
    }
  });
});

describe('an expiry past any date', { timeout: 30_000 }, () => {
  it('from a provider (expire_date: 9e15) counts as unknown: the token is kept and the list still prints', async () => {
    const sud: SudServer = await startSudServer();
    try {
      expect((await cli(['init'])).code).toBe(0);
      for (const name of ['first', 'second']) {
        expect((await cli(['add', 'sud', '--name', name, '--set', `baseUrl=${sud.url}`, '--set', `code=${sud.issueCode()}`])).code).toBe(0);
      }
      sud.respondNext({ body: { ret_code: 0, ret_msg: 'success', sdk_error_code: 0, data: { ss_token: 'far-future-token', expire_date: 9e15 } } });
      const refreshed = await cli(['--json', 'refresh', 'first']);
      expect(refreshed.code).toBe(0);
      expect(JSON.parse(refreshed.stdout)).toEqual([expect.objectContaining({ ok: true, expiresAt: null })]);
      const list = await cli(['--json', 'list']);
      expect(list.code).toBe(0);
      const accounts = JSON.parse(list.stdout) as Array<{ name: string; status: string; expiresAt: string | null }>;
      expect(accounts.map((a) => [a.name, a.status, a.expiresAt])).toEqual([['first', 'unknown', null], ['second', 'never', null]]);
    } finally {
      await sud.close();
    }
  });

  it('stored by an earlier version: one such account does not break list, --json list or show for the others', async () => {
    const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
    await vault.create({ passphrase: PASSPHRASE });
    const soon = Date.now() + 3600_000;
    await vault.put(makeAccount('a1', { name: 'broken', expiresAt: 9e15, issuedAt: -9e15, lastRefreshAt: 9e15 }), { fields: { code: 'c1' }, token: 'token-one' });
    await vault.put(makeAccount('a2', { name: 'fine', expiresAt: soon, lastRefreshAt: Date.now() }), { fields: { code: 'c2' }, token: 'token-two' });
    await vault.close();
    const json = await cli(['--json', 'list']);
    expect(json.code).toBe(0);
    const accounts = JSON.parse(json.stdout) as Array<{ name: string; expiresAt: string | null; issuedAt: string | null }>;
    expect(accounts.map((a) => [a.name, a.expiresAt, a.issuedAt])).toEqual([['broken', null, null], ['fine', new Date(soon).toISOString(), null]]);
    const text = await cli(['list']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('fine');
    expect((await cli(['show', 'a1'])).code).toBe(0);
  });
});

describe('a stored token with control characters (a vault from before the check)', { timeout: 30_000 }, () => {
  it('is not printed as a header, cookie, environment line or curl command; raw and json still give it', async () => {
    const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
    await vault.create({ passphrase: PASSPHRASE });
    const token = `stored\r\n${INJECTED}`;
    await vault.put(makeAccount('a1', { name: 'old', fields: { baseUrl: 'https://sud.example.test' } }), { fields: { code: 'c1' }, token });
    await vault.close();
    for (const format of ['header', 'env', 'curl']) {
      const run = await cli(['token', 'a1', '--format', format]);
      expect(run.code, format).toBe(1);
      expect(run.stdout, format).toBe('');
      expect(run.stderr, format).toContain('holds control characters');
      expect(run.stderr, format).toContain('Refresh the account');
    }
    expect((await cli(['token', 'a1', '--format', 'raw'])).stdout).toBe(`${token}\n`);
    expect(JSON.parse((await cli(['token', 'a1', '--format', 'json'])).stdout)).toMatchObject({ token });
  });
});
