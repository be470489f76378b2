import { TokenDeskError } from '../errors';
import { secretBoxIsSecure } from '../platform';
import { randomKey, wipe } from './crypto';
import type { DiskSync } from './disk-sync';
import type { Slots, VaultDocument } from './document';
import type { VaultFiles } from './file-store';
import { saveError } from './file-store';
import type { GroupCommit } from './group-commit';
import type { Integrity } from './integrity';
import { forgedAccounts, rotateMemory } from './key-use';
import { defaultScrypt } from './kdf';
import { changedSlotKinds, memoryFromDocument, undoSlotChange, type Memory, type Pending } from './merge';
import { keyFromOsSlot, keyFromPassphraseSlot, makeKeyCheck, makeOsSlot, slotsForNewKey } from './slots';
import type { VaultOptions } from './types';

/** What the key lifecycle shares with the vault's records. */
export interface KeyHost {
  readonly options: VaultOptions;
  readonly files: VaultFiles;
  readonly memory: Memory;
  readonly pending: Pending;
  readonly integrity: Integrity;
  readonly commits: GroupCommit;
  readonly sync: DiskSync;
  readonly notices: string[];
  /** Adds a notice unless it is there already. */
  notice(message: string): void;
}

/**
 * The vault's data key and how it comes and goes: create, unlock, lock, the passphrase and keyring
 * slots, renewal of the keyring slot and rotation of the data key. See docs/architecture.md, "The vault".
 */
export class VaultKeys {
  /** Whether vault.json exists (or this process created it). */
  initialized: boolean;
  /** The data key while unlocked. */
  key: Buffer | null = null;
  osUsable: boolean;
  /** The OS slot being wrapped again after the keyring rotated its key (close waits for it). */
  renewing: Promise<void> = Promise.resolve();
  /** Counts locks, so a keyring answer that arrives after one is not used to unlock again. */
  private locks = 0;

  constructor(
    private readonly host: KeyHost,
    initialized: boolean,
    osUsable: boolean,
  ) {
    this.initialized = initialized;
    this.osUsable = osUsable;
  }

  async create(options: { passphrase?: string }): Promise<void> {
    const { memory, pending } = this.host;
    this.requireNoVault();
    const { passphrase } = options;
    if (passphrase === '') throw new TokenDeskError('invalid_input', 'The passphrase is empty. Choose a passphrase and try again.');
    const secure = secretBoxIsSecure(this.host.options.secretBox);
    if (!secure && passphrase === undefined) {
      const backend = this.host.options.secretBox?.backend();
      const why = backend ? ` (it uses the "${backend}" backend, which stores keys unprotected)` : '';
      throw new TokenDeskError('locked', `The system keyring is not available to protect the vault${why}. Set a passphrase to create the vault.`);
    }
    const key = randomKey();
    let slots: Slots;
    try {
      slots = await slotsForNewKey(key, passphrase, this.host.options.secretBox, this.scryptParams(), (message) => this.host.notice(message));
      this.requireNoVault(); // another create may have finished while scrypt ran
    } catch (error) {
      wipe(key);
      throw error;
    }
    this.initialized = true;
    memory.slots = slots;
    memory.check = makeKeyCheck(key);
    pending.slots.add('passphrase').add('os');
    pending.guard = true;
    this.key = key;
    this.osUsable = slots.os !== undefined;
    try {
      await this.host.commits.commit();
    } catch (error) {
      // Nothing reached the disk: go back to "no vault" rather than pretend one exists.
      this.initialized = false;
      Object.assign(memory, { slots: {}, check: '', guard: null });
      pending.slots.clear();
      this.osUsable = false;
      this.lock();
      // Another process may have created the vault meanwhile: show that one (locked) rather than none.
      await this.host.sync.check().catch((reload: unknown) => this.host.notice(reload instanceof TokenDeskError ? reload.message : 'The vault on disk could not be read.'));
      throw error;
    }
  }

  async unlock(passphrase: string, options: { endLock?: boolean } = {}): Promise<void> {
    if (!this.initialized) throw this.noVault();
    const key = await this.keyFromPassphrase(passphrase);
    wipe(this.key);
    this.key = key;
    this.host.integrity.acceptKey(key, true);
    if (options.endLock !== false && this.host.memory.guard?.locked) this.host.integrity.saveGuard(false);
    if (!this.osUsable && secretBoxIsSecure(this.host.options.secretBox)) await this.resealOsSlot(key);
  }

