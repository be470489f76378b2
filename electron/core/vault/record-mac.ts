import type { Entry } from './account-changes';
import { macMatches, macOf, sealedNonce, subkey } from './crypto';
import type { Guard, Slots } from './document';

/**
 * Integrity of what is not encrypted (docs/architecture.md, "The vault"): whoever can write vault.json must
 * not be able to point an account's secrets at another server, or weaken the protection, without the
 * data key. Each account record carries an HMAC under a subkey of the data key, and so does the
 * protection state (the settings that weaken protection, the key slots, and whether a lock is in force).
 */

/** Settings that weaken protection when changed: authenticated with the key slots. */
export const PROTECTED_SETTINGS = ['clipboardClearSec', 'lockIdleMin', 'unlockWithKeyringAtStart'] as const;

/** The MAC key of a data key. The caller wipes it. */
export function macKey(dataKey: Buffer): Buffer {
  return subkey(dataKey, 'record-mac');
}

/**
 * JSON with object keys sorted, so the same record always gives the same text: what every MAC here
 * covers. Members whose value is undefined are left out, as JSON leaves them out; array holes are null.
 */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${Array.from(value, (item) => canonical(item)).join(',')}]`;
  const object = value as Record<string, unknown>;
  const members = Object.keys(object)
    .sort()
    .filter((key) => object[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`);
  return `{${members.join(',')}}`;
}

/** The account MAC format this build writes; `account/1` is only read, to migrate a vault (integrity.ts). */
export type RecordFormat = 1 | 2;

/**
 * What an account's MAC covers: everything that steers a request or says which secrets exist. Left out
 * are the facts a failed refresh records while the vault may be locked (expiry, times, last error).
 * `account/2` also covers each sealed value (by its nonce, see sealedNonce) and the MAC of the custom
 * definition the account was stored with (null for a built-in provider), so a record never runs with
 * another version's secrets or definition. `account/1` covered only the names of the sealed values.
 */
function recordText(entry: Entry, definitionMac: string | null, format: RecordFormat): string {
  const a = entry.account;
  const head = [a.id, a.name, a.provider, a.env, a.createdAt, a.autoRefresh, a.fields, a.extras, a.providerState];
  if (format === 1) return canonical(['account/1', ...head, Object.keys(entry.secrets).sort(), entry.token !== null]);
  const sealed = Object.fromEntries(Object.entries(entry.secrets).map(([name, value]) => [name, sealedNonce(value)]));
  return canonical(['account/2', ...head, sealed, entry.token === null ? null : sealedNonce(entry.token), definitionMac]);
}

/** The MAC of an account record (always the current format). */
export function signEntry(key: Buffer, entry: Entry, definitionMac: string | null): string {
  return macOf(key, recordText(entry, definitionMac, 2));
}

/** True when the record is exactly as TokenDesk signed it, in `format`. */
export function entryIsAuthentic(key: Buffer, entry: Entry, definitionMac: string | null, format: RecordFormat = 2): boolean {
  return macMatches(key, recordText(entry, definitionMac, format), entry.mac ?? undefined);
}

/** What a custom provider's MAC covers: its id and its definition exactly as stored. */
function definitionText(id: string, definition: unknown): string {
  return canonical(['provider/1', id, definition]);
}

/** The MAC of a custom provider's definition. */
export function signDefinition(key: Buffer, id: string, definition: unknown): string {
  return macOf(key, definitionText(id, definition));
}

/** True when the definition is exactly as TokenDesk stored it (not edited in vault.json by hand). */
export function definitionIsAuthentic(key: Buffer, id: string, definition: unknown, mac: string | undefined): boolean {
  return macMatches(key, definitionText(id, definition), mac);
}

/** The parts of an account the MAC does not cover: a put that changes only these needs no key. */
export const UNSIGNED_PARTS: ReadonlySet<string> = new Set(['expiresAt', 'issuedAt', 'lastRefreshAt', 'lastError', 'updatedAt']);

/**
 * `guard/2` also says that every account record of the vault is in the `account/2` format: once it is
 * signed, an `account/1` MAC (which does not cover the sealed values) is never accepted again.
 */
function guardText(settings: Record<string, unknown>, slots: Slots, locked: boolean, format: RecordFormat): string {
  const guarded = PROTECTED_SETTINGS.map((name) => settings[name] ?? null);
  return canonical([`guard/${format}`, guarded, slots.passphrase ?? null, slots.os ?? null, locked]);
}

/** The signed protection state (always the current format). */
export function signGuard(key: Buffer, settings: Record<string, unknown>, slots: Slots, locked: boolean): Guard {
  return { locked, mac: macOf(key, guardText(settings, slots, locked, 2)) };
}

/** The format of an authentic protection state (1: its records may still be `account/1`), or null when forged. */
export function guardFormat(key: Buffer, guard: Guard | undefined, settings: Record<string, unknown>, slots: Slots): RecordFormat | null {
  if (guard === undefined) return null;
  if (macMatches(key, guardText(settings, slots, guard.locked, 2), guard.mac)) return 2;
  return macMatches(key, guardText(settings, slots, guard.locked, 1), guard.mac) ? 1 : null;
}
