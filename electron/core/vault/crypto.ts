import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** The ciphertext format this build writes: `td1:<base64 nonce>:<base64 ciphertext+tag>`. */
export const SEALED_VERSION = 'td1';
/** Size of the data key and of a key-encryption key (AES-256). */
export const KEY_BYTES = 32;
/** AES-256-GCM's nonce and tag sizes (the tag ends each ciphertext). */
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Why a sealed string could not be opened; callers turn it into a message for a person. */
export type OpenFailure =
  | { reason: 'version'; version: string }
  | { reason: 'format' }
  | { reason: 'integrity' };

/** The result of opening a sealed string: the plaintext, or why it could not be read. */
export type Opened = { ok: true; plain: Buffer } | ({ ok: false } & OpenFailure);

/** A fresh random 256-bit key. */
export function randomKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** Overwrites key material so it does not linger in memory. */
export function wipe(buffer: Buffer | null | undefined): void {
  buffer?.fill(0);
}

/** AES-256-GCM of `plain` under `key` and `nonce` (never used twice with one key), `ad` authenticated with it: the ciphertext, then the tag. */
export function sealBytes(key: Buffer, nonce: Buffer, plain: Buffer, ad: string): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(ad, 'utf8'));
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

/** Opens sealBytes' output; null when it is shorter than a tag, the data or `ad` was altered or the key is wrong. */
export function openBytes(key: Buffer, nonce: Buffer, body: Buffer, ad: string): Buffer | null {
  // Node accepts GCM tags down to 4 bytes: a short body must not become a short tag.
  if (body.length < TAG_BYTES) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(ad, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  const head = decipher.update(body.subarray(0, body.length - TAG_BYTES));
  try {
    return Buffer.concat([head, decipher.final()]);
  } catch {
    // final() throws exactly when the tag does not authenticate.
    wipe(head);
    return null;
  }
}

/**
 * AES-256-GCM with a fresh nonce. `ad` binds the ciphertext to its place (account id and field), so a
 * ciphertext copied to another account or field fails to authenticate instead of decrypting.
 */
export function seal(key: Buffer, plain: Buffer, ad: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  return `${SEALED_VERSION}:${nonce.toString('base64')}:${sealBytes(key, nonce, plain, ad).toString('base64')}`;
}

export function sealText(key: Buffer, plain: string, ad: string): string {
  return seal(key, Buffer.from(plain, 'utf8'), ad);
}

/**
 * What names one sealing: its random nonce (the whole string when it has no nonce part). Under one key,
 * only the ciphertext TokenDesk sealed with a nonce opens with it, so a record MAC that covers the nonce
 * binds the very ciphertext, while a flipped bit in the body still reads as that value being unreadable.
 */
export function sealedNonce(sealed: string): string {
  const parts = sealed.split(':');
  return parts.length === 3 && parts[1] ? parts[1] : sealed;
}

/** Opens a sealed string; a flipped bit anywhere is reported as `integrity`, never decrypted to garbage. */
export function unseal(key: Buffer, sealed: string, ad: string): Opened {
  const parts = sealed.split(':');
  const [version, nonceText, bodyText] = parts;
  if (version !== SEALED_VERSION) {
    return parts.length === 3 && version ? { ok: false, reason: 'version', version } : { ok: false, reason: 'format' };
  }
  if (!nonceText || !bodyText || !BASE64.test(nonceText) || !BASE64.test(bodyText)) return { ok: false, reason: 'format' };
  const nonce = Buffer.from(nonceText, 'base64');
  const body = Buffer.from(bodyText, 'base64');
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) return { ok: false, reason: 'format' };
  const plain = openBytes(key, nonce, body, ad);
  return plain ? { ok: true, plain } : { ok: false, reason: 'integrity' };
}

export function unsealText(key: Buffer, sealed: string, ad: string): { ok: true; text: string } | ({ ok: false } & OpenFailure) {
  const opened = unseal(key, sealed, ad);
  if (!opened.ok) return opened;
  const text = opened.plain.toString('utf8');
  wipe(opened.plain);
  return { ok: true, text };
}

/** Associated data of a secret field. Fields and the token live in separate namespaces, so a secret
 * field that happens to be called "token" can never be confused with the issued token. */
export function fieldAd(accountId: string, field: string): string {
  return `${accountId}\0field:${field}`;
}

/** Associated data of an account's issued token. */
export function tokenAd(accountId: string): string {
  return `${accountId}\0token`;
}

/**
 * A key for one purpose derived from the data key (HKDF-SHA256), so a MAC key and the encryption key
 * are never the same bytes.
 */
export function subkey(key: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `tokendesk:${purpose}`, KEY_BYTES));
}

/** HMAC-SHA256 of `text`, base64. */
export function macOf(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('base64');
}

/** Constant-time comparison of a stored MAC with the expected one. */
export function macMatches(key: Buffer, text: string, stored: string | undefined): boolean {
  if (stored === undefined) return false;
  const expected = Buffer.from(macOf(key, text), 'utf8');
  const given = Buffer.from(stored, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
