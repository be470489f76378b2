import { randomBytes } from 'node:crypto';
import { TokenDeskError, WRONG_PASSPHRASE } from '../errors';
import { secretBoxIsSecure, type SecretBox } from '../platform';
import { KEY_BYTES, seal, unseal, wipe } from './crypto';
import { deriveKek, foreignScryptAllowed } from './kdf';
import type { Slots } from './document';
import type { ScryptParams } from './types';

export type PassphraseSlot = NonNullable<Slots['passphrase']>;
type OsSlot = NonNullable<Slots['os']>;

const PASSPHRASE_SLOT_AD = 'tokendesk:slot:passphrase';
const KEY_CHECK_AD = 'tokendesk:key-check';
/**
 * The check of a vault whose records and protection state are authenticated (record-mac.ts). A vault
 * with the older check was written before that and is signed on its first unlock; stripping the MACs
 * from a newer vault cannot make it look older, because this check cannot be made without the key.
 */
const SIGNED_CHECK_AD = 'tokendesk:key-check:signed';
const KEY_CHECK_TEXT = 'tokendesk data key';

/** Wraps `key` under a new passphrase (fresh salt). */
async function makePassphraseSlot(key: Buffer, passphrase: string, params: ScryptParams): Promise<PassphraseSlot> {
  const salt = randomBytes(16);
  const kek = await deriveKek(passphrase, salt, params);
  try {
    return { kdf: 'scrypt', N: params.N, r: params.r, p: params.p, salt: salt.toString('base64'), wrapped: seal(kek, key, PASSPHRASE_SLOT_AD) };
  } finally {
    wipe(kek);
  }
}

/**
 * The data key of a passphrase slot, or null when the passphrase is wrong. A damaged slot looks the
 * same as a wrong passphrase: GCM cannot tell them apart, and both mean "this does not open".
 */
export async function openPassphraseSlot(slot: PassphraseSlot, passphrase: string): Promise<Buffer | null> {
  const kek = await deriveKek(passphrase, Buffer.from(slot.salt, 'base64'), { N: slot.N, r: slot.r, p: slot.p });
  try {
    const opened = unseal(kek, slot.wrapped, PASSPHRASE_SLOT_AD);
    if (!opened.ok) return null;
    if (opened.plain.length !== KEY_BYTES) {
      wipe(opened.plain);
      return null;
    }
    return opened.plain;
  } finally {
    wipe(kek);
  }
}

/**
 * The slots of a new data key (a new vault, or a passphrase change): a passphrase slot when one is given,
 * an OS slot where the keyring is secure. When a passphrase protects the vault anyway, a keyring that
 * refuses is only a notice.
 */
export async function slotsForNewKey(
  key: Buffer,
  passphrase: string | undefined,
  box: SecretBox | undefined,
  params: ScryptParams,
  notice: (message: string) => void,
): Promise<Slots> {
  const slots: Slots = {};
  if (passphrase !== undefined) slots.passphrase = await makePassphraseSlot(key, passphrase, params);
  if (!secretBoxIsSecure(box)) return slots;
  try {
    slots.os = await makeOsSlot(key, box);
  } catch (error) {
    if (passphrase === undefined || !(error instanceof TokenDeskError)) throw error;
    notice('The vault is protected by your passphrase only: the system keyring refused to store its key, so TokenDesk will ask for the passphrase at each start.');
  }
  return slots;
}

/**
 * The data key from the passphrase slot; throws `locked` saying why when it does not open. `written`:
 * the parameters this build writes; a slot asking for more than four times their cost (as bundles,
 * kdf.ts) was not written by TokenDesk and is not derived: a hand-edited slot must not hold the computer.
 */
export async function keyFromPassphraseSlot(slot: PassphraseSlot | undefined, passphrase: string, written: () => ScryptParams): Promise<Buffer> {
  if (!slot) {
    throw new TokenDeskError('locked', 'This vault has no passphrase: it opens with the system keyring only. Open it in the TokenDesk app on this computer.');
  }
  const params = { N: slot.N, r: slot.r, p: slot.p };
  if (!foreignScryptAllowed(params, written)) {
    throw new TokenDeskError(
      'invalid_input',
      `The passphrase slot in vault.json asks for a far costlier key derivation (scrypt N=${params.N}, r=${params.r}, p=${params.p}) than TokenDesk writes, so it was not tried: vault.json was changed outside TokenDesk. Put back vault.json from a backup (vault.json.bak beside it holds the previous save).`,
    );
  }
  const key = await openPassphraseSlot(slot, passphrase);
  if (!key) throw new TokenDeskError('locked', 'Wrong passphrase: it does not unlock this vault. Check Caps Lock and the keyboard layout, then try again.', { reason: WRONG_PASSPHRASE });
  return key;
}

/** Wraps `key` with the OS keyring. Refuses (fail closed) where the keyring does not really protect it. */
export async function makeOsSlot(key: Buffer, box: SecretBox | undefined): Promise<OsSlot> {
  if (!box || !secretBoxIsSecure(box)) {
    throw new TokenDeskError('locked', 'The system keyring cannot protect the vault key on this computer. Set a passphrase to protect the vault instead.');
  }
  try {
    return { wrapped: (await box.encrypt(key)).toString('base64') };
  } catch (error) {
    throw new TokenDeskError('locked', 'The system keyring refused to store the vault key. Unlock or repair the system keyring, or set a passphrase to protect the vault instead.', { cause: error });
  }
}

/**
 * The data key from the OS slot of `slots`, or null when there is none or the keyring cannot open it
 * (keyring unavailable, changed, or the slot damaged). The key check proves the result is the real data
 * key: safeStorage output is not authenticated on every platform, so a damaged slot could otherwise
 * decrypt to a wrong key.
 */
export async function keyFromOsSlot(slots: Slots, box: SecretBox | undefined, check: string): Promise<Buffer | null> {
  if (!slots.os || !box || !secretBoxIsSecure(box)) return null;
  let key: Buffer;
  try {
    key = await box.decrypt(Buffer.from(slots.os.wrapped, 'base64'));
  } catch {
    // The keyring could not decrypt: treated exactly like a key that fails the check below.
    return null;
  }
  if (key.length === KEY_BYTES && checkKind(key, check) !== null) return key;
  wipe(key);
  return null;
}

/** A value sealed with the data key, stored in the file, that proves a key unwrapped from a slot is right. */
export function makeKeyCheck(key: Buffer): string {
  return seal(key, Buffer.from(KEY_CHECK_TEXT, 'utf8'), SIGNED_CHECK_AD);
}

/** `signed`: a vault with authenticated records; `legacy`: one from before; null: not this data key. */
export function checkKind(key: Buffer, check: string): 'signed' | 'legacy' | null {
  for (const [ad, kind] of [[SIGNED_CHECK_AD, 'signed'], [KEY_CHECK_AD, 'legacy']] as const) {
    const opened = unseal(key, check, ad);
    if (!opened.ok) continue;
    const matches = opened.plain.toString('utf8') === KEY_CHECK_TEXT;
    wipe(opened.plain);
    return matches ? kind : null;
  }
  return null;
}
