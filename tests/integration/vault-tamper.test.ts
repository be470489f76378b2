import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/engine/core';
import type { OpenedCore } from '../../electron/core/engine/types';
import { TokenDeskError } from '../../electron/core/errors';
import { seal } from '../../electron/core/vault/crypto';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { openPassphraseSlot, type PassphraseSlot } from '../../electron/core/vault/slots';
import { flipSealed } from '../fixtures/vault-helpers';
import { startSudServer, type SudServer } from '../servers';

/**
 * vault.json in the hands of an attacker (docs/architecture.md, "The vault"): whoever can write the file
 * without the key must not steer a secret to their server; one damaged account stays one.
 */

const PASSPHRASE = 'tamper test passphrase';

let dir: string;
let sud: SudServer;
let evil: SudServer;
const cleanups: Array<() => Promise<unknown>> = [];

async function newCore(): Promise<OpenedCore> {
  const opened = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, http: { timeoutMs: 5_000 } });
  cleanups.push(() => opened.close());
  return opened;
}

async function unlockedCore(): Promise<OpenedCore> {
  const core = await newCore();
  await core.unlock(PASSPHRASE);
  return core;
}

type Doc = { check: string; slots: { passphrase: PassphraseSlot }; guard?: unknown; accounts: Record<string, Record<string, unknown> & { fields: Record<string, string>; token: string | null; mac?: string }> };

async function readDoc(name = 'vault.json'): Promise<Doc> {
  return JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Doc;
}

async function writeDoc(doc: Doc): Promise<void> {
  await writeFile(path.join(dir, 'vault.json'), JSON.stringify(doc), { mode: 0o600 });
}

async function failure(action: () => unknown): Promise<TokenDeskError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof TokenDeskError) return error;
    throw error;
  }
  throw new Error('expected a TokenDeskError');
}

