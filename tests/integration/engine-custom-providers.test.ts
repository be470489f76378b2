import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderInfo } from '../../shared/providers';
import { openCore } from '../../electron/core/engine/core';
import type { OpenedCore } from '../../electron/core/engine/types';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { startOneAccessServer, startSudServer, type SudServer } from '../servers';
import { SUD_GAME } from '../fixtures/custom-definitions';

const PASSPHRASE = 'engine custom providers passphrase';
const BUNDLE_PASSPHRASE = 'bundle passphrase 123';


let dir: string;
let sud: SudServer;
const cleanups: Array<() => Promise<unknown>> = [];

async function open(dataDir: string, watchExternalChanges = false): Promise<OpenedCore> {
  const core = await openCore({ dataDir, scrypt: FAST_TEST_SCRYPT, watchExternalChanges });
  cleanups.push(() => core.close());
  return core;
}

async function freshDir(): Promise<string> {
  const made = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-custom-engine-'));
  cleanups.push(() => rm(made, { recursive: true, force: true }));
  return made;
}

function nextProviders(core: OpenedCore, accept: (infos: ProviderInfo[]) => boolean): Promise<ProviderInfo[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no providers:changed event within 10 s')), 10_000);
    const off = core.on('providers:changed', (infos) => {
      if (!accept(infos)) return;
      clearTimeout(timer);
      off();
      resolve(infos);
    });
  });
}

