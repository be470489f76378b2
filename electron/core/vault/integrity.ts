import { TokenDeskError } from '../errors';
import type { Entry } from './account-changes';
import { checkAccounts, forgedAccounts, resignGuard, signAll, signed, withMacKey } from './key-use';
import type { Memory, MergeResult, Pending } from './merge';
import { guardFormat, PROTECTED_SETTINGS, UNSIGNED_PARTS, type RecordFormat } from './record-mac';
import { checkKind } from './slots';
import type { SaveOptions } from './disk-sync';
import type { ProviderRecord, Slots } from './document';
import type { AccountDamage } from './types';

/** What the integrity rules need of the vault that owns them. */
export interface IntegrityHost {
  readonly memory: Memory;
  readonly pending: Pending;
  /** The data key while unlocked. */
  key(): Buffer | null;
  notice(message: string): void;
  /** Saves what is pending, in the background (a failure becomes a notice). */
  commitSoon(): void;
  /** A save under the write lock with a change made after the merge, in the background. */
  saveSoon(options: SaveOptions): void;
}

/**
 * The vault's integrity rules (docs/architecture.md, "The vault"): which accounts are damaged, when the
 * keyring may open the vault at start, and what gets signed when. See record-mac.ts for what a MAC covers.
 */
export class Integrity {
  /** Damaged accounts found while unlocked (see AccountDamage). */
  readonly damaged = new Map<string, AccountDamage>();

  constructor(private readonly host: IntegrityHost) {}

  /** The signature a put gives the account: new when unlocked, else the old one (only unsigned parts may change). */
  signPut(entry: Entry, previous: Entry | undefined, parts: string[]): Entry {
    const key = this.host.key();
    // A put never vouches for an account changed outside TokenDesk: only confirm() does.
    if (previous && this.damaged.get(entry.account.id) === 'changed') return { ...entry, mac: previous.mac };
    if (key) return signed(key, this.host.memory.providers, entry);
    const signedPart = parts.some((part) => !(part.startsWith('meta:') && UNSIGNED_PARTS.has(part.slice('meta:'.length))));
    if (!previous || signedPart) throw new TokenDeskError('locked', 'The vault is locked. Unlock it with your passphrase to change accounts.');
    return { ...entry, mac: previous.mac };
  }

  /**
   * Whether a key the keyring gave at start (or for a vault another process created) may open the
   * vault. With a passphrase slot, only when the person chose so and no lock is in force; a protection
   * state that fails its MAC keeps it locked too (fail closed).
   */
  keyringMayOpen(key: Buffer): boolean {
    const { memory } = this.host;
    if (checkKind(key, memory.check) === 'signed' && this.guardFormat(key) === null) {
      this.host.notice('The protection settings in vault.json were changed outside TokenDesk, so the system keyring did not unlock it. Unlock with your passphrase (the protection settings then return to safe values); without a passphrase, restore vault.json from a backup.');
      return false;
    }
    const chosen = memory.settings.unlockWithKeyringAtStart === true && !memory.guard?.locked;
    return !memory.slots.passphrase || chosen;
  }

  /**
   * A key just obtained: a vault from before signing is signed now (it was written by TokenDesk); a
   * signed one has its records checked. A protection state that fails after a passphrase unlock returns
   * the protected settings to safe values. A vault whose protection state is still `guard/1` is migrated:
   * records that match their `account/1` MAC are signed again as `account/2`, then the protection state as
   * `guard/2`, after which `account/1` MACs are refused (record-mac.ts).
   */
  acceptKey(key: Buffer, byPassphrase: boolean): void {
    const { memory } = this.host;
    if (checkKind(key, memory.check) === 'legacy') {
      this.host.saveSoon({
        transform: () => {
          const before = { entries: new Map(memory.entries), providers: new Map(memory.providers), check: memory.check, guard: memory.guard };
          const current = this.host.key();
          if (current) signAll(current, memory);
          return () => Object.assign(memory, before);
        },
      });
      return;
    }
    this.damaged.clear();
    const format = this.guardFormat(key);
    const checked = checkAccounts(key, memory.providers, memory.entries.values(), format === 1);
    for (const id of checked.forged) this.damaged.set(id, 'changed');
    if (format === 1) this.migrate(key, checked.legacy);
    else if (format === null && byPassphrase) this.restoreProtection({}, 'The clipboard, idle lock and keyring settings in vault.json were changed outside TokenDesk; they were set back to their safe defaults. Check them in Settings.');
  }

