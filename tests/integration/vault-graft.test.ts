import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/engine/core';
import type { OpenedCore } from '../../electron/core/engine/types';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { macOf } from '../../electron/core/vault/crypto';
import { canonical, macKey, PROTECTED_SETTINGS } from '../../electron/core/vault/record-mac';
import { openPassphraseSlot, type PassphraseSlot } from '../../electron/core/vault/slots';
import { SUD_GAME } from '../fixtures/custom-definitions';
import { openUnlockedCore, readVaultJson, writeVaultJson } from '../fixtures/vault-helpers';
import { startSudServer, type SudServer } from '../servers';

/**
 * Grafts (issue 17, item 3): two versions of vault.json, both written by TokenDesk, mixed by someone who
 * can write the data folder. Any mix of an account's record, its sealed values and its definition from
 * different versions reads as "changed outside TokenDesk", and nothing is sent until a person confirms.
 */

const PASSPHRASE = 'graft test passphrase';

type StoredRecord = { [key: string]: unknown; fields: { [key: string]: string }; secrets: { [key: string]: string }; token: string | null; mac?: string };
type Doc = {
  slots: { passphrase: PassphraseSlot; os?: unknown };
  settings: { [key: string]: unknown };
  guard?: { locked: boolean; mac: string };
  providers?: { [id: string]: { definition: unknown; mac?: string } };
  accounts: { [id: string]: StoredRecord };
};

let dir: string;
let sud: SudServer;
let evil: SudServer;
const cleanups: Array<() => Promise<unknown>> = [];

const unlockedCore = (): Promise<OpenedCore> => openUnlockedCore(dir, PASSPHRASE, cleanups);

const readDoc = (): Promise<Doc> => readVaultJson<Doc>(dir);
const writeDoc = (doc: Doc): Promise<void> => writeVaultJson(dir, doc);

/** Expects the account flagged, refused for refresh and token, and neither server asked anything. */
async function expectFlaggedAndSilent(core: OpenedCore, id: string, canary: string): Promise<void> {
  const before = sud.state.requests.total + evil.state.requests.total;
  expect(core.get(id).damage).toBe('changed');
  const result = await core.refresh(id);
  expect(result.ok).toBe(false);
  expect(result.error?.message).toMatch(/changed outside TokenDesk/);
  expect(JSON.stringify(result)).not.toContain(canary);
  expect(() => core.token(id)).toThrow(/changed outside TokenDesk/);
  expect(sud.state.requests.total + evil.state.requests.total).toBe(before);
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-graft-'));
  sud = await startSudServer();
  evil = await startSudServer();
  cleanups.push(() => sud.close(), () => evil.close(), () => rm(dir, { recursive: true, force: true }));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One SUD account first on `evil` (the old server), then moved to `sud` with a new code. */
async function twoVersions(): Promise<{ id: string; old: Doc; current: Doc; newCode: string }> {
  const core = await unlockedCore();
  const view = await core.create({ provider: 'sud', name: 'Game', env: 'test', values: { baseUrl: evil.url, code: evil.issueCode() } });
  const old = await readDoc();
  const newCode = sud.issueCode();
  await core.update({ id: view.id, values: { baseUrl: sud.url, code: newCode } });
  await core.close();
  return { id: view.id, old, current: await readDoc(), newCode };
}

describe('an account record and its sealed values from two versions', () => {
  it('old record over the new secrets: flagged, the new code goes nowhere', async () => {
    const { id, old, current, newCode } = await twoVersions();
    const grafted = { ...old.accounts[id]!, secrets: current.accounts[id]!.secrets, token: current.accounts[id]!.token };
    await writeDoc({ ...current, accounts: { [id]: grafted } });
    const core = await unlockedCore();
    await expectFlaggedAndSilent(core, id, newCode);
    expect(core.get(id).fields.baseUrl).toBe(evil.url);
  });

  it('new record over the old secrets: flagged, the old code goes nowhere', async () => {
    const { id, old, current } = await twoVersions();
    const grafted = { ...current.accounts[id]!, secrets: old.accounts[id]!.secrets, token: old.accounts[id]!.token };
    await writeDoc({ ...current, accounts: { [id]: grafted } });
    const core = await unlockedCore();
    await expectFlaggedAndSilent(core, id, 'no canary');
  });

  it('stays valid through refreshes and a passphrase change (records are signed again each time)', async () => {
    const { id } = await twoVersions();
    const core = await unlockedCore();
    expect((await core.refresh(id)).ok).toBe(true);
    await core.setPassphrase('another passphrase', PASSPHRASE);
    expect((await core.refresh(id)).ok).toBe(true);
    await core.close();
    const again = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT });
    cleanups.push(() => again.close());
    await again.unlock('another passphrase');
    expect(again.get(id).damage).toBeNull();
    expect((await again.refresh(id)).ok).toBe(true);
    expect(evil.state.requests.get).toBe(0);
  });
});

