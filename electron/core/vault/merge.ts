import { isDeepStrictEqual } from 'node:util';
import { mergeAccount, sameEntries, WHOLE, type Entry } from './account-changes';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, type AccountRecord, type Guard, type ProviderRecord, type Slots, type VaultDocument } from './document';

/** What a vault holds in memory; vault.json is rebuilt from it on each save. */
export interface Memory {
  entries: Map<string, Entry>;
  slots: Slots;
  /** The data key's check; '' before a vault exists. */
  check: string;
  settings: Record<string, unknown>;
  /** The signed protection state; null in a vault from before it (signed on its first unlock). */
  guard: Guard | null;
  /** Custom providers' definitions by id (a stored record is never changed in place: a put sets a new one). */
  providers: Map<string, ProviderRecord>;
}

export type SlotKind = keyof Slots;

const SLOT_KINDS: SlotKind[] = ['passphrase', 'os'];

/**
 * Changes this process made and has not saved yet. When another process saved in between, these win
 * over the file; everything else is taken from the file.
 */
export class Pending {
  /** Account id → the parts changed here (see account-changes.ts), or WHOLE for a new or removed account. */
  readonly accounts = new Map<string, Set<string>>();
  readonly settings = new Set<string>();
  readonly slots = new Set<SlotKind>();
  /** The protection state (guard) changed here. */
  guard = false;
  /** Custom providers defined, replaced or removed here. */
  readonly providers = new Set<string>();

  markAccount(id: string, parts: Iterable<string>): void {
    const known = this.accounts.get(id) ?? new Set<string>();
    for (const part of parts) known.add(part);
    this.accounts.set(id, known);
  }

  /** True when nothing changed here since the last save. */
  isEmpty(): boolean {
    return this.accounts.size === 0 && this.settings.size === 0 && this.slots.size === 0 && !this.guard && this.providers.size === 0;
  }

  /** Moves every pending change into the returned set (the batch a save carries), leaving this one empty. */
  take(): Pending {
    const taken = new Pending();
    this.moveInto(taken);
    return taken;
  }

  /** Puts a batch back after its save failed, so the next save carries it again. */
  restore(batch: Pending): void {
    batch.moveInto(this);
  }

  private moveInto(target: Pending): void {
    for (const [id, parts] of this.accounts) target.markAccount(id, parts);
    for (const key of this.settings) target.settings.add(key);
    for (const kind of this.slots) target.slots.add(kind);
    target.guard ||= this.guard;
    for (const id of this.providers) target.providers.add(id);
    this.guard = false;
    this.providers.clear();
    this.accounts.clear();
    this.settings.clear();
    this.slots.clear();
  }
}

/** Which slot kinds differ between two slot sets. */
export function changedSlotKinds(before: Slots, after: Slots): SlotKind[] {
  return SLOT_KINDS.filter((kind) => !isDeepStrictEqual(before[kind], after[kind]));
}

/** An account record of the file as an in-memory entry. */
export function entryFromRecord(record: AccountRecord): Entry {
  const r = record;
  // Picked key by key: whatever else a hand-edited file holds is not carried along (nor re-saved).
  const account = {
    id: r.id, name: r.name, provider: r.provider, env: r.env, createdAt: r.createdAt, updatedAt: r.updatedAt,
    fields: r.fields, expiresAt: r.expiresAt, issuedAt: r.issuedAt, lastRefreshAt: r.lastRefreshAt,
    lastError: r.lastError, extras: r.extras, providerState: r.providerState, autoRefresh: r.autoRefresh,
  };
  return { account, secrets: r.secrets, token: r.token, mac: r.mac ?? null };
}

/** Memory as it reads from a vault file, keeping the settings this process changed and has not saved. */
export function memoryFromDocument(doc: VaultDocument, settings: Record<string, unknown> = {}, pending = new Pending()): Memory {
  const entries = new Map<string, Entry>();
  for (const record of Object.values(doc.accounts)) entries.set(record.id, entryFromRecord(record));
  return {
    entries,
    slots: { ...doc.slots },
    check: doc.check,
    settings: mergedSettings(doc.settings, settings, pending),
    guard: doc.guard ?? null,
    providers: new Map(Object.entries(doc.providers ?? {})),
  };
}

function mergedSettings(disk: Record<string, unknown>, ours: Record<string, unknown>, pending: Pending): Record<string, unknown> {
  const merged = { ...disk };
  for (const key of pending.settings) if (Object.hasOwn(ours, key)) merged[key] = ours[key];
  return merged;
}

/** The ids whose accounts a merge changed in memory, and those it removed. */
export interface MergeResult {
  changed: string[];
  removed: string[];
  /** The key slots changed (another process changed or removed the passphrase). */
  slotsChanged: boolean;
  settingsChanged: boolean;
  /** The protection state (guard) was taken from the file, and with it the protected settings and slots. */
  guardTaken: boolean;
  /** Custom providers were defined, changed or removed by the other process. */
  providersChanged: boolean;
  /** The definitions as the merged file holds them: its accounts were signed bound to these. */
  fileProviders?: ReadonlyMap<string, ProviderRecord>;
}