beforeEach(async () => {
  dir = await freshDir();
  sud = await startSudServer();
  cleanups.push(() => sud.close());
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('custom providers in the vault', () => {
  it('the app hears of a definition the command line added or removed, without a restart', async () => {
    const app = await open(dir, true);
    await app.initialize(PASSPHRASE);
    const cli = await open(dir);
    await cli.unlock(PASSPHRASE);

    const added = nextProviders(app, (infos) => infos.some((p) => p.id === 'my-game'));
    await cli.defineProvider(SUD_GAME);
    expect((await added).find((p) => p.id === 'my-game')).toMatchObject({ custom: true, displayName: { en: 'My game backend' } });
    const account = await app.create({ provider: 'my-game', name: 'Game', values: { baseUrl: sud.url, code: sud.issueCode() } });
    expect((await app.refresh(account.id)).ok).toBe(true);

    const removed = nextProviders(app, (infos) => !infos.some((p) => p.id === 'my-game'));
    await cli.removeProvider('my-game', { force: true });
    await removed;
    const refresh = app.refresh(account.id);
    await expect(refresh).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('Its provider my-game is not defined') });
    expect(app.get(account.id).hasToken).toBe(true);
  });

  it('definitions saved by two processes at once both stay; they are listed while locked and survive a passphrase change', async () => {
    const app = await open(dir);
    await app.initialize(PASSPHRASE);
    const cli = await open(dir);
    await cli.unlock(PASSPHRASE);
    await Promise.all([app.defineProvider(SUD_GAME), cli.defineProvider({ ...SUD_GAME, id: 'other-game', name: 'Other game' })]);

    const reopened = await open(dir);
    expect(reopened.status().state).toBe('locked');
    expect(reopened.providers().filter((p) => p.custom).map((p) => p.id)).toEqual(['my-game', 'other-game']);

    await reopened.unlock(PASSPHRASE);
    await reopened.setPassphrase('a brand new passphrase', PASSPHRASE);
    const account = await reopened.create({ provider: 'other-game', name: 'Other', values: { baseUrl: sud.url, code: sud.issueCode() } });
    // Re-signed under the new data key: still genuine, so it runs.
    expect(reopened.providers().find((p) => p.id === 'other-game')?.problem).toBeUndefined();
    expect((await reopened.refresh(account.id)).ok).toBe(true);
  });

  it('import adds a missing definition; a different one of the same id is kept, whatever its time, until named', async () => {
    const source = await open(dir);
    await source.initialize(PASSPHRASE);
    await source.defineProvider(SUD_GAME);
    const account = await source.create({ provider: 'my-game', name: 'Game', values: { baseUrl: sud.url, code: sud.issueCode() } });
    const first = await source.exportBundle({ ids: [account.id], passphrase: BUNDLE_PASSPHRASE });

    const target = await open(await freshDir());
    await target.initialize(PASSPHRASE);
    const outcomes = await target.importBundle({ text: first.text, passphrase: BUNDLE_PASSPHRASE });
    expect(outcomes[0]).toEqual({ id: 'my-game', name: 'My game backend', provider: 'my-game', action: 'added', kind: 'provider', differences: [] });
    expect(outcomes[1]).toMatchObject({ id: account.id, kind: 'account', action: 'added' });
    expect((await target.refresh(account.id)).ok).toBe(true);

    // The same definition again: unchanged.
    const same = await target.importBundle({ text: first.text, passphrase: BUNDLE_PASSPHRASE });
    expect(same[0]).toMatchObject({ kind: 'provider', action: 'unchanged', differences: [] });

    // The source changes the definition later: its bundle's copy is newer, and still does not win by itself.
    await source.defineProvider({ ...SUD_GAME, name: 'My game backend v2', request: { ...SUD_GAME.request, url: 'https://elsewhere.example/v2/get_sstoken' } }, { replace: true });
    const second = await source.exportBundle({ ids: [account.id], passphrase: BUNDLE_PASSPHRASE });
    const kept = await target.importBundle({ text: second.text, passphrase: BUNDLE_PASSPHRASE });
    expect(kept[0]).toMatchObject({ kind: 'provider', action: 'kept' });
    expect(kept[0]?.differences).toEqual(expect.arrayContaining([
      { part: 'displayName', where: null, ours: 'My game backend', theirs: 'My game backend v2' },
      { part: 'origin', where: 'request', ours: '{{baseUrl}}', theirs: 'https://elsewhere.example' },
    ]));
    expect(target.providerDefinition('my-game').definition).toMatchObject({ name: 'My game backend' });

    // Named, it is taken.
    const replaced = await target.importBundle({ text: second.text, passphrase: BUNDLE_PASSPHRASE, replace: [{ kind: 'provider', id: 'my-game' }] });
    expect(replaced[0]).toMatchObject({ kind: 'provider', action: 'replaced', name: 'My game backend v2' });
    expect(target.providerDefinition('my-game')).toEqual({ definition: expect.objectContaining({ name: 'My game backend v2' }), accounts: 1 });
  });

  it('the shipped examples run against the local SUD and OneAccess servers, refresh while valid included', async () => {
    const core = await open(dir);
    await core.initialize(PASSPHRASE);
    const example = async (name: string): Promise<unknown> => JSON.parse(await readFile(path.resolve(import.meta.dirname, '../../examples', name), 'utf8'));
    await core.defineProvider(await example('sud-sstoken.json'));
    await core.defineProvider(await example('oneaccess-client-credentials.json'));
    const oneaccess = await startOneAccessServer({ clientId: 'cid', clientSecret: 'csecret-canary-91', accessTokenTtlSeconds: 1800 });
    cleanups.push(() => oneaccess.close());

    const game = await core.create({ provider: 'sud-sstoken', name: 'Game', values: { baseUrl: sud.url, code: sud.issueCode() } });
    expect(await core.refresh(game.id)).toMatchObject({ ok: true });
    expect(await core.refresh(game.id)).toMatchObject({ ok: true });
    expect(sud.state.requests).toMatchObject({ get: 1, update: 1 });
    expect(sud.isLive(core.token(game.id))).toBe(true);

    const app = await core.create({ provider: 'oneaccess-client-credentials', name: 'App', values: { baseUrl: oneaccess.url, clientId: 'cid', clientSecret: 'csecret-canary-91' } });
    const result = await core.refresh(app.id);
    expect(result.ok).toBe(true);
    expect(result.expiresAt).toBeGreaterThan(Date.now() + 1700_000);
    const history = await core.history({ id: app.id });
    expect(history[0]).toMatchObject({ provider: 'oneaccess-client-credentials', outcome: 'ok' });
    expect(JSON.stringify(history)).not.toContain('csecret-canary-91');
  });
});