describe('a custom definition from an older version', () => {
  it('does not run with the accounts stored after it was replaced: they are flagged, nothing is sent', async () => {
    const core = await unlockedCore();
    const at = (base: string) => ({
      ...SUD_GAME,
      fields: SUD_GAME.fields.filter((field) => field.name !== 'baseUrl'),
      request: { ...SUD_GAME.request, url: `${base}/get_sstoken` },
      refresh: { ...SUD_GAME.refresh!, url: `${base}/update_sstoken` },
    });
    await core.defineProvider(at(evil.url));
    const old = await readDoc();
    await core.defineProvider(at(sud.url), { replace: true });
    const code = sud.issueCode();
    const view = await core.create({ provider: 'my-game', name: 'Custom', env: 'test', values: { code } });
    expect((await core.refresh(view.id)).ok).toBe(true);
    await core.close();

    const current = await readDoc();
    await writeDoc({ ...current, providers: old.providers! });
    const reopened = await unlockedCore();
    await expectFlaggedAndSilent(reopened, view.id, code);
  });
});

/** What a build before `account/2` wrote: each record's MAC over `account/1`, the guard over `guard/1`. */
async function asOldFormat(doc: Doc): Promise<Doc> {
  const mk = macKey((await openPassphraseSlot(doc.slots.passphrase, PASSPHRASE))!);
  for (const record of Object.values(doc.accounts)) {
    const a = record;
    record.mac = macOf(mk, canonical([
      'account/1', a.id, a.name, a.provider, a.env, a.createdAt, a.autoRefresh,
      a.fields, a.extras, a.providerState, Object.keys(record.secrets).sort(), record.token !== null,
    ]));
  }
  const guarded = PROTECTED_SETTINGS.map((name) => doc.settings[name] ?? null);
  const locked = doc.guard?.locked ?? false;
  doc.guard = { locked, mac: macOf(mk, canonical(['guard/1', guarded, doc.slots.passphrase, doc.slots.os ?? null, locked])) };
  return doc;
}

describe('a vault signed by an earlier build (account/1)', () => {
  it('opens without damage, is signed again as account/2, and an account/1 MAC is refused from then on', async () => {
    const { id, old } = await twoVersions();
    const oldFormat = await asOldFormat(old);
    await writeDoc(structuredClone(oldFormat));
    const core = await unlockedCore();
    expect(core.get(id).damage).toBeNull();
    const newCode = evil.issueCode();
    await core.update({ id, values: { baseUrl: evil.url, code: newCode } });
    await core.close();

    // The old account/1 record put back over the new sealed code: refused, not migrated again.
    const migrated = await readDoc();
    expect(migrated.accounts[id]!.mac).not.toBe(oldFormat.accounts[id]!.mac);
    const grafted = { ...oldFormat.accounts[id]!, secrets: migrated.accounts[id]!.secrets, token: migrated.accounts[id]!.token };
    await writeDoc({ ...migrated, accounts: { [id]: grafted } });
    const again = await unlockedCore();
    await expectFlaggedAndSilent(again, id, newCode);
  });
});
