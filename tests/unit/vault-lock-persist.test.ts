import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/engine/core';
import { TokenDeskError } from '../../electron/core/errors';
import { FAST_TEST_SCRYPT, openVault } from '../../electron/core/vault';
import type { Vault } from '../../electron/core/vault/types';
import { makeAccount, makeTempDir, readVaultJson, removeTemp, TestSecretBox, writeVaultJson } from '../fixtures/vault-helpers';

/** A lock by idle, screen lock or hand holds across a relaunch; the keyring unlocks at start only by choice. */

const PASS = 'lock test passphrase';
let dir: string;
let box: TestSecretBox;
const open: Vault[] = [];

beforeEach(async () => {
  dir = await makeTempDir();
  box = new TestSecretBox();
});
afterEach(async () => {
  for (const vault of open.splice(0)) await vault.close();
  await removeTemp(dir);
});

async function app(): Promise<Vault> {
  const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT, secretBox: box });
  open.push(vault);
  return vault;
}

/** A vault with a passphrase and a keyring slot, where the person chose to unlock with the keyring at start. */
async function keyringAtStart(): Promise<void> {
  const vault = await app();
  await vault.create({ passphrase: PASS });
  await vault.put(makeAccount('a'), { fields: { password: 'pw' }, token: 'tok' });
  await vault.updateSettings({ unlockWithKeyringAtStart: true });
  await vault.close();
}

async function codeOf(action: () => unknown): Promise<string> {
  try {
    await action();
  } catch (error) {
    if (error instanceof TokenDeskError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('unlocking with the keyring at start', () => {
  it('is off by default when a passphrase exists, and on when the person chooses it', async () => {
    const first = await app();
    await first.create({ passphrase: PASS });
    expect(first.settings().unlockWithKeyringAtStart).toBe(false);
    await first.close();
    expect((await app()).info()).toMatchObject({ state: 'locked', osSlot: true });

    await removeTemp(dir);
    dir = await makeTempDir();
    await keyringAtStart();
    expect((await app()).info().state).toBe('unlocked');
  });

  it('changing it (or the clipboard and idle settings) needs the vault unlocked', async () => {
    const vault = await app();
    await vault.create({ passphrase: PASS });
    vault.lock();
    expect(await codeOf(() => vault.updateSettings({ unlockWithKeyringAtStart: true }))).toBe('locked');
    expect(await codeOf(() => vault.updateSettings({ clipboardClearSec: 0 }))).toBe('locked');
    expect(await codeOf(() => vault.updateSettings({ lockIdleMin: 0 }))).toBe('locked');
    await vault.updateSettings({ theme: 'dark' }); // harmless settings stay free
  });
});

describe('a lock', () => {
  it('by hand holds across a relaunch until the passphrase is given', async () => {
    await keyringAtStart();
    const core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, secretBox: box });
    expect(core.status().state).toBe('unlocked');
    core.lock(); // what the lock button, the idle timer and the screen lock call
    await core.close();

    const relaunched = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, secretBox: box });
    expect(relaunched.status().state).toBe('locked');
    // A one-shot CLI command with the passphrase does not end the app's lock.
    const cli = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT });
    await cli.unlock(PASS, { endLock: false });
    await cli.close();
    await relaunched.close();
    const stillLocked = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, secretBox: box });
    expect(stillLocked.status().state).toBe('locked');
    await stillLocked.unlock(PASS);
    await stillLocked.close();

    const free = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, secretBox: box });
    expect(free.status().state).toBe('unlocked');
    await free.close();
  });

  it('cannot be lifted by editing vault.json: a forged protection state keeps the vault locked', async () => {
    await keyringAtStart();
    const vault = await app();
    vault.lock({ persist: true });
    await vault.close();
    const doc = (await readVaultJson(dir)) as unknown as { guard: { locked: boolean } };
    doc.guard.locked = false;
    await writeVaultJson(dir, doc as never);
    const relaunched = await app();
    expect(relaunched.info().state).toBe('locked');
    expect(relaunched.info().notices.join(' ')).toMatch(/changed outside TokenDesk/);
  });
});

describe('settings that weaken protection, edited in vault.json', () => {
  it('do not open the vault with the keyring, and return to safe values at the next passphrase unlock', async () => {
    const first = await app();
    await first.create({ passphrase: PASS });
    await first.close();
    const doc = await readVaultJson(dir);
    doc.settings = { ...doc.settings, unlockWithKeyringAtStart: true, clipboardClearSec: 0, lockIdleMin: 0 };
    await writeVaultJson(dir, doc);

    const vault = await app();
    expect(vault.info().state).toBe('locked');
    await vault.unlock(PASS);
    expect(vault.settings()).toMatchObject({ unlockWithKeyringAtStart: false, clipboardClearSec: 30, lockIdleMin: 15 });
    expect(vault.info().notices.join(' ')).toMatch(/set back to their safe defaults/);
  });

  it('removing the passphrase slot does not let the keyring open the vault', async () => {
    await keyringAtStart();
    const doc = await readVaultJson(dir);
    delete doc.slots.passphrase;
    await writeVaultJson(dir, doc);
    expect((await app()).info().state).toBe('locked');
  });
});

/**
 * Whole-file rollback (issue 17, item 4; README "Security model"): everything that says "locked" lives in
 * vault.json, so an older copy put back brings back that copy's state, lock and settings included. What
 * it cannot do is mix versions: each part of it is as TokenDesk wrote it at that time.
 */
describe('an older vault.json put back whole', () => {
  it('undoes a later lock by hand (documented), with every account exactly as it was in that copy', async () => {
    await keyringAtStart();
    const older = await readVaultJson(dir);
    const later = await app();
    await later.put(makeAccount('a', { updatedAt: 5 }), { fields: { password: 'pw 2' }, token: 'tok 2' });
    later.lock({ persist: true });
    await later.close();
    expect((await app()).info().state).toBe('locked'); // the lock holds across a restart

    await writeVaultJson(dir, older);
    const rolledBack = await app();
    expect(rolledBack.info().state).toBe('unlocked'); // the older copy's "keyring at start", no lock
    expect(rolledBack.damage('a')).toBeNull();
    expect(rolledBack.secrets('a')).toEqual({ fields: { password: 'pw' }, token: 'tok' });
  });

  it('but its records cannot be mixed with the current ones: an older record over newer secrets is flagged', async () => {
    await keyringAtStart();
    const older = await readVaultJson(dir);
    const later = await app();
    await later.put(makeAccount('a', { updatedAt: 5 }), { fields: { password: 'pw 2' }, token: 'tok 2' });
    await later.close();
    const current = await readVaultJson(dir);
    current.accounts.a = { ...older.accounts.a!, secrets: current.accounts.a!.secrets, token: current.accounts.a!.token };
    await writeVaultJson(dir, current);
    const mixed = await app();
    expect(mixed.damage('a')).toBe('changed');
  });
});