/** Three SUD accounts on the real server, each refreshed once; the core is closed afterwards. */
async function threeAccounts(): Promise<string[]> {
  const core = await newCore();
  await core.initialize(PASSPHRASE);
  const ids: string[] = [];
  for (const name of ['One', 'Two', 'Three']) {
    const view = await core.create({ provider: 'sud', name, env: 'test', values: { baseUrl: sud.url, code: sud.issueCode() } });
    expect((await core.refresh(view.id)).ok).toBe(true);
    ids.push(view.id);
  }
  await core.close();
  return ids;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-tamper-'));
  sud = await startSudServer();
  evil = await startSudServer();
  cleanups.push(() => sud.close(), () => evil.close());
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

describe('an account record changed outside TokenDesk', () => {
  it('sends nothing to the new host: the account says it was changed, refresh and token are refused', async () => {
    const [one, two] = await threeAccounts();
    const doc = await readDoc();
    doc.accounts[one!]!.fields.baseUrl = evil.url; // only the address, no key needed to write it
    await writeDoc(doc);

    const core = await unlockedCore();
    expect(core.get(one!).damage).toBe('changed');
    expect(core.get(two!).damage).toBeNull();
    const result = await core.refresh(one!);
    expect(result.ok).toBe(false);
    expect(result.error?.message).toMatch(/changed outside TokenDesk.*confirm/);
    const all = await core.refreshAll();
    expect(all.filter((r) => r.ok).map((r) => r.id).sort()).toEqual([two, core.list()[2]!.id].sort());
    expect((await failure(() => core.token(one!))).message).toMatch(/changed outside TokenDesk/);
    expect((await failure(() => core.formatToken(one!, 'header'))).message).toMatch(/changed outside TokenDesk/);
    expect((await failure(() => core.update({ id: one!, name: 'Renamed' }))).message).toMatch(/changed outside TokenDesk/);
    expect(evil.state.requests.total).toBe(0);

    // A person looks at it and vouches for it: the record is signed again, and stays so on disk.
    await core.confirm(one!);
    expect(core.get(one!).damage).toBeNull();
    await core.close();
    const again = await unlockedCore();
    expect(again.get(one!).damage).toBeNull();
    expect(again.get(one!).fields.baseUrl).toBe(evil.url);
  });

  it('can be removed, and a refresh of it while damaged stores nothing', async () => {
    const [one] = await threeAccounts();
    const doc = await readDoc();
    doc.accounts[one!]!.fields.getPath = '/steal';
    await writeDoc(doc);
    const core = await unlockedCore();
    expect(core.get(one!).damage).toBe('changed');
    await core.remove(one!);
    expect(core.list().map((a) => a.id)).not.toContain(one);
    expect(Object.keys((await readDoc()).accounts)).not.toContain(one);
  });

  it('marks every account changed when the MACs are stripped (a signed vault cannot pass for an old one)', async () => {
    const ids = await threeAccounts();
    const doc = await readDoc();
    for (const id of ids) delete doc.accounts[id]!.mac;
    await writeDoc(doc);
    const core = await unlockedCore();
    expect(core.list().map((a) => a.damage)).toEqual(['changed', 'changed', 'changed']);
  });

  it('signs a vault from before record signing on its first unlock, without marking anything damaged', async () => {
    const ids = await threeAccounts();
    // What TokenDesk wrote before this change: no MACs, no guard, the older key check.
    const doc = await readDoc();
    const key = await openPassphraseSlot(doc.slots.passphrase, PASSPHRASE);
    doc.check = seal(key!, Buffer.from('tokendesk data key', 'utf8'), 'tokendesk:key-check');
    delete doc.guard;
    for (const id of ids) delete doc.accounts[id]!.mac;
    await writeDoc(doc);

    const core = await unlockedCore();
    expect(core.list().map((a) => a.damage)).toEqual([null, null, null]);
    expect((await core.refresh(ids[0]!)).ok).toBe(true);
    await core.close();
    const signed = await readDoc();
    expect(signed.check).not.toBe(doc.check);
    expect(Object.values(signed.accounts).every((a) => typeof a.mac === 'string')).toBe(true);

    // From now on, a change outside TokenDesk is caught.
    signed.accounts[ids[1]!]!.fields.baseUrl = evil.url;
    await writeDoc(signed);
    const after = await unlockedCore();
    expect(after.get(ids[1]!).damage).toBe('changed');
  });
});

describe('one damaged ciphertext', () => {
  it('breaks only its own account: the others list, show, refresh and print tokens; the broken one can be edited', async () => {
    const [one, two, three] = await threeAccounts();
    const doc = await readDoc();
    doc.accounts[one!]!.token = flipSealed(doc.accounts[one!]!.token!, 'body', 3);
    await writeDoc(doc);

    const core = await unlockedCore();
    expect(core.list()).toHaveLength(3); // views do not decrypt
    expect(core.get(one!).hasToken).toBe(true);
    expect(core.token(two!)).toMatch(/^eyJ/);
    expect(core.maskedSecrets(three!).token).toBeTruthy();
    expect((await failure(() => core.token(one!))).message).toMatch(/integrity check/);
    expect(core.get(one!).damage).toBe('unreadable');
    const results = await core.refreshAll();
    expect(results.filter((r) => r.ok).map((r) => r.id).sort()).toEqual([two, three].sort());

    // Re-entering the secret repairs it: the unreadable token is dropped and a refresh issues a new one.
    await core.update({ id: one!, values: { code: sud.issueCode() } });
    expect(core.get(one!).damage).toBeNull();
    expect((await core.refresh(one!)).ok).toBe(true);
    expect(core.token(one!)).toMatch(/^eyJ/);
  });

  it('can be removed', async () => {
    const [one] = await threeAccounts();
    const doc = await readDoc();
    doc.accounts[one!]!.token = flipSealed(doc.accounts[one!]!.token!, 'nonce', 0);
    await writeDoc(doc);
    const core = await unlockedCore();
    await core.remove(one!);
    expect(core.list()).toHaveLength(2);
  });
});

describe('changing the passphrase', () => {
  it('rotates the data key: the old passphrase opens neither vault.json nor vault.json.bak', async () => {
    const [one] = await threeAccounts();
    const before = await readDoc();
    const core = await unlockedCore();
    await core.setPassphrase('a brand new passphrase', PASSPHRASE);
    const token = core.token(one!);
    await core.close();

    const after = await readDoc();
    expect(after.accounts[one!]!.token).not.toBe(before.accounts[one!]!.token);
    expect(await openPassphraseSlot(after.slots.passphrase, PASSPHRASE)).toBeNull();
    expect(await openPassphraseSlot((await readDoc('vault.json.bak')).slots.passphrase, PASSPHRASE)).toBeNull();

    // The backup is a whole vault under the new passphrase.
    const copy = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-bak-'));
    cleanups.push(() => rm(copy, { recursive: true, force: true }));
    await copyFile(path.join(dir, 'vault.json.bak'), path.join(copy, 'vault.json'));
    const fromBak = await openCore({ dataDir: copy, scrypt: FAST_TEST_SCRYPT });
    cleanups.push(() => fromBak.close());
    expect((await failure(() => fromBak.unlock(PASSPHRASE))).code).toBe('locked');
    await fromBak.unlock('a brand new passphrase');
    expect(fromBak.token(one!)).toBe(token);
    expect(fromBak.list().map((a) => a.damage)).toEqual([null, null, null]);
  });
});