  lock(options: { persist?: boolean } = {}): void {
    const { memory, integrity } = this.host;
    if (options.persist && this.key && memory.slots.passphrase && !memory.guard?.locked) integrity.saveGuard(true);
    // The key Buffer is zeroed, not just dropped: nothing of it waits in memory for the collector.
    wipe(this.key);
    this.key = null;
    this.locks += 1;
    integrity.damaged.clear();
  }

  async setPassphrase(next: string, current?: string): Promise<void> {
    if (!this.initialized) return this.create({ passphrase: next });
    if (next === '') throw new TokenDeskError('invalid_input', 'The new passphrase is empty. Choose a passphrase and try again.');
    let oldKey: Buffer;
    if (this.host.memory.slots.passphrase) {
      if (current === undefined) throw new TokenDeskError('locked', 'Enter the current passphrase to change it.');
      oldKey = await this.keyFromPassphrase(current);
    } else if (this.key) {
      oldKey = Buffer.from(this.key);
    } else {
      throw new TokenDeskError('locked', 'The vault is locked. Unlock it before setting a passphrase.');
    }
    const newKey = randomKey();
    try {
      // A keyring that refuses is not a notice here: the passphrase protects the vault, and the next
      // unlock makes the keyring slot again.
      const slots = await slotsForNewKey(newKey, next, this.host.options.secretBox, this.scryptParams(), () => undefined);
      await this.host.commits.flush();
      await this.host.sync.save({ replaceBackup: true, transform: () => this.rotate(oldKey, newKey, slots) });
    } catch (error) {
      if (this.key !== newKey) wipe(newKey);
      throw error;
    } finally {
      wipe(oldKey);
    }
    this.osUsable = this.host.memory.slots.os !== undefined;
  }

  async removePassphrase(current: string): Promise<void> {
    const { memory } = this.host;
    if (!this.initialized || !memory.slots.passphrase) {
      throw new TokenDeskError('invalid_input', 'No passphrase is set on this vault, so there is none to remove.');
    }
    const key = await this.keyFromPassphrase(current);
    const { os } = memory.slots;
    const osKey = await keyFromOsSlot(memory.slots, this.host.options.secretBox, memory.check);
    const usable = osKey !== null && osKey.equals(key);
    wipe(key);
    wipe(osKey);
    if (!usable) {
      throw new TokenDeskError('invalid_input', 'The passphrase cannot be removed: the system keyring cannot unlock this vault here, so you would have no way to unlock it. Keep the passphrase, or change it instead.');
    }
    await this.changeSlots(os ? { os } : {});
  }

  /** A key from the keyring at start, or for a vault another process created: kept when the rules allow. */
  startWithKeyringKey(key: Buffer): void {
    if (!this.host.integrity.keyringMayOpen(key)) {
      wipe(key);
      return;
    }
    this.key = key;
    this.host.integrity.acceptKey(key, false);
    const slot = this.host.memory.slots.os;
    if (slot && this.host.options.secretBox?.shouldReEncrypt?.(Buffer.from(slot.wrapped, 'base64'))) {
      // The keyring rotated its key: wrap the data key again so the old keyring key can be retired. A copy,
      // because a lock may wipe `key` before the keyring answers.
      const copy = Buffer.from(key);
      this.renewing = this.renewOsSlot(copy).finally(() => wipe(copy));
    }
  }

  /** A vault another process created while this one had none: taken as it is (locked unless the keyring opens it). */
  async adopt(doc: VaultDocument): Promise<void> {
    const { memory, pending } = this.host;
    Object.assign(memory, memoryFromDocument(doc, memory.settings, pending));
    this.initialized = true;
    this.lock();
    const locks = this.locks;
    const key = await keyFromOsSlot(doc.slots, this.host.options.secretBox, doc.check);
    this.osUsable = key !== null;
    // A lock, or an unlock by passphrase, while the keyring answered wins: this key is not kept.
    if (key && this.key === null && this.locks === locks) this.startWithKeyringKey(key);
    else wipe(key);
  }

