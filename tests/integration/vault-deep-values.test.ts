import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedCore } from '../../electron/core/engine/types';
import { SUD_GAME } from '../fixtures/custom-definitions';
import { openUnlockedCore } from '../fixtures/vault-helpers';
import { startSudServer, type SudServer } from '../servers';

/**
 * One value nested thousands deep in vault.json (issue 17, item 7): it is that account's (or that
 * definition's) damage, never the vault's. Every other account unlocks, lists, refreshes and saves.
 */

const PASSPHRASE = 'deep values passphrase';
const DEEP = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;

let dir: string;
let sud: SudServer;
const cleanups: Array<() => Promise<unknown>> = [];

const openUnlocked = (): Promise<OpenedCore> => openUnlockedCore(dir, PASSPHRASE, cleanups);

/** vault.json with `place` (a JSON path into the document) holding the 5,000-deep value. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a hand edit reaches anywhere in the file
type Loose = any;

async function plantDeep(place: (doc: Loose) => void): Promise<void> {
  const file = path.join(dir, 'vault.json');
  const doc = JSON.parse(await readFile(file, 'utf8')) as Loose;
  place(doc);
  await writeFile(file, JSON.stringify(doc).replaceAll('"__DEEP__"', DEEP), { mode: 0o600 });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-deep-'));
  sud = await startSudServer();
  cleanups.push(() => sud.close(), () => rm(dir, { recursive: true, force: true }));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a value nested 5,000 deep in vault.json', () => {
  it('in one account: that account reads as changed, the others unlock, list, refresh and save', async () => {
    const core = await openUnlocked();
    const ids: string[] = [];
    for (const name of ['One', 'Two', 'Three']) ids.push((await core.create({ provider: 'sud', name, env: 'test', values: { baseUrl: sud.url, code: sud.issueCode() } })).id);
    await core.defineProvider(SUD_GAME);
    await core.close();
    await plantDeep((doc) => {
      doc.accounts[ids[0]!].extras = { jwt: '__DEEP__' };
      doc.settings.somethingNew = { x: 1 }; // a harmless unknown setting stays
    });

    const reopened = await openUnlocked();
    expect(reopened.list().map((a) => a.damage)).toEqual(['changed', null, null]);
    const results = await reopened.refreshAll();
    expect(results.filter((r) => r.ok).map((r) => r.id).sort()).toEqual([ids[1], ids[2]].sort());
    expect(reopened.token(ids[1]!)).toMatch(/^eyJ/);
    await reopened.close();
    // The save after the refreshes wrote a file without the deep value; the account is still flagged.
    expect((await readFile(path.join(dir, 'vault.json'), 'utf8')).length).toBeLessThan(DEEP.length);
    const again = await openUnlocked();
    expect(again.list().map((a) => a.damage)).toEqual(['changed', null, null]);
  });

  it('in a custom definition or a setting: the definition cannot run, everything else opens', async () => {
    const core = await openUnlocked();
    const one = await core.create({ provider: 'sud', name: 'One', env: 'test', values: { baseUrl: sud.url, code: sud.issueCode() } });
    await core.defineProvider(SUD_GAME);
    await core.close();
    await plantDeep((doc) => {
      doc.providers['my-game'].definition.request.json = '__DEEP__';
      doc.settings.lockIdleMin = '__DEEP__';
    });

    const reopened = await openUnlocked();
    expect((await reopened.refresh(one.id)).ok).toBe(true);
    expect(reopened.providers().find((p) => p.id === 'my-game')?.problem).toMatch(/changed outside TokenDesk/);
  });
});
