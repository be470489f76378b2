import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/engine/core';
import type { OpenedCore } from '../../electron/core/engine/types';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { startOpenImServer, type OpenImServer } from '../servers';

const PASSPHRASE = 'engine openim passphrase';
let dir: string;
let core: OpenedCore;
let openim: OpenImServer;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-openim-'));
  openim = await startOpenImServer({ generation: 'v3.8.1' });
  core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, http: { timeoutMs: 5_000 } });
  await core.initialize(PASSPHRASE);
});

afterEach(async () => {
  await core.close();
  await openim.close();
  await rm(dir, { recursive: true, force: true });
});

const addAccount = (userID: string) =>
  core.create({ provider: 'openim', name: `IM ${userID}`, env: 'test', values: { baseUrl: openim.url, secret: 'openIM123', userID } });

describe('OpenIM accounts in the engine', () => {
  it('start with auto-refresh off: a refresh would log the running client out', async () => {
    const account = await addAccount('user-1');
    expect(account.autoRefresh.enabled).toBe(false);
  });

  it('reuse one admin token across refreshes and accounts, and forget it when the vault locks', async () => {
    const first = await addAccount('user-1');
    const second = await addAccount('user-2');
    await core.refreshAll();
    await core.refresh(first.id);
    await core.refresh(second.id);
    expect(openim.state.adminTokensIssued).toBe(1);
    expect(openim.state.userTokensIssued).toBe(4);
    expect(core.get(first.id).extras).toMatchObject({ apiVersion: 'v3.8', adminToken: 'reused' });

    core.lock();
    await core.unlock(PASSPHRASE);
    await core.refresh(first.id);
    expect(openim.state.adminTokensIssued).toBe(2);
    expect(core.get(first.id).extras).toMatchObject({ adminToken: 'fetched' });
  });

  it('a refresh kicks the token it replaces, as the server multi-login policy does', async () => {
    const account = await addAccount('user-1');
    await core.refresh(account.id);
    const before = core.token(account.id);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // JWTs of the same second are the same token
    await core.refresh(account.id);
    expect(openim.check(before)).toBe(1506);
    expect(openim.check(core.token(account.id))).toBe(0);
  });
});
