import type { SafeStorage } from 'electron';
import { TokenDeskError } from '../core/errors';
import { secretBoxIsSecure } from '../core/platform';
import type { SecretBox } from '../core/platform';

/**
 * The part of Electron's safeStorage the key slot uses: only the asynchronous calls (the synchronous
 * isEncryptionAvailable/encryptString/decryptString are deprecated in Electron 45, removed in 46).
 */
export type SafeStorageLike = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptStringAsync' | 'decryptStringAsync'>;

function notSecure(backend: string | null): TokenDeskError {
  const which = backend ? ` (backend: ${backend})` : '';
  return new TokenDeskError(
    'locked',
    `The system keyring is not available or does not protect secrets${which}, so TokenDesk will not use it. Unlock with your passphrase, or set one in Settings.`,
  );
}

/**
 * Electron safeStorage as core's SecretBox (the vault's `os` key slot). Fails closed: where encryption is
 * unavailable or Linux reports `basic_text`/`unknown`, it refuses to encrypt or decrypt, and core then
 * requires a passphrase. Call after the app is ready: availability is asked once, here.
 *
 * safeStorage takes and returns strings, so the key crosses it as base64 text; that short-lived string
 * cannot be wiped, but every Buffer of it here can, and the vault keeps only the Buffer (wiped on lock).
 */
export async function createSafeStorageBox(storage: SafeStorageLike, platform: NodeJS.Platform): Promise<SecretBox> {
  const available = await storage.isAsyncEncryptionAvailable();
  // Ciphertexts the keyring asked to have encrypted again (base64), until they are.
  const stale = new Set<string>();
  const box: SecretBox = {
    isAvailable: () => available,
    backend: () => (platform === 'linux' ? storage.getSelectedStorageBackend() : null),
    async encrypt(plain) {
      if (!secretBoxIsSecure(box)) throw notSecure(box.backend());
      return storage.encryptStringAsync(plain.toString('base64'));
    },
    async decrypt(cipher) {
      if (!secretBoxIsSecure(box)) throw notSecure(box.backend());
      try {
        const { result, shouldReEncrypt } = await storage.decryptStringAsync(cipher);
        // The vault asks after opening its OS slot, and writes the slot again under the keyring's new key.
        if (shouldReEncrypt) stale.add(cipher.toString('base64'));
        else stale.delete(cipher.toString('base64'));
        return Buffer.from(result, 'base64');
      } catch (error) {
        throw new TokenDeskError(
          'locked',
          'The system keyring could not open the vault key (the keyring may have changed). Unlock with your passphrase.',
          { cause: error },
        );
      }
    },
    shouldReEncrypt: (cipher) => stale.has(cipher.toString('base64')),
  };
  return box;
}
