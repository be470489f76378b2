import type { Entry } from './account-changes';
import { macMatches, macOf, subkey } from './crypto';
import type { Guard } from './document';
import type { Slots } from './slots';

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

/**
 * What an account's MAC covers: everything that steers a request or says which secrets exist. Left out
 * are the facts a failed refresh records while the vault may be locked (expiry, times, last error).
 */
function recordText(entry: Entry): string {
  const a = entry.account;
  return canonical([
    'account/1', a.id, a.name, a.provider, a.env, a.createdAt, a.autoRefresh,
    a.fields, a.extras, a.providerState, Object.keys(entry.secrets).sort(), entry.token !== null,
  ]);
}

/** The MAC of an account record. */
export function signEntry(key: Buffer, entry: Entry): string {
  return macOf(key, recordText(entry));
}

/** True when the record is exactly as TokenDesk signed it. */
export function entryIsAuthentic(key: Buffer, entry: Entry): boolean {
  return macMatches(key, recordText(entry), entry.mac ?? undefined);
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

function guardText(settings: Record<string, unknown>, slots: Slots, locked: boolean): string {
  const guarded = PROTECTED_SETTINGS.map((name) => settings[name] ?? null);
  return canonical(['guard/1', guarded, slots.passphrase ?? null, slots.os ?? null, locked]);
}

/** The signed protection state. */
export function signGuard(key: Buffer, settings: Record<string, unknown>, slots: Slots, locked: boolean): Guard {
  return { locked, mac: macOf(key, guardText(settings, slots, locked)) };
}

/** True when the protection state is as TokenDesk signed it. */
export function guardIsAuthentic(key: Buffer, guard: Guard | undefined, settings: Record<string, unknown>, slots: Slots): boolean {
  return guard !== undefined && macMatches(key, guardText(settings, slots, guard.locked), guard.mac);
}
