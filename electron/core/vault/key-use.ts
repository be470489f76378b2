import { fieldAd, seal, tokenAd, unseal, wipe } from './crypto';
import type { Memory } from './merge';
import { definitionIsAuthentic, entryIsAuthentic, macKey, signDefinition, signEntry, signGuard, type RecordFormat } from './record-mac';
import { makeKeyCheck } from './slots';
import type { StoredAccount } from './types';
import type { Entry } from './account-changes';
import type { ProviderRecord, Slots } from './document';
import { TokenDeskError } from '../errors';

/** Runs `use` with the MAC key of `key`; the MAC key is wiped afterwards, never kept. */
export function withMacKey<T>(key: Buffer, use: (mk: Buffer) => T): T {
  const mk = macKey(key);
  try {
    return use(mk);
  } finally {
    wipe(mk);
  }
}

/** Custom providers' definitions by id, as memory holds them. */
export type Definitions = ReadonlyMap<string, ProviderRecord>;

/** The MAC of the definition an account runs with: what its own MAC binds it to (null: built-in or none). */
export function definitionMacOf(providers: Definitions, entry: Entry): string | null {
  return providers.get(entry.account.provider)?.mac ?? null;
}

/**
 * The accounts whose record does not match its MAC: changed outside TokenDesk (or never signed). With
 * `legacy` (a vault whose protection state is still `guard/1`), a record that matches its `account/1`
 * MAC is not forged but listed in `legacy`, to be signed again in the current format.
 */
export function checkAccounts(key: Buffer, providers: Definitions, entries: Iterable<Entry>, legacy = false): { forged: string[]; legacy: string[] } {
  return withMacKey(key, (mk) => {
    const result = { forged: [] as string[], legacy: [] as string[] };
    const formats: RecordFormat[] = legacy ? [2, 1] : [2];
    for (const entry of entries) {
      const format = formats.find((f) => entryIsAuthentic(mk, entry, definitionMacOf(providers, entry), f));
      if (format === undefined) result.forged.push(entry.account.id);
      else if (format === 1) result.legacy.push(entry.account.id);
    }
    return result;
  });
}

/**
 * The accounts whose record does not match its current-format MAC. With `alsoFile` (the definitions of
 * a file being merged), a record that matches when bound to the file's definitions is not forged: the
 * other process signed it so, and this process binds it to its own definitions when it saves.
 */
export function forgedAccounts(key: Buffer, providers: Definitions, entries: Iterable<Entry>, alsoFile?: Definitions): string[] {
  const list = [...entries];
  const forged = checkAccounts(key, providers, list).forged;
  if (!alsoFile || forged.length === 0) return forged;
  const ids = new Set(forged);
  const suspects = list.filter((entry) => ids.has(entry.account.id));
  return checkAccounts(key, alsoFile, suspects).forged;
}

/** Whether a stored custom provider definition is as TokenDesk signed it. */
export function definitionAuthentic(key: Buffer, id: string, record: ProviderRecord): boolean {
  return withMacKey(key, (mk) => definitionIsAuthentic(mk, id, record.definition, record.mac));
}

/** A definition record signed with the data key. */
export function signedDefinition(key: Buffer, id: string, record: ProviderRecord): ProviderRecord {
  return { ...record, mac: withMacKey(key, (mk) => signDefinition(mk, id, record.definition)) };
}

/** Signs an entry with the data key, bound to the definition it runs with. */
export function signed(key: Buffer, providers: Definitions, entry: Entry): Entry {
  return { ...entry, mac: withMacKey(key, (mk) => signEntry(mk, entry, definitionMacOf(providers, entry))) };
}

/** Signs every entry of a vault written before records were signed (by TokenDesk; no lock was in force then). */
export function signAll(key: Buffer, memory: Memory): void {
  withMacKey(key, (mk) => {
    // Definitions first: each account's MAC covers its definition's.
    for (const [id, record] of memory.providers) memory.providers.set(id, { ...record, mac: signDefinition(mk, id, record.definition) });
    for (const [id, entry] of memory.entries) memory.entries.set(id, { ...entry, mac: signEntry(mk, entry, definitionMacOf(memory.providers, entry)) });
    memory.guard = signGuard(mk, memory.settings, memory.slots, false);
  });
  memory.check = makeKeyCheck(key);
}

/** Re-signs the protection state (after this process changed settings, slots or the lock). */
export function resignGuard(key: Buffer, memory: Memory, locked: boolean): void {
  memory.guard = withMacKey(key, (mk) => signGuard(mk, memory.settings, memory.slots, locked));
}

/** Moves one sealed value from the old key to the new one; a value that does not open stays as it is. */
function reseal(oldKey: Buffer, newKey: Buffer, sealed: string, ad: string): string {
  const opened = unseal(oldKey, sealed, ad);
  if (!opened.ok) return sealed; // already unreadable: it stays unreadable (the account says so)
  try {
    return seal(newKey, opened.plain, ad);
  } finally {
    wipe(opened.plain);
  }
}

/**
 * Re-seals every secret and re-signs every record under a new data key, with new slots and check.
 * Accounts marked forged keep a MAC that does not match, so the rotation does not vouch for them.
 * Returns how to put memory back as it was.
 */
export function rotateMemory(memory: Memory, oldKey: Buffer, newKey: Buffer, slots: Slots, forged: ReadonlySet<string>): () => void {
  const before = { entries: new Map(memory.entries), providers: new Map(memory.providers), slots: memory.slots, check: memory.check, guard: memory.guard };
  const oldMk = macKey(oldKey);
  const mk = macKey(newKey);
  try {
    // A definition changed outside TokenDesk keeps a MAC that does not match: the rotation does not vouch
    // for it. Definitions first: each account's MAC covers its definition's.
    for (const [id, record] of memory.providers) {
      if (definitionIsAuthentic(oldMk, id, record.definition, record.mac)) memory.providers.set(id, { ...record, mac: signDefinition(mk, id, record.definition) });
    }
    for (const [id, entry] of memory.entries) {
      const secrets: Record<string, string> = {};
      for (const [name, value] of Object.entries(entry.secrets)) secrets[name] = reseal(oldKey, newKey, value, fieldAd(id, name));
      const token = entry.token === null ? null : reseal(oldKey, newKey, entry.token, tokenAd(id));
      const next: Entry = { ...entry, secrets, token };
      memory.entries.set(id, { ...next, mac: forged.has(id) ? (entry.mac ?? '') : signEntry(mk, next, definitionMacOf(memory.providers, next)) });
    }
    memory.slots = slots;
    memory.check = makeKeyCheck(newKey);
    memory.guard = signGuard(mk, memory.settings, slots, false);
  } finally {
    wipe(mk);
    wipe(oldMk);
  }
  return () => Object.assign(memory, before);
}

/** The error of an account whose record failed its MAC: its secrets are not used until a person confirms it. */
export function forgedError(account: StoredAccount): TokenDeskError {
  return new TokenDeskError(
    'invalid_input',
    `"${account.name}" was changed outside TokenDesk (its saved details no longer match their signature), so its secrets are not used. Check its details (server address, fields), then confirm it, or remove it.`,
    { needsUser: true, next: { kind: 'confirm' }, account: account.id },
  );
}
