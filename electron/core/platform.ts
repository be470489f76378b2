/**
 * The few desktop services core needs, as small interfaces: Electron provides the real ones in main,
 * tests and the CLI provide their own. Core never imports 'electron'.
 */

/**
 * The OS key slot: Electron's safeStorage behind this interface. Encryption is asynchronous (the keyring
 * may prompt or be slow to answer); availability is known when the box is made (main awaits it).
 */
export interface SecretBox {
  /** False when the OS cannot protect secrets; the vault then requires a passphrase (fail closed). */
  isAvailable(): boolean;
  /** Linux keyring backend (`gnome_libsecret`, `kwallet5`, `basic_text`, `unknown` ...), else null. */
  backend(): string | null;
  encrypt(plain: Buffer): Promise<Buffer>;
  /** The plaintext in a Buffer the caller owns (and wipes). */
  decrypt(cipher: Buffer): Promise<Buffer>;
  /**
   * True when the keyring said, while decrypting `cipher`, that it should be encrypted again (its key was
   * rotated, or a stronger one is available: Electron's `shouldReEncrypt`). Absent: never.
   */
  shouldReEncrypt?(cipher: Buffer): boolean;
}

/** The system clipboard. Methods may be async: Electron's clipboard API returns promises. */
export interface Clipboard {
  readText(): string | Promise<string>;
  /** `transient`: ask the OS to keep it out of clipboard history where it can. */
  writeText(text: string, options?: { transient?: boolean }): void | Promise<void>;
  clear(): void | Promise<void>;
}

/** A clock; tests pass a fake one. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** True where the SecretBox really protects secrets (Linux `basic_text`/`unknown` do not). */
export function secretBoxIsSecure(box: SecretBox | undefined): boolean {
  if (!box || !box.isAvailable()) return false;
  const backend = box.backend();
  return backend !== 'basic_text' && backend !== 'unknown';
}