  /** Signs the `account/1` records `ids` and the protection state again in the current format, and saves. */
  private migrate(key: Buffer, ids: string[]): void {
    const { memory, pending } = this.host;
    for (const id of ids) {
      const entry = memory.entries.get(id);
      if (!entry) continue;
      memory.entries.set(id, signed(key, memory.providers, entry));
      pending.markAccount(id, []);
    }
    this.saveGuard(memory.guard?.locked ?? false);
  }

  /** Signs the protection state with `locked` and saves it (in the background: a lock must not wait). */
  saveGuard(locked: boolean): void {
    const key = this.host.key();
    if (key) resignGuard(key, this.host.memory, locked);
    this.host.pending.guard = true;
    this.host.commitSoon();
  }

  /** Another process's version mixed with ours: signed when theirs is genuine; theirs alone when forged. */
  settle(mixed: Entry, theirs: Entry, fileProviders: ReadonlyMap<string, ProviderRecord>): Entry {
    const key = this.host.key();
    if (!key) return mixed;
    if (forgedAccounts(key, this.host.memory.providers, [theirs], fileProviders).length > 0) return theirs;
    return signed(key, this.host.memory.providers, mixed);
  }

  /** After a merge: check what arrived; a forged protection state is not taken. */
  merged(before: { slots: Slots; settings: Record<string, unknown> }, result: MergeResult): void {
    const key = this.host.key();
    if (!key) return;
    const { memory, pending } = this.host;
    // A definition taken from the file is checked against every account bound to it, changed or not.
    const entries = result.providersChanged ? [...memory.entries.values()] : result.changed.flatMap((id) => memory.entries.get(id) ?? []);
    const forged = new Set(forgedAccounts(key, memory.providers, entries, result.fileProviders));
    for (const entry of entries) {
      if (forged.has(entry.account.id)) this.damaged.set(entry.account.id, 'changed');
      else if (this.damaged.get(entry.account.id) === 'changed') this.damaged.delete(entry.account.id);
    }
    for (const id of result.removed) this.damaged.delete(id);
    // Only a protection state taken whole from the file is checked (ours is signed when it is saved).
    if (!result.guardTaken || (!result.slotsChanged && !result.settingsChanged)) return;
    if (checkKind(key, memory.check) !== 'signed' || this.guardFormat(key) !== null) return;
    memory.slots = before.slots;
    pending.slots.add('passphrase').add('os');
    this.restoreProtection(before.settings, 'Someone changed the key slots or protection settings in vault.json outside TokenDesk; the change was not taken.');
  }

  /**
   * Before a write, after the merge: what this process changed is signed (the key may have been dropped
   * since: then not), and so is every account of a definition this process stored or removed, bound to
   * it as it is now (accounts another process added meanwhile too). Accounts changed outside TokenDesk
   * are not vouched for.
   */
  beforeSave(batch: Pending): void {
    const key = this.host.key();
    if (!key) return;
    const { memory } = this.host;
    for (const [id, entry] of memory.entries) {
      const rebind = batch.providers.has(entry.account.provider) && this.damaged.get(id) !== 'changed';
      if (rebind || (entry.mac === null && !this.damaged.has(id))) memory.entries.set(id, signed(key, memory.providers, entry));
    }
    if (batch.guard || batch.slots.size > 0) resignGuard(key, memory, memory.guard?.locked ?? false);
  }

  /** The format of the protection state when it is authentic, else null. */
  private guardFormat(key: Buffer): RecordFormat | null {
    const { memory } = this.host;
    return withMacKey(key, (mk) => guardFormat(mk, memory.guard ?? undefined, memory.settings, memory.slots));
  }

  /**
   * The protected settings back to `values` (a setting absent there returns to its default), signed
   * again and saved: their stored values were forged. `notice` tells the person.
   */
  private restoreProtection(values: Record<string, unknown>, notice: string): void {
    const { memory, pending } = this.host;
    for (const name of PROTECTED_SETTINGS) {
      if (Object.hasOwn(values, name)) memory.settings[name] = values[name];
      else delete memory.settings[name];
      pending.settings.add(name);
    }
    this.host.notice(notice);
    this.saveGuard(memory.guard?.locked ?? false);
  }
}
