import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/engine/core';
import type { OpenedCore } from '../../electron/core/engine/types';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';

const PASSPHRASE = 'validate test passphrase';
const SESSION = 'session-token-secret-0123456789';
const CLIENT_SECRET = 'client-secret-value-9876543210';
const RULE = 'set clientId and clientSecret, or accessToken';
const BASE = { baseUrl: 'https://tenant.example', sessionToken: SESSION, deviceFingerprint: 'device-1' };

let dir: string;
let core: OpenedCore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-validate-'));
  core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT });
  await core.initialize(PASSPHRASE);
});

afterEach(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

const addOneAccess = (values: Record<string, string>) => core.create({ provider: 'oneaccess', name: 'OneAccess', env: 'test', values });

describe("the provider's cross-field rule on save", () => {
  it('refuses a OneAccess account with neither client credentials nor an access token, and stores nothing', async () => {
    for (const values of [BASE, { ...BASE, clientId: 'app-1' }, { ...BASE, clientSecret: CLIENT_SECRET }]) {
      const failure = addOneAccess(values);
      await expect(failure).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining(RULE) });
      const message = await failure.catch((error: unknown) => String((error as Error).message));
      expect(message).not.toContain(SESSION);
      expect(message).not.toContain(CLIENT_SECRET);
    }
    expect(core.list()).toEqual([]);
    const onDisk = JSON.parse(await readFile(path.join(dir, 'vault.json'), 'utf8')) as { accounts: Record<string, unknown> };
    expect(onDisk.accounts).toEqual({});
  });

  it('accepts either client credentials or an access token', async () => {
    const withClient = await addOneAccess({ ...BASE, clientId: 'app-1', clientSecret: CLIENT_SECRET });
    const withToken = await addOneAccess({ ...BASE, accessToken: 'ready-access-token' });
    expect(core.get(withClient.id).secretsSet.sort()).toEqual(['clientSecret', 'sessionToken']);
    expect(core.get(withToken.id).secretsSet.sort()).toEqual(['accessToken', 'sessionToken']);
  });

  it('refuses an edit that breaks the rule and keeps the account as it was', async () => {
    const account = await addOneAccess({ ...BASE, clientId: 'app-1', clientSecret: CLIENT_SECRET });
    // An empty plain value clears the field; without an access token the account could not work.
    await expect(core.update({ id: account.id, values: { clientId: '' } })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining(RULE),
    });
    expect(core.get(account.id).fields.clientId).toBe('app-1');

    // The same edit with an access token added is fine.
    await core.update({ id: account.id, values: { clientId: '', accessToken: 'ready-access-token' } });
    expect(core.get(account.id).fields.clientId).toBeUndefined();
    expect(core.get(account.id).secretsSet).toContain('accessToken');
  });
});
