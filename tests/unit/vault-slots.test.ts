import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenDeskError } from '../../electron/core/errors';
import { calibrateScrypt, FAST_TEST_SCRYPT, openVault } from '../../electron/core/vault';
import type { VaultOptions } from '../../electron/core/vault/types';
import { makeAccount, makeTempDir, readVaultJson, removeTemp, TestSecretBox } from '../fixtures/vault-helpers';

const SECRET = 'hunter2-field-value';
const TOKEN = 'eyJ.token.value';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeTemp(dir);
});

function open(extra: Partial<VaultOptions> = {}) {
  return openVault({ dir, scrypt: FAST_TEST_SCRYPT, ...extra });
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

async function ciphertexts(): Promise<string> {
  return JSON.stringify((await readVaultJson(dir)).accounts);
}

describe('passphrase slot', () => {
  it('starts uninitialized, unlocks only with the right passphrase, and lock() hides secrets again', async () => {
    const first = await open();
    expect(first.info()).toMatchObject({ state: 'uninitialized', passphraseSet: false, osSlot: false });
    await first.create({ passphrase: 'right one' });
    await first.put(makeAccount('a'), { fields: { password: SECRET }, token: TOKEN });
    await first.close();

    const vault = await open();
    expect(vault.info()).toMatchObject({ state: 'locked', passphraseSet: true });
    expect(await codeOf(() => vault.unlock('wrong one'))).toBe('locked');
    expect(vault.info().state).toBe('locked');
    await vault.unlock('right one');
    expect(vault.secrets('a')).toEqual({ fields: { password: SECRET }, token: TOKEN });
    vault.lock();
    expect(vault.info().state).toBe('locked');
    expect(await codeOf(() => vault.secrets('a'))).toBe('locked');
  });

  it('says "wrong passphrase" and what to do, without echoing it', async () => {
    const vault = await open();
    await vault.create({ passphrase: 'right one' });
    vault.lock();
    const error = await vault.unlock('my-typo-passphrase').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenDeskError);
    expect((error as TokenDeskError).message).toMatch(/Wrong passphrase.*try again/);
    expect((error as TokenDeskError).message).not.toContain('my-typo-passphrase');
  });

  it('changes the passphrase by rotating the data key: every ciphertext changes, secrets stay', async () => {
    const vault = await open();
    await vault.create({ passphrase: 'old pass' });
    await vault.put(makeAccount('a'), { fields: { password: SECRET }, token: TOKEN });
    const before = await ciphertexts();

    expect(await codeOf(() => vault.setPassphrase('new pass'))).toBe('locked'); // current missing
    expect(await codeOf(() => vault.setPassphrase('new pass', 'not it'))).toBe('locked');
    await vault.setPassphrase('new pass', 'old pass');
    const after = (await readVaultJson(dir)).accounts.a!;
    const old = (JSON.parse(before) as Record<string, typeof after>).a!;
    expect(after.token).not.toBe(old.token);
    expect(after.secrets.password).not.toBe(old.secrets.password);
    expect(vault.secrets('a').token).toBe(TOKEN);
    await vault.close();

    const reopened = await open();
    expect(await codeOf(() => reopened.unlock('old pass'))).toBe('locked');
    await reopened.unlock('new pass');
    expect(reopened.secrets('a').token).toBe(TOKEN);
  });

  it('refuses to remove the only way to unlock', async () => {
    const vault = await open();
    await vault.create({ passphrase: 'only way' });
    expect(await codeOf(() => vault.removePassphrase('only way'))).toBe('invalid_input');
    expect(vault.info().passphraseSet).toBe(true);
  });

  it('refuses create when a vault exists, and an empty passphrase', async () => {
    const vault = await open();
    expect(await codeOf(() => vault.create({ passphrase: '' }))).toBe('invalid_input');
    await vault.create({ passphrase: 'p' });
    expect(await codeOf(() => vault.create({ passphrase: 'q' }))).toBe('invalid_input');
  });

  it('stores the scrypt parameters beside the slot; default parameters are calibrated', async () => {
    const vault = await open({ scrypt: { N: 2048, r: 8, p: 1 } });
    await vault.create({ passphrase: 'p' });
    expect((await readVaultJson(dir)).slots.passphrase).toMatchObject({ N: 2048, r: 8, p: 1 });

    const params = calibrateScrypt(50);
    expect(params.r).toBe(8);
    expect(params.p).toBe(1);
    expect(Number.isInteger(Math.log2(params.N))).toBe(true);
    expect(params.N).toBeGreaterThanOrEqual(2 ** 14);
  });
});