  /** The vault on disk is under another data key now: taken as it is, locked (see SyncHost.replaced). */
  replaced(doc: VaultDocument): void {
    this.lock();
    this.host.pending.take();
    Object.assign(this.host.memory, memoryFromDocument(doc));
    this.host.notice(`The vault in ${this.host.files.dir} was changed by another TokenDesk process (its passphrase was changed, or another vault was put in its place), so it was locked. Unlock it with its current passphrase.`);
    // Whether the keyring opens the new vault is learnt in the background (the OS call is async).
    void this.slotsMerged().catch(() => {
      this.osUsable = false;
    });
  }

  /** Another process changed the key slots: the keyring slot may be new, or gone. */
  async slotsMerged(): Promise<void> {
    const { memory } = this.host;
    const key = await keyFromOsSlot(memory.slots, this.host.options.secretBox, memory.check);
    this.osUsable = key !== null;
    wipe(key);
  }

  noVault(): TokenDeskError {
    return new TokenDeskError('locked', `There is no vault in ${this.host.files.dir} yet. Create one first (tokendesk init, or set a passphrase in the app).`);
  }

  requireKey(): Buffer {
    if (this.key) return this.key;
    if (!this.initialized) throw this.noVault();
    throw new TokenDeskError('locked', 'The vault is locked. Unlock it with your passphrase to use secrets.');
  }

  /** Wraps `key` with the keyring again, unless the vault was locked or its key changed meanwhile. */
  private async renewOsSlot(key: Buffer): Promise<void> {
    let os: Slots['os'];
    try {
      os = await makeOsSlot(key, this.host.options.secretBox);
    } catch {
      return; // The old slot still opens; the keyring is asked again at the next start.
    }
    if (this.key === null || !this.key.equals(key)) return;
    await this.changeSlots({ ...this.host.memory.slots, os }).catch((error: unknown) => this.host.notice(saveError(this.host.files, error).message));
  }

  /** The rotation of setPassphrase, run under the write lock after the merge. */
  private rotate(oldKey: Buffer, newKey: Buffer, slots: Slots): () => void {
    const { memory, integrity } = this.host;
    const forged = new Set(forgedAccounts(oldKey, memory.providers, memory.entries.values()));
    const undoMemory = rotateMemory(memory, oldKey, newKey, slots, forged);
    const previousKey = this.key;
    this.key = newKey;
    for (const id of forged) integrity.damaged.set(id, 'changed');
    return () => {
      undoMemory();
      this.key = previousKey;
    };
  }

  private keyFromPassphrase(passphrase: string): Promise<Buffer> {
    return keyFromPassphraseSlot(this.host.memory.slots.passphrase, passphrase, () => this.scryptParams());
  }

  /** Adds (or replaces an unusable) OS slot after a passphrase unlock, so the app opens silently next time. */
  private async resealOsSlot(key: Buffer): Promise<void> {
    try {
      await this.changeSlots({ ...this.host.memory.slots, os: await makeOsSlot(key, this.host.options.secretBox) });
    } catch (error) {
      // The unlock itself succeeded; the keyring slot is a convenience, so report it instead of failing.
      const why = error instanceof TokenDeskError ? error.message : 'the keyring refused';
      this.host.notices.push(`The vault is unlocked, but the system keyring slot could not be saved: ${why}`);
      return;
    }
    this.osUsable = true;
  }

  /** Replaces the key slots; if the write fails, the old slots stay in force (in memory as on disk). */
  private async changeSlots(next: Slots): Promise<void> {
    const { memory, pending } = this.host;
    const previous = memory.slots;
    memory.slots = next;
    for (const kind of changedSlotKinds(previous, next)) pending.slots.add(kind);
    try {
      await this.host.commits.commit();
    } catch (error) {
      memory.slots = undoSlotChange(memory.slots, previous, next, pending);
      throw error;
    }
  }

  private scryptParams() {
    return this.host.options.scrypt ?? defaultScrypt();
  }

  private requireNoVault(): void {
    if (this.initialized) {
      throw new TokenDeskError('invalid_input', `A vault already exists in ${this.host.files.dir}. Unlock it instead of creating a new one.`);
    }
  }
}
