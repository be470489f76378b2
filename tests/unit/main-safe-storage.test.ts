import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenDeskError } from '../../electron/core/errors';
import { secretBoxIsSecure } from '../../electron/core/platform';
import { openVault, FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { createSafeStorageBox } from '../../electron/main/safe-storage';
import type { SafeStorageLike } from '../../electron/main/safe-storage';
import { makeTempDir, readVaultJson, removeTemp, TestSecretBox } from '../fixtures/vault-helpers';

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>;

/**
 * safeStorage as Electron 45 behaves: a keyring that reversibly scrambles strings through the
 * asynchronous calls, or none. The deprecated synchronous calls are there too, and count their uses.
 */
function fakeSafeStorage(available: boolean, backend: Backend) {
  const storage = {
    encrypted: 0,
    syncCalls: 0,
    isAsyncEncryptionAvailable: () => Promise.resolve(available),
    getSelectedStorageBackend: () => backend,
    encryptStringAsync(plain: string): Promise<Buffer> {
      storage.encrypted += 1;
      return Promise.resolve(Buffer.from(`kr1:${Buffer.from(plain, 'utf8').toString('hex')}`));
    },
    decryptStringAsync(cipher: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
      const text = cipher.toString();
      if (!text.startsWith('kr1:')) return Promise.reject(new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'));
      return Promise.resolve({ result: Buffer.from(text.slice(4), 'hex').toString('utf8'), shouldReEncrypt: false });
    },
    isEncryptionAvailable: () => ++storage.syncCalls > 0 && available,
    encryptString: (plain: string) => (storage.syncCalls++, Buffer.from(plain)),
    decryptString: (cipher: Buffer) => (storage.syncCalls++, cipher.toString()),
  };
  return storage satisfies SafeStorageLike;
}

describe('the OS key slot (safeStorage)', () => {
  it('round-trips a binary data key through a real keyring with the asynchronous API only', async () => {
    const storage = fakeSafeStorage(true, 'gnome_libsecret');
    const box = await createSafeStorageBox(storage, 'linux');
    const key = randomBytes(32);

    expect(secretBoxIsSecure(box)).toBe(true);
    expect(box.backend()).toBe('gnome_libsecret');
    expect((await box.decrypt(await box.encrypt(key))).equals(key)).toBe(true);
    // Electron 45 deprecates isEncryptionAvailable/encryptString/decryptString; 46 removes them.
    expect(storage.syncCalls).toBe(0);
  });

  it.each(['basic_text', 'unknown'] as const)('fails closed on Linux with the %s backend: core must ask for a passphrase', async (backend) => {
    const storage = fakeSafeStorage(true, backend);
    const box = await createSafeStorageBox(storage, 'linux');

    expect(secretBoxIsSecure(box)).toBe(false);
    await expect(box.encrypt(randomBytes(32))).rejects.toThrow(TokenDeskError);
    await expect(box.encrypt(randomBytes(32))).rejects.toThrow(/passphrase/);
    expect(storage.encrypted).toBe(0);
  });

  it('is not secure where the OS offers no encryption at all', async () => {
    const box = await createSafeStorageBox(fakeSafeStorage(false, 'unknown'), 'win32');
    expect(secretBoxIsSecure(box)).toBe(false);
    await expect(box.decrypt(Buffer.from('kr1:00'))).rejects.toMatchObject({ code: 'locked' });
  });

  it('reports no backend name outside Linux', async () => {
    expect((await createSafeStorageBox(fakeSafeStorage(true, 'basic_text'), 'darwin')).backend()).toBeNull();
    expect(secretBoxIsSecure(await createSafeStorageBox(fakeSafeStorage(true, 'basic_text'), 'darwin'))).toBe(true);
  });

  it('a slot the keyring cannot open is `locked` with advice, not a crash', async () => {
    const box = await createSafeStorageBox(fakeSafeStorage(true, 'kwallet6'), 'linux');
    await expect(box.decrypt(Buffer.from('garbage'))).rejects.toMatchObject({ code: 'locked', message: expect.stringMatching(/passphrase/) });
  });

  it('opens and creates a vault through the asynchronous keyring, never the deprecated calls', async () => {
    const dir = await makeTempDir();
    try {
      const storage = fakeSafeStorage(true, 'gnome_libsecret');
      const first = await openVault({ dir, scrypt: FAST_TEST_SCRYPT, secretBox: await createSafeStorageBox(storage, 'linux') });
      await first.create({});
      await first.close();
      const again = await openVault({ dir, secretBox: await createSafeStorageBox(storage, 'linux') });
      expect(again.info()).toMatchObject({ state: 'unlocked', osSlot: true });
      await again.close();
      expect(storage.syncCalls).toBe(0);
    } finally {
      await removeTemp(dir);
    }
  });
});

/** A keyring that rotated its key to generation 2 and still opens generation-1 ciphertexts, asking to re-encrypt them. */
function rotatingSafeStorage(acceptsOld: boolean) {
  const storage = fakeSafeStorage(true, 'gnome_libsecret');
  return {
    ...storage,
    encryptStringAsync: (plain: string) => Promise.resolve(Buffer.from(`kr2:${Buffer.from(plain, 'utf8').toString('hex')}`)),
    decryptStringAsync(cipher: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
      const text = cipher.toString();
      if (text.startsWith('kr2:')) return Promise.resolve({ result: Buffer.from(text.slice(4), 'hex').toString('utf8'), shouldReEncrypt: false });
      if (acceptsOld && text.startsWith('kr1:')) return Promise.resolve({ result: Buffer.from(text.slice(4), 'hex').toString('utf8'), shouldReEncrypt: true });
      return Promise.reject(new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'));
    },
  } satisfies SafeStorageLike;
}

/**
 * Electron 45 on Linux with no usable keyring: the Secret Service provider (tag v11) gave no key, so
 * Chromium's OSCryptAsync encrypts with its PosixKeyProvider (tag v10, a hard-coded key), while
 * isAsyncEncryptionAvailable() resolves true and getSelectedStorageBackend() names the desktop's keyring.
 */
function fixedKeyFallback() {
  const storage = fakeSafeStorage(true, 'gnome_libsecret');
  return {
    ...storage,
    encryptStringAsync(plain: string): Promise<Buffer> {
      storage.encrypted += 1;
      return Promise.resolve(Buffer.concat([Buffer.from('v10'), Buffer.from(plain, 'utf8')]));
    },
  } satisfies SafeStorageLike;
}

describe("Chromium's fixed-key fallback on Linux (PosixKeyProvider, tag v10)", () => {
  it('is treated like basic_text: not secure, named basic_text, and a new vault needs a passphrase', async () => {
    const box = await createSafeStorageBox(fixedKeyFallback(), 'linux');
    expect(secretBoxIsSecure(box)).toBe(false);
    expect(box.backend()).toBe('basic_text');
    await expect(box.encrypt(randomBytes(32))).rejects.toMatchObject({ code: 'locked', message: expect.stringMatching(/passphrase/) });
    const dir = await makeTempDir();
    try {
      const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT, secretBox: box });
      await expect(vault.create({})).rejects.toMatchObject({ code: 'locked', message: expect.stringContaining('basic_text') });
      await vault.create({ passphrase: 'a passphrase for the fallback' });
      expect(vault.info()).toMatchObject({ state: 'unlocked', osSlot: false, passphraseSet: true });
      await vault.close();
    } finally {
      await removeTemp(dir);
    }
  });

  it('a keyring that answers (tag v11) stays secure; v10 is only suspect on Linux (DPAPI and the Keychain tag v10 too)', async () => {
    const keyring = { ...fakeSafeStorage(true, 'gnome_libsecret'), encryptStringAsync: (plain: string) => Promise.resolve(Buffer.from(`v11${plain}`)) };
    expect(secretBoxIsSecure(await createSafeStorageBox(keyring, 'linux'))).toBe(true);
    expect(secretBoxIsSecure(await createSafeStorageBox(fixedKeyFallback(), 'win32'))).toBe(true);
    expect(secretBoxIsSecure(await createSafeStorageBox(fixedKeyFallback(), 'darwin'))).toBe(true);
  });
});

describe('a keyring that rotated its key (shouldReEncrypt)', () => {
  it('gets the OS slot written again under the new key, so the vault still opens silently once the old key is retired', async () => {
    const dir = await makeTempDir();
    try {
      const first = await openVault({ dir, scrypt: FAST_TEST_SCRYPT, secretBox: await createSafeStorageBox(fakeSafeStorage(true, 'gnome_libsecret'), 'linux') });
      await first.create({});
      await first.close();
      const slotText = async () => Buffer.from((await readVaultJson(dir)).slots.os?.wrapped ?? '', 'base64').toString().slice(0, 4);
      expect(await slotText()).toBe('kr1:');

      const rotated = await openVault({ dir, secretBox: await createSafeStorageBox(rotatingSafeStorage(true), 'linux') });
      expect(rotated.info()).toMatchObject({ state: 'unlocked', osSlot: true });
      await rotated.close();
      expect(await slotText()).toBe('kr2:');

      const retired = await openVault({ dir, secretBox: await createSafeStorageBox(rotatingSafeStorage(false), 'linux') });
      expect(retired.info()).toMatchObject({ state: 'unlocked', osSlot: true });
      await retired.close();
    } finally {
      await removeTemp(dir);
    }
  });
});

describe('the data key in memory', () => {
  it('is a Buffer that is zeroed when the vault locks', async () => {
    const dir = await makeTempDir();
    try {
      const box = new TestSecretBox();
      const first = await openVault({ dir, scrypt: FAST_TEST_SCRYPT, secretBox: box });
      await first.create({});
      await first.close();
      const vault = await openVault({ dir, secretBox: box });
      expect(vault.info().state).toBe('unlocked');
      const held = box.opened.at(-1);
      expect(held?.length).toBe(32);
      expect(held?.some((byte) => byte !== 0)).toBe(true);
      vault.lock();
      expect(held?.every((byte) => byte === 0)).toBe(true);
      await vault.close();
    } finally {
      await removeTemp(dir);
    }
  });
});
