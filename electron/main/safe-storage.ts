import type { SafeStorage } from 'electron';
import { TokenDeskError } from '../core/errors';
import { secretBoxIsSecure } from '../core/platform';
import type { SecretBox } from '../core/platform';

/** The part of Electron's safeStorage the key slot uses. */
export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'>;

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
 * requires a passphrase. Bytes travel as base64 because safeStorage works on strings.
 */
export function createSafeStorageBox(storage: SafeStorageLike, platform: NodeJS.Platform): SecretBox {
  const box: SecretBox = {
    isAvailable: () => storage.isEncryptionAvailable(),
    backend: () => (platform === 'linux' ? storage.getSelectedStorageBackend() : null),
    encrypt(plain) {
      if (!secretBoxIsSecure(box)) throw notSecure(box.backend());
      // The sync API is deprecated in Electron 45 but SecretBox is synchronous; it still works.
      return storage.encryptString(plain.toString('base64'));
    },
    decrypt(cipher) {
      if (!secretBoxIsSecure(box)) throw notSecure(box.backend());
      try {
        return Buffer.from(storage.decryptString(cipher), 'base64');
      } catch (error) {
        throw new TokenDeskError(
          'locked',
          'The system keyring could not open the vault key (the keyring may have changed). Unlock with your passphrase.',
          { cause: error },
        );
      }
    },
  };
  return box;
}
