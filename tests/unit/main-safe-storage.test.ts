import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenDeskError } from '../../electron/core/errors';
import { secretBoxIsSecure } from '../../electron/core/platform';
import { createSafeStorageBox } from '../../electron/main/safe-storage';
import type { SafeStorageLike } from '../../electron/main/safe-storage';

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>;

/** safeStorage as the OS would behave: a keyring that reversibly scrambles strings, or none. */
function fakeSafeStorage(available: boolean, backend: Backend): SafeStorageLike & { encrypted: number } {
  const storage = {
    encrypted: 0,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(plain: string): Buffer {
      storage.encrypted += 1;
      return Buffer.from(`kr1:${Buffer.from(plain, 'utf8').toString('hex')}`);
    },
    decryptString(cipher: Buffer): string {
      const text = cipher.toString();
      if (!text.startsWith('kr1:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(text.slice(4), 'hex').toString('utf8');
    },
  };
  return storage;
}

describe('the OS key slot (safeStorage)', () => {
  it('round-trips a binary data key through a real keyring', () => {
    const box = createSafeStorageBox(fakeSafeStorage(true, 'gnome_libsecret'), 'linux');
    const key = randomBytes(32);

    expect(secretBoxIsSecure(box)).toBe(true);
    expect(box.backend()).toBe('gnome_libsecret');
    expect(box.decrypt(box.encrypt(key)).equals(key)).toBe(true);
  });

  it.each(['basic_text', 'unknown'] as const)('fails closed on Linux with the %s backend: core must ask for a passphrase', (backend) => {
    const storage = fakeSafeStorage(true, backend);
    const box = createSafeStorageBox(storage, 'linux');

    expect(secretBoxIsSecure(box)).toBe(false);
    expect(() => box.encrypt(randomBytes(32))).toThrow(TokenDeskError);
    expect(() => box.encrypt(randomBytes(32))).toThrow(/passphrase/);
    expect(storage.encrypted).toBe(0);
  });

  it('is not secure where the OS offers no encryption at all', () => {
    const box = createSafeStorageBox(fakeSafeStorage(false, 'unknown'), 'win32');
    expect(secretBoxIsSecure(box)).toBe(false);
    expect(() => box.decrypt(Buffer.from('kr1:00'))).toThrow(expect.objectContaining({ code: 'locked' }));
  });

  it('reports no backend name outside Linux', () => {
    expect(createSafeStorageBox(fakeSafeStorage(true, 'basic_text'), 'darwin').backend()).toBeNull();
    expect(secretBoxIsSecure(createSafeStorageBox(fakeSafeStorage(true, 'basic_text'), 'darwin'))).toBe(true);
  });

  it('a slot the keyring cannot open is `locked` with advice, not a crash', () => {
    const box = createSafeStorageBox(fakeSafeStorage(true, 'kwallet6'), 'linux');
    expect(() => box.decrypt(Buffer.from('garbage'))).toThrow(expect.objectContaining({ code: 'locked', message: expect.stringMatching(/passphrase/) }));
  });
});
