import type { Entry } from './account-changes';
import { macMatches, macOf, subkey } from './crypto';
import type { Guard } from './document';
import type { Slots } from './slots';

/**
 * Integrity of what is not encrypted (architecture.md, "The vault"): whoever can write vault.json must
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

/** The object key order JSON.stringify cannot follow: it writes integer-like keys first, in numeric order. */
const INDEX_KEY = /^(?:0|[1-9]\d*)$/;
const UNSORTABLE = Symbol('unsortable');

/**
 * `value` with every object's keys in sorted order, the same objects where they already are (records
 * mostly are), or UNSORTABLE when JSON.stringify would not write it as canonical() does (integer-like
 * keys, toJSON, functions, a `__proto__` key).
 */
function sortedView(value: unknown): unknown {
  if (value === null) return value;
  const kind = typeof value;
  if (kind === 'function' || kind === 'symbol' || kind === 'bigint') return UNSORTABLE;
  if (kind !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return UNSORTABLE;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      const view = sortedView(item);
      if (view === UNSORTABLE) return UNSORTABLE;
      if (view !== item) copy ??= value.slice();
      if (copy) copy[i] = view;
    }
    return copy ?? value;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length > 0 && INDEX_KEY.test(keys[0] as string)) return UNSORTABLE;
  let changed = false;
  const views = new Array<unknown>(keys.length);
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as string;
    if (key === '__proto__') return UNSORTABLE;
    if (i > 0 && (keys[i - 1] as string) > key) changed = true;
    const item = object[key];
    const view = sortedView(item);
    if (view === UNSORTABLE) return UNSORTABLE;
    if (view !== item) changed = true;
    views[i] = view;
  }
  if (!changed) return value;
  sortTogether(keys, views);
  const sorted: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i += 1) sorted[keys[i] as string] = views[i];
  return sorted;
}

/**
 * Sorts `keys` (distinct) in code-unit order, as Array.prototype.sort does, and moves `values` along.
 * In place: the objects of a record have a handful of keys, and sort()'s work arrays were most of the
 * signing's garbage. Long key lists go through sort().
 */
function sortTogether(keys: string[], values: unknown[]): void {
  if (keys.length > 32) {
    const pairs = keys.map((key, i): [string, unknown] => [key, values[i]]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    pairs.forEach(([key, value], i) => {
      keys[i] = key;
      values[i] = value;
    });
    return;
  }
  for (let i = 1; i < keys.length; i += 1) {
    const key = keys[i] as string;
    const value = values[i];
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      values[j + 1] = values[j];
      j -= 1;
    }
    keys[j + 1] = key;
    values[j + 1] = value;
  }
}

/** canonical() built piece by piece: for what JSON.stringify cannot write in sorted order. */
function canonicalByHand(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i += 1) text += i === 0 ? canonicalByHand(value[i]) : `,${canonicalByHand(value[i])}`;
    return `${text}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    const item = object[key];
    if (item === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalByHand(item)}`;
    first = false;
  }
  return `${text}}`;
}

/**
 * JSON with object keys sorted, so the same record always gives the same text. Every refresh signs its
 * account again, so the usual case is one JSON.stringify of the value with its keys put in order (most
 * objects already are, and are not copied); building the text piece by piece made a sixth of a bulk
 * refresh's garbage. The text is unchanged (tests/unit/vault-record-mac.test.ts).
 */
export function canonical(value: unknown): string {
  const view = sortedView(value);
  if (view === UNSORTABLE) return canonicalByHand(value);
  return JSON.stringify(view) ?? 'null';
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
