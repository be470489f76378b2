import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAST_TEST_SCRYPT, openVault } from '../../electron/core/vault';
import type { Vault } from '../../electron/core/vault/types';
import {
  flipBase64Byte, flipSealed, leakForms, makeAccount, makeTempDir, readAllFiles, readVaultJson, removeTemp, TestSecretBox, writeVaultJson,
} from '../fixtures/vault-helpers';
import { tokenDeskErrorOf as errorOf } from './helpers/token-desk-error';

const CANARY = 'CANARY-7f3a9c1e-5b2d-4e8a-9f60-secret-value';
const TOKEN_CANARY = 'CANARY-TOKEN-0d9e8f7a6b5c4d3e2f1a';
const PASSPHRASE = 'CANARY-PASS-correct horse battery staple';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeTemp(dir);
});

async function vaultWithSecrets(): Promise<Vault> {
  const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT, secretBox: new TestSecretBox() });
  await vault.create({ passphrase: PASSPHRASE });
  await vault.put(makeAccount('a1', { name: 'Shop A' }), { fields: { password: CANARY }, token: TOKEN_CANARY });
  await vault.put(makeAccount('a2', { name: 'Shop B' }), { fields: { password: 'other-secret' }, token: 'other-token' });
  return vault;
}

async function reopenUnlocked(): Promise<Vault> {
  const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
  await vault.unlock(PASSPHRASE);
  return vault;
}

describe('secrets at rest', () => {
  it('never writes a secret, the token or the passphrase to any file, in any encoding', async () => {
    const vault = await vaultWithSecrets();
    await vault.put(makeAccount('a1', { name: 'Shop A', updatedAt: 2 })); // a second write, so a backup exists
    await vault.close();
    const files = await readAllFiles(dir);
    expect([...files.keys()].sort()).toEqual(['vault.json', 'vault.json.bak']);
    for (const [name, bytes] of files) {
      const text = bytes.toString('latin1');
      for (const secret of [CANARY, TOKEN_CANARY, PASSPHRASE]) {
        for (const form of leakForms(secret)) expect(text.includes(form), `${name} holds ${secret} as ${form}`).toBe(false);
      }
    }
    const reopened = await reopenUnlocked();
    expect(reopened.secrets('a1')).toEqual({ fields: { password: CANARY }, token: TOKEN_CANARY });
  });

  it('keeps account metadata readable while locked, secrets not', async () => {
    await (await vaultWithSecrets()).close();
    const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
    expect(vault.info().state).toBe('locked');
    expect(vault.list().map((a) => a.name).sort()).toEqual(['Shop A', 'Shop B']);
    expect((await errorOf(() => vault.secrets('a1'))).code).toBe('locked');
  });
});