describe('OS keyring slot', () => {
  it('unlocks silently with a secure keyring and stays locked without it', async () => {
    const box = new TestSecretBox('gnome_libsecret');
    const vault = await open({ secretBox: box });
    await vault.create({});
    await vault.put(makeAccount('a'), { fields: { password: SECRET }, token: TOKEN });
    await vault.close();

    const silent = await open({ secretBox: box });
    expect(silent.info()).toMatchObject({ state: 'unlocked', osSlot: true, passphraseSet: false });
    expect(silent.secrets('a').token).toBe(TOKEN);

    const cli = await open();
    expect(cli.info().state).toBe('locked');
    expect(await codeOf(() => cli.unlock('anything'))).toBe('locked');
  });

  for (const [label, box] of [
    ['the Linux basic_text backend', new TestSecretBox('basic_text')],
    ['an unavailable keyring', new TestSecretBox(null, undefined, false)],
  ] as const) {
    it(`fails closed with ${label}: no passphrase, no vault; with one, no OS slot`, async () => {
      const vault = await open({ secretBox: box });
      const refused = await vault.create({}).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(TokenDeskError);
      expect((refused as TokenDeskError).code).toBe('locked');
      expect((refused as TokenDeskError).message).toMatch(/set a passphrase/i);
      expect(vault.info().state).toBe('uninitialized');

      await vault.create({ passphrase: 'needed here' });
      expect(vault.info()).toMatchObject({ state: 'unlocked', osSlot: false, passphraseSet: true });
      expect((await readVaultJson(dir)).slots.os).toBeUndefined();
      expect(await codeOf(() => vault.removePassphrase('needed here'))).toBe('invalid_input');
    });
  }

  it('creates a passphrase-only vault, with a notice, when the keyring refuses to store the key', async () => {
    class RefusingBox extends TestSecretBox {
      override encrypt(): Promise<Buffer> {
        return Promise.reject(new Error('keyring locked'));
      }
    }
    const refusing = await open({ secretBox: new RefusingBox() });
    expect(await codeOf(() => refusing.create({}))).toBe('locked');
    await refusing.create({ passphrase: 'pass' });
    expect(refusing.info()).toMatchObject({ state: 'unlocked', osSlot: false, passphraseSet: true });
    expect(refusing.info().notices.join(' ')).toContain('passphrase only');
  });

  it('removes the passphrase when the keyring can unlock, without touching the ciphertexts', async () => {
    const box = new TestSecretBox();
    const vault = await open({ secretBox: box });
    await vault.create({ passphrase: 'pass' });
    await vault.put(makeAccount('a'), { fields: { password: SECRET }, token: TOKEN });
    const before = await ciphertexts();
    expect(await codeOf(() => vault.removePassphrase('not it'))).toBe('locked');
    await vault.removePassphrase('pass');
    expect(vault.info().passphraseSet).toBe(false);
    expect(await ciphertexts()).toBe(before);
    await vault.close();
    const reopened = await open({ secretBox: box });
    expect(reopened.info().state).toBe('unlocked');
    expect(reopened.secrets('a').fields.password).toBe(SECRET);
  });

  it('adds a keyring slot when a passphrase-only vault is unlocked where the keyring is secure', async () => {
    const cli = await open();
    await cli.create({ passphrase: 'pass' });
    await cli.put(makeAccount('a'), { fields: {}, token: TOKEN });
    await cli.close();

    const box = new TestSecretBox();
    const app = await open({ secretBox: box });
    expect(app.info()).toMatchObject({ state: 'locked', osSlot: false });
    await app.unlock('pass');
    expect(app.info().osSlot).toBe(true);
    await app.close();
    // With a passphrase, the keyring unlocks at start only when the person chose so (default off).
    const asks = await open({ secretBox: box });
    expect(asks.info()).toMatchObject({ state: 'locked', osSlot: true });
    await asks.unlock('pass');
    await asks.updateSettings({ unlockWithKeyringAtStart: true });
    await asks.close();
    const next = await open({ secretBox: box });
    expect(next.info().state).toBe('unlocked');
    expect(next.secrets('a').token).toBe(TOKEN);
  });
});