/**
 * Brings another process's save into memory. What this process changed and has not saved (`pending`:
 * parts of accounts, new and removed accounts, settings, slots) keeps our version; all else takes the
 * file's. Both sides seal with the same data key (the caller checks `check`), so sealed values move
 * between them as they are.
 */
export function mergeDisk(memory: Memory, disk: VaultDocument, pending: Pending, settle: (mixed: Entry, theirs: Entry, fileProviders: ReadonlyMap<string, ProviderRecord>) => Entry): MergeResult {
  const changed: string[] = [];
  const removed: string[] = [];
  // Definitions first: `settle` checks an account's MAC, which covers its definition's.
  const providersChanged = mergeProviders(memory, disk, pending);
  const fileProviders = new Map(Object.entries(disk.providers ?? {}));
  for (const record of Object.values(disk.accounts)) {
    const ours = memory.entries.get(record.id);
    const parts = pending.accounts.get(record.id);
    const theirs = entryFromRecord(record);
    // Untouched here: theirs. New or removed here: ours, whole. Else our parts over theirs.
    const next = !parts ? theirs : !ours || parts.has(WHOLE) ? ours : settle(mergeAccount(ours, theirs, parts), theirs, fileProviders);
    if (next && (!ours || !sameEntries(ours, next))) {
      memory.entries.set(record.id, next);
      changed.push(record.id);
    }
  }
  for (const id of [...memory.entries.keys()]) {
    // Own keys only: an account id such as `constructor` is not found on Object.prototype.
    if (!Object.hasOwn(disk.accounts, id) && !pending.accounts.has(id)) {
      memory.entries.delete(id);
      removed.push(id);
    }
  }
  const settings = mergedSettings(disk.settings, memory.settings, pending);
  const settingsChanged = !isDeepStrictEqual(settings, memory.settings);
  memory.settings = settings;
  const passphrase = (pending.slots.has('passphrase') ? memory.slots : disk.slots).passphrase;
  const os = (pending.slots.has('os') ? memory.slots : disk.slots).os;
  const slots: Slots = { ...(passphrase ? { passphrase } : {}), ...(os ? { os } : {}) };
  // Never end up with no way to unlock: keep ours whole if the mix would have no slot.
  const next = slots.passphrase || slots.os ? slots : memory.slots;
  const slotsChanged = changedSlotKinds(memory.slots, next).length > 0;
  memory.slots = next;
  const guardTaken = !pending.guard && pending.slots.size === 0;
  if (guardTaken) memory.guard = disk.guard ?? null;
  return { changed, removed, slotsChanged, settingsChanged, guardTaken, providersChanged, fileProviders };
}

/** Definitions changed here and not saved keep our version (or absence); all others are the file's. */
function mergeProviders(memory: Memory, disk: VaultDocument, pending: Pending): boolean {
  const theirs = disk.providers ?? {};
  let changed = false;
  for (const id of new Set([...memory.providers.keys(), ...Object.keys(theirs)])) {
    if (pending.providers.has(id)) continue;
    const next = Object.hasOwn(theirs, id) ? theirs[id] : undefined;
    if (isDeepStrictEqual(memory.providers.get(id), next)) continue;
    if (next) memory.providers.set(id, next);
    else memory.providers.delete(id);
    changed = true;
  }
  return changed;
}

/** One account's record in the vault file. */
export function recordOf(entry: Entry): AccountRecord {
  return { ...entry.account, secrets: entry.secrets, token: entry.token, ...(entry.mac === null ? {} : { mac: entry.mac }) };
}

/** The vault file's document for what memory holds now. */
export function documentOf(memory: Memory, savedAt: number): VaultDocument {
  // fromEntries defines each id as an own key (an assignment to `__proto__` would set the prototype).
  const accounts: VaultDocument['accounts'] = Object.fromEntries([...memory.entries].map(([id, entry]) => [id, recordOf(entry)]));
  return {
    format: DOCUMENT_FORMAT,
    version: DOCUMENT_VERSION,
    savedAt,
    check: memory.check,
    slots: memory.slots,
    settings: { ...memory.settings },
    ...(memory.guard ? { guard: memory.guard } : {}),
    ...(memory.providers.size > 0 ? { providers: Object.fromEntries(memory.providers) } : {}),
    accounts,
  };
}

/**
 * Takes back a slot change whose save failed: each kind it set returns to its previous value, unless a
 * later change or a merge replaced it since. Returns the slots to keep.
 */
export function undoSlotChange(current: Slots, previous: Slots, next: Slots, pending: Pending): Slots {
  const undone: Slots = { ...current };
  for (const kind of changedSlotKinds(previous, next)) {
    if (current[kind] !== next[kind]) continue;
    if (kind === 'passphrase') undone.passphrase = previous.passphrase;
    else undone.os = previous.os;
    if (undone[kind] === undefined) delete undone[kind];
    pending.slots.delete(kind);
  }
  return undone;
}
