import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/engine/core';
import type { CoreEvents, OpenedCore } from '../../electron/core/engine/types';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { startSudServer, type SudServer } from '../servers';

const PASSPHRASE = 'external change passphrase';

let dir: string;
let sud: SudServer;
const cleanups: Array<() => Promise<unknown>> = [];

async function open(watchExternalChanges: boolean): Promise<OpenedCore> {
  const core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, watchExternalChanges });
  cleanups.push(() => core.close());
  return core;
}

function nextChange(core: OpenedCore, accept: (payload: CoreEvents['accounts:changed']) => boolean): Promise<CoreEvents['accounts:changed']> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no accounts:changed event within 10 s')), 10_000);
    const off = core.on('accounts:changed', (payload) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-external-'));
  sud = await startSudServer();
  cleanups.push(() => sud.close());
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

describe('the app and the command line on one vault', () => {
  it('shows a token the command line refreshed, without a restart', async () => {
    const app = await open(true);
    await app.initialize(PASSPHRASE);
    const account = await app.create({ provider: 'sud', name: 'Shared', env: 'test', values: { baseUrl: sud.url, code: sud.issueCode() } });
    expect(app.get(account.id).hasToken).toBe(false);

    const cli = await open(false);
    await cli.unlock(PASSPHRASE);
    const seen = nextChange(app, (p) => p.upserted.some((v) => v.id === account.id && v.hasToken));
    const result = await cli.refresh(account.id, 'cli');
    expect(result.ok).toBe(true);

    const payload = await seen;
    const view = payload.upserted.find((v) => v.id === account.id);
    expect(view?.expiresAt).toBe(result.expiresAt);
    expect(app.token(account.id)).toBe(cli.token(account.id));
  });

  it('drops an account the command line removed', async () => {
    const app = await open(true);
    await app.initialize(PASSPHRASE);
    const account = await app.create({ provider: 'sud', name: 'Doomed', env: 'test', values: { baseUrl: sud.url, code: sud.issueCode() } });

    const cli = await open(false);
    await cli.unlock(PASSPHRASE);
    const seen = nextChange(app, (p) => p.removed.includes(account.id));
    await cli.remove(account.id);
    await seen;
    expect(app.list().map((v) => v.id)).not.toContain(account.id);
  });
});
