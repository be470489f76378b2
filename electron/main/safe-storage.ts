import type { SafeStorage } from 'electron';
import { secretBoxIsSecure, TokenDeskError } from '../core';
import type { SecretBox } from '../core';

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

/** Chromium's tag on data encrypted with the fixed Linux key (PosixKeyProvider: PBKDF2 of "peanuts"). */
const FIXED_KEY_TAG = 'v10';

/**
 * Whether the asynchronous encryptor protects nothing (Linux only). Electron 45 registers Chromium's
 * PosixKeyProvider (tag `v10`, a hard-coded key) as the lowest-precedence provider beside the Secret
 * Service/KWallet one (`v11`) and the portal one (`v12`); OSCryptAsync encrypts with the highest one that
 * returned a key, so with no keyring (or a locked one that does not answer) it falls back to `v10` while
 * isAsyncEncryptionAvailable() says true and getSelectedStorageBackend() still names the keyring.
 * The tag of a probe encryption tells. (On Windows and macOS `v10` is DPAPI's or the Keychain's tag.)
 */
async function encryptsWithFixedKey(storage: SafeStorageLike): Promise<boolean> {
  try {
    const probe = await storage.encryptStringAsync('tokendesk-keyring-probe');
    return probe.subarray(0, FIXED_KEY_TAG.length).toString('latin1') === FIXED_KEY_TAG;
  } catch {
    return false; // an encryptor that fails gets refused at use, with its own message
  }
}

/**
 * Electron safeStorage as core's SecretBox (the vault's `os` key slot). Fails closed: where encryption is
 * unavailable or Linux reports `basic_text`/`unknown`, or encrypts with Chromium's fixed fallback key (then
 * reported as `basic_text`), it refuses to encrypt or decrypt, and core then requires a passphrase. Call
 * after the app is ready: availability is asked once, here.
 *
 * safeStorage takes and returns strings, so the key crosses it as base64 text; that short-lived string
 * cannot be wiped, but every Buffer of it here can, and the vault keeps only the Buffer (wiped on lock).
 */
export async function createSafeStorageBox(storage: SafeStorageLike, platform: NodeJS.Platform): Promise<SecretBox> {
  const available = await storage.isAsyncEncryptionAvailable();
  const named = platform === 'linux' ? storage.getSelectedStorageBackend() : null;
  const fixedKey = available && named !== null && named !== 'basic_text' && named !== 'unknown' && (await encryptsWithFixedKey(storage));
  // Ciphertexts the keyring asked to have encrypted again (base64), until they are.
  const stale = new Set<string>();
  const box: SecretBox = {
    isAvailable: () => available,
    // Chromium's fallback encrypts with the same fixed key as basic_text, so it is named that.
    backend: () => (platform !== 'linux' ? null : fixedKey ? 'basic_text' : storage.getSelectedStorageBackend()),
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