describe('tampering is detected, never decrypted to garbage', () => {
  const places: Array<[string, 'nonce' | 'body', number]> = [
    ['the first ciphertext byte', 'body', 0],
    ['a middle ciphertext byte', 'body', 10],
    ['the authentication tag', 'body', -1],
  ];
  for (const [where, part, index] of places) {
    it(`reports a flipped bit in ${where} of a stored token as an integrity failure`, async () => {
      await (await vaultWithSecrets()).close();
      const doc = await readVaultJson(dir);
      const record = doc.accounts.a1!;
      record.token = flipSealed(record.token!, part, index);
      await writeVaultJson(dir, doc);
      const vault = await reopenUnlocked();
      const error = await errorOf(() => vault.secrets('a1'));
      expect(error.code).toBe('bad_response');
      expect(error.message).toContain('Shop A');
      expect(error.message).toContain('integrity check');
      expect(error.message).not.toContain(TOKEN_CANARY);
      expect(vault.secrets('a2').token).toBe('other-token'); // the other account is unaffected
    });
  }

  it('reports a flipped bit in the nonce of a stored token as the record changed (its MAC covers each nonce)', async () => {
    await (await vaultWithSecrets()).close();
    const doc = await readVaultJson(dir);
    doc.accounts.a1!.token = flipSealed(doc.accounts.a1!.token!, 'nonce', 0);
    await writeVaultJson(dir, doc);
    const vault = await reopenUnlocked();
    expect(vault.damage('a1')).toBe('changed');
    const error = await errorOf(() => vault.secrets('a1'));
    expect(error.message).toMatch(/"Shop A" was changed outside TokenDesk/);
    expect(error.message).not.toContain(TOKEN_CANARY);
    expect(vault.secrets('a2').token).toBe('other-token');
  });

  it('reports a flipped bit in a secret field the same way', async () => {
    await (await vaultWithSecrets()).close();
    const doc = await readVaultJson(dir);
    doc.accounts.a1!.secrets.password = flipSealed(doc.accounts.a1!.secrets.password!, 'body', 3);
    await writeVaultJson(dir, doc);
    const error = await errorOf(async () => (await reopenUnlocked()).secrets('a1'));
    expect(error.code).toBe('bad_response');
  });

  it('refuses a ciphertext moved to another account or to another field', async () => {
    await (await vaultWithSecrets()).close();
    const doc = await readVaultJson(dir);
    doc.accounts.a2!.token = doc.accounts.a1!.token; // another account's token
    doc.accounts.a1!.token = doc.accounts.a1!.secrets.password!; // a field where the token belongs
    await writeVaultJson(dir, doc);
    const vault = await reopenUnlocked();
    // Both records no longer match their MACs; confirmed by a person, the moved values still do not open.
    expect([vault.damage('a1'), vault.damage('a2')]).toEqual(['changed', 'changed']);
    await vault.confirm('a1');
    await vault.confirm('a2');
    expect((await errorOf(() => vault.secrets('a2'))).code).toBe('bad_response');
    expect((await errorOf(() => vault.secrets('a1'))).code).toBe('bad_response');
  });

  it('names an unknown ciphertext version instead of guessing', async () => {
    await (await vaultWithSecrets()).close();
    const doc = await readVaultJson(dir);
    doc.accounts.a1!.token = doc.accounts.a1!.token!.replace(/^td1:/, 'td9:');
    await writeVaultJson(dir, doc);
    const error = await errorOf(async () => (await reopenUnlocked()).secrets('a1'));
    expect(error.code).toBe('bad_response');
    expect(error.message).toContain('td9');
  });

  it('treats a flipped bit in the passphrase slot as a passphrase that does not open the vault', async () => {
    await (await vaultWithSecrets()).close();
    const doc = await readVaultJson(dir);
    const slot = doc.slots.passphrase!;
    slot.wrapped = flipSealed(slot.wrapped, 'body', 5);
    await writeVaultJson(dir, doc);
    const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
    expect((await errorOf(() => vault.unlock(PASSPHRASE))).code).toBe('locked');
    expect(vault.info().state).toBe('locked');
  });

  it('restores the last good copy when the keyring slot fails to authenticate, keeping the damaged file', async () => {
    const box = new TestSecretBox();
    const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT, secretBox: box });
    await vault.create({});
    await vault.put(makeAccount('a1'), { fields: { password: CANARY }, token: TOKEN_CANARY });
    await vault.put(makeAccount('a1', { updatedAt: 5 }));
    await vault.close();
    const doc = await readVaultJson(dir);
    doc.slots.os!.wrapped = flipBase64Byte(doc.slots.os!.wrapped, 20);
    await writeVaultJson(dir, doc);

    const reopened = await openVault({ dir, scrypt: FAST_TEST_SCRYPT, secretBox: box });
    expect(reopened.info().state).toBe('unlocked');
    expect(reopened.info().notices.join(' ')).toMatch(/integrity check.*moved to vault\.json\.corrupt-.*last good copy/);
    expect(reopened.secrets('a1').token).toBe(TOKEN_CANARY);
    expect((await readdir(dir)).some((name) => name.startsWith('vault.json.corrupt-'))).toBe(true);
  });

  it('stays locked, with a notice, when the keyring cannot open its slot and there is no good copy', async () => {
    const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT, secretBox: new TestSecretBox() });
    await vault.create({ passphrase: PASSPHRASE });
    await vault.close();
    // Another keyring (e.g. a new login keyring) cannot open the slot: not damage, so nothing moves.
    const other = await openVault({ dir, scrypt: FAST_TEST_SCRYPT, secretBox: new TestSecretBox() });
    expect(other.info()).toMatchObject({ state: 'locked', osSlot: false });
    expect(other.info().notices.join(' ')).toContain('Unlock it with your passphrase');
    expect((await readdir(dir)).sort()).toEqual(['vault.json']);
  });
});
