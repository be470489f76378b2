import type { Settings, SettingsPatch } from '../../../shared/settings';
import { SettingsPatchSchema } from '../../../shared/settings';
import { zodProblems } from '../../../shared/zod-problems';
import { TokenDeskError } from '../errors';
import { jsonCopy } from '../json';
import { secretBoxIsSecure, systemClock, type Clock } from '../platform';
import { changedParts, WHOLE } from './account-changes';
import { openSecrets, sealSecrets, sealToken } from './account-secrets';
import { randomKey, wipe } from './crypto';
import { DiskSync, type ExternalChangeListener, type SaveNowOutcome } from './disk-sync';
import { cloneAccount, deepFreeze, mergeSettings, normalizeAccount, type VaultDocument } from './document';
import { DEFAULT_LOCK_TIMINGS, VaultLock } from './file-lock';
import { ensureDir, removeStaleTemps, saveError, vaultFiles, type VaultFiles } from './file-store';
import { GroupCommit } from './group-commit';
import { Integrity } from './integrity';
import { definitionAuthentic, forgedAccounts, forgedError, openReadable, rotateMemory, signed, signedDefinition } from './key-use';
import { defaultScrypt } from './kdf';
import { loadVault, type Loaded } from './loader';
import { changedSlotKinds, memoryFromDocument, Pending, undoSlotChange, type Entry, type Memory } from './merge';
import { PROTECTED_SETTINGS } from './record-mac';
import { keyFromOsSlot, keyFromPassphraseSlot, makeKeyCheck, makeOsSlot, makePassphraseSlot, slotsForNewVault, type Slots } from './slots';
import type { AccountDamage, AccountSecrets, SecretPresence, StoredAccount, StoredDefinition, TokenChange, Vault, VaultInfo, VaultOptions } from './types';

/** Opens (or prepares to create) the vault in `options.dir`. See architecture.md, "The vault". */
export async function openVault(options: VaultOptions): Promise<Vault> {
  const clock = options.clock ?? systemClock;
  const files = vaultFiles(options.dir);
  const lock = new VaultLock(files.lock, files.dir, {
    waitMs: options.lock?.waitMs ?? DEFAULT_LOCK_TIMINGS.waitMs,
    staleMs: options.lock?.staleMs ?? DEFAULT_LOCK_TIMINGS.staleMs,
  });
  await ensureDir(files.dir);
  await removeStaleTemps(files.dir);
  return new EncryptedVault(options, files, clock, lock, await loadVault(files, options.secretBox, clock.now(), lock));
}

class EncryptedVault implements Vault {
  private readonly memory: Memory;
  /** Changes not saved yet: they win over another process's save when the two are merged. */
  private readonly pending = new Pending();
  private readonly sync: DiskSync;
  private readonly commits: GroupCommit;
  private readonly notices: string[];
  private initialized: boolean;
  private key: Buffer | null;
  /** Counts locks, so a keyring answer that arrives after one is not used to unlock again. */
  private locks = 0;
  private osUsable: boolean;
  /** The OS slot being wrapped again after the keyring rotated its key (close waits for it). */
  private renewing: Promise<void> = Promise.resolve();
  private readonly integrity: Integrity;
  /** Whether each stored definition record matched its MAC, under which key (records are replaced, never changed). */
  private readonly authenticity = new WeakMap<object, { key: Buffer; authentic: boolean }>();

  constructor(
    private readonly options: VaultOptions,
    private readonly files: VaultFiles,
    private readonly clock: Clock,
    lock: VaultLock,
    loaded: Loaded,
  ) {
    this.notices = loaded.notices;
    this.initialized = loaded.doc !== null;
    this.memory = loaded.doc ? memoryFromDocument(loaded.doc) : { entries: new Map(), slots: {}, check: '', settings: {}, guard: null, providers: new Map() };
    this.key = null;
    this.osUsable = loaded.key !== null;
    this.sync = new DiskSync(files, lock, {
      memory: this.memory,
      pending: this.pending,
      initialized: () => this.initialized,
      adopt: (doc) => this.adopt(doc),
      slotsMerged: () => this.slotsMerged(),
      replaced: (doc) => this.replaced(doc),
      notice: (message) => this.notice(message),
      now: () => this.clock.now(),
      settle: (mixed, theirs) => this.integrity.settle(mixed, theirs),
      merged: (before, result) => this.integrity.merged(before, result),
      beforeSave: (batch) => this.integrity.beforeSave(batch),
    }, loaded.stamp);
    this.commits = new GroupCommit(() => this.write(), (error) => saveError(this.files, error));
    const report = (error: unknown): void => this.notice(saveError(this.files, error).message);
    this.integrity = new Integrity({
      memory: this.memory,
      pending: this.pending,
      key: () => this.key,
      notice: (message) => this.notice(message),
      commitSoon: () => void this.commits.commit().catch(report),
      saveSoon: (options) => void this.sync.save(options).catch(report),
    });
    if (loaded.key) this.startWithKeyringKey(loaded.key);
  }

  info(): VaultInfo {
    const state = !this.initialized ? 'uninitialized' : this.key ? 'unlocked' : 'locked';
    return { state, passphraseSet: this.memory.slots.passphrase !== undefined, osSlot: this.osUsable, notices: [...this.notices] };
  }

  async create(options: { passphrase?: string }): Promise<void> {
    this.requireNoVault();
    const { passphrase } = options;
    if (passphrase === '') throw new TokenDeskError('invalid_input', 'The passphrase is empty. Choose a passphrase and try again.');
    const secure = secretBoxIsSecure(this.options.secretBox);
    if (!secure && passphrase === undefined) {
      const backend = this.options.secretBox?.backend();
      const why = backend ? ` (it uses the "${backend}" backend, which stores keys unprotected)` : '';
      throw new TokenDeskError('locked', `The system keyring is not available to protect the vault${why}. Set a passphrase to create the vault.`);
    }
    const key = randomKey();
    let slots: Slots;
    try {
      slots = await slotsForNewVault(key, passphrase, this.options.secretBox, this.scryptParams(), (message) => this.notice(message));
      this.requireNoVault(); // another create may have finished while scrypt ran
    } catch (error) {
      wipe(key);
      throw error;
    }
    this.initialized = true;
    this.memory.slots = slots;
    this.memory.check = makeKeyCheck(key);
    this.pending.slots.add('passphrase').add('os');
    this.pending.guard = true;
    this.key = key;
    this.osUsable = slots.os !== undefined;
    try {
      await this.commits.commit();
    } catch (error) {
      // Nothing reached the disk: go back to "no vault" rather than pretend one exists.
      this.initialized = false;
      Object.assign(this.memory, { slots: {}, check: '', guard: null });
      this.pending.slots.clear();
      this.osUsable = false;
      this.lock();
      // Another process may have created the vault meanwhile: show that one (locked) rather than none.
      await this.sync.check().catch((reload: unknown) => this.notice(reload instanceof TokenDeskError ? reload.message : 'The vault on disk could not be read.'));
      throw error;
    }
  }

  async unlock(passphrase: string, options: { endLock?: boolean } = {}): Promise<void> {
    if (!this.initialized) throw this.noVault();
    const key = await this.keyFromPassphrase(passphrase);
    if (this.key) wipe(this.key);
    this.key = key;
    this.integrity.acceptKey(key, true);
    if (options.endLock !== false && this.memory.guard?.locked) this.integrity.saveGuard(false);
    if (!this.osUsable && secretBoxIsSecure(this.options.secretBox)) await this.resealOsSlot(key);
  }

  lock(options: { persist?: boolean } = {}): void {
    if (options.persist && this.key && this.memory.slots.passphrase && !this.memory.guard?.locked) this.integrity.saveGuard(true);
    // The key Buffer is zeroed, not just dropped: nothing of it waits in memory for the collector.
    wipe(this.key);
    this.key = null;
    this.locks += 1;
    this.integrity.damaged.clear();
  }

  async setPassphrase(next: string, current?: string): Promise<void> {
    if (!this.initialized) return this.create({ passphrase: next });
    if (next === '') throw new TokenDeskError('invalid_input', 'The new passphrase is empty. Choose a passphrase and try again.');
    let oldKey: Buffer;
    if (this.memory.slots.passphrase) {
      if (current === undefined) throw new TokenDeskError('locked', 'Enter the current passphrase to change it.');
      oldKey = await this.keyFromPassphrase(current);
    } else if (this.key) {
      oldKey = Buffer.from(this.key);
    } else {
      throw new TokenDeskError('locked', 'The vault is locked. Unlock it before setting a passphrase.');
    }
    const newKey = randomKey();
    try {
      const slots: Slots = { passphrase: await makePassphraseSlot(newKey, next, this.scryptParams()) };
      if (secretBoxIsSecure(this.options.secretBox)) {
        try {
          slots.os = await makeOsSlot(newKey, this.options.secretBox);
        } catch {
          // The passphrase alone protects the vault; the keyring slot is made again at the next unlock.
        }
      }
      await this.commits.flush();
      await this.sync.save({ replaceBackup: true, transform: () => this.rotate(oldKey, newKey, slots) });
    } catch (error) {
      if (this.key !== newKey) wipe(newKey);
      throw error;
    } finally {
      wipe(oldKey);
    }
    this.osUsable = this.memory.slots.os !== undefined;
  }

  async removePassphrase(current: string): Promise<void> {
    if (!this.initialized || !this.memory.slots.passphrase) {
      throw new TokenDeskError('invalid_input', 'No passphrase is set on this vault, so there is none to remove.');
    }
    const key = await this.keyFromPassphrase(current);
    const { os } = this.memory.slots;
    const osKey = await keyFromOsSlot(this.memory.slots, this.options.secretBox, this.memory.check);
    const usable = osKey !== null && osKey.equals(key);
    wipe(key);
    wipe(osKey);
    if (!usable) {
      throw new TokenDeskError('invalid_input', 'The passphrase cannot be removed: the system keyring cannot unlock this vault here, so you would have no way to unlock it. Keep the passphrase, or change it instead.');
    }
    await this.changeSlots(os ? { os } : {});
  }

  list(): StoredAccount[] {
    return [...this.memory.entries.values()].map((entry) => cloneAccount(entry.account));
  }

  *peek(): Iterable<Readonly<StoredAccount>> {
    for (const entry of this.memory.entries.values()) yield entry.account;
  }

  peekAccount(id: string): Readonly<StoredAccount> | undefined {
    return this.memory.entries.get(id)?.account;
  }

  get(id: string): StoredAccount | undefined {
    const entry = this.memory.entries.get(id);
    return entry ? cloneAccount(entry.account) : undefined;
  }

  secrets(id: string): AccountSecrets {
    const key = this.requireKey();
    const entry = this.requireEntry(id);
    if (this.integrity.damaged.get(id) === 'changed') throw forgedError(entry.account);
    try {
      return openSecrets(key, entry.account, entry);
    } catch (error) {
      if (error instanceof TokenDeskError) this.integrity.damaged.set(id, 'unreadable');
      throw error;
    }
  }

  readableSecrets(id: string): { secrets: AccountSecrets; unreadable: string[] } {
    const key = this.requireKey();
    const entry = this.requireEntry(id);
    if (this.integrity.damaged.get(id) === 'changed') throw forgedError(entry.account);
    return openReadable(key, entry.account, entry);
  }

  presence(id: string): SecretPresence {
    const entry = this.requireEntry(id);
    return { secretsSet: Object.keys(entry.secrets), hasToken: entry.token !== null };
  }

  damage(id: string): AccountDamage | null {
    return this.integrity.damaged.get(id) ?? null;
  }

  async confirm(id: string): Promise<void> {
    const key = this.requireKey();
    const entry = this.requireEntry(id);
    this.memory.entries.set(id, signed(key, entry));
    if (this.integrity.damaged.get(id) === 'changed') this.integrity.damaged.delete(id);
    this.pending.markAccount(id, [WHOLE]);
    await this.commits.commit();
  }

  put(account: StoredAccount, secrets?: AccountSecrets | TokenChange): Promise<void> {
    if (!this.initialized) return Promise.reject(this.noVault());
    let clean: StoredAccount;
    let entry: Entry;
    let parts: string[];
    try {
      clean = normalizeAccount(account);
      const previous = this.memory.entries.get(clean.id);
      let sealed: Entry;
      if (!secrets) sealed = { account: clean, secrets: previous?.secrets ?? {}, token: previous?.token ?? null, mac: null };
      else if ('fields' in secrets) sealed = { account: clean, ...sealSecrets(this.requireKey(), clean.id, secrets), mac: null };
      else sealed = { account: clean, secrets: previous?.secrets ?? {}, token: sealToken(this.requireKey(), clean.id, secrets.token), mac: null };
      parts = changedParts(previous, clean, secrets, this.key);
      entry = this.integrity.signPut(sealed, previous, parts);
    } catch (error) {
      return Promise.reject(error);
    }
    this.memory.entries.set(clean.id, entry);
    if (secrets && 'fields' in secrets && this.integrity.damaged.get(clean.id) === 'unreadable') this.integrity.damaged.delete(clean.id);
    this.pending.markAccount(clean.id, parts);
    return this.commits.commit();
  }

  async remove(id: string): Promise<void> {
    this.requireEntry(id);
    this.memory.entries.delete(id);
    this.integrity.damaged.delete(id);
    this.pending.markAccount(id, [WHOLE]);
    await this.commits.commit();
  }

  definitions(): StoredDefinition[] {
    return [...this.memory.providers.keys()].map((id) => this.definition(id)).filter((d): d is StoredDefinition => d !== undefined);
  }

  definition(id: string): StoredDefinition | undefined {
    const record = this.memory.providers.get(id);
    // Frozen, not copied: a record is replaced, never changed in place, and a refresh looks its provider up.
    return record ? { id, definition: deepFreeze(record.definition), updatedAt: record.updatedAt } : undefined;
  }

  definitionAuthentic(id: string): boolean | null {
    const record = this.memory.providers.get(id);
    if (!record || !this.key) return null;
    const known = this.authenticity.get(record);
    if (known?.key === this.key) return known.authentic;
    const authentic = definitionAuthentic(this.key, id, record);
    this.authenticity.set(record, { key: this.key, authentic });
    return authentic;
  }

  async putDefinition(id: string, definition: unknown, updatedAt = this.clock.now()): Promise<void> {
    if (!this.initialized) throw this.noVault();
    const key = this.requireKey();
    this.memory.providers.set(id, signedDefinition(key, id, { definition: jsonCopy(definition), updatedAt }));
    this.pending.providers.add(id);
    await this.commits.commit();
  }

  async removeDefinition(id: string): Promise<void> {
    if (!this.memory.providers.has(id)) throw new TokenDeskError('not_found', `There is no custom provider "${id}". List the providers to see their ids.`);
    this.memory.providers.delete(id);
    this.pending.providers.add(id);
    await this.commits.commit();
  }

  settings(): Settings {
    return mergeSettings(this.memory.settings);
  }

  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    const parsed = SettingsPatchSchema.safeParse(patch);
    if (!parsed.success) {
      throw new TokenDeskError('invalid_input', `These settings have invalid values: ${zodProblems(parsed.error, { whole: 'settings' })}. Correct them and try again.`);
    }
    const guarded = PROTECTED_SETTINGS.some((name) => Object.hasOwn(parsed.data, name) && parsed.data[name] !== this.settings()[name]);
    if (guarded && this.initialized && !this.key) {
      throw new TokenDeskError('locked', 'Unlock the vault to change the clipboard, idle lock or keyring settings.');
    }
    this.memory.settings = { ...this.memory.settings, ...parsed.data };
    for (const key of Object.keys(parsed.data)) this.pending.settings.add(key);
    if (guarded) this.pending.guard = true;
    // Without a vault there is no file yet: the settings are kept in memory and written by create().
    if (this.initialized) await this.commits.commit();
    return this.settings();
  }

  flush(): Promise<void> {
    return this.commits.flush();
  }

  saveNowSync(): SaveNowOutcome {
    return this.sync.saveNowSync();
  }

  onExternalChange(listener: ExternalChangeListener): () => void {
    return this.sync.onChange(listener);
  }

  checkExternalChanges(): Promise<void> {
    return this.sync.check();
  }

  async close(): Promise<void> {
    await this.renewing;
    this.sync.stop();
    await this.flush();
    this.lock();
  }

  /** A key from the keyring at start, or for a vault another process created: kept when the rules allow. */
  private startWithKeyringKey(key: Buffer): void {
    if (!this.integrity.keyringMayOpen(key)) {
      wipe(key);
      return;
    }
    this.key = key;
    this.integrity.acceptKey(key, false);
    const slot = this.memory.slots.os;
    if (slot && this.options.secretBox?.shouldReEncrypt?.(Buffer.from(slot.wrapped, 'base64'))) {
      // The keyring rotated its key: wrap the data key again so the old keyring key can be retired. A copy,
      // because a lock may wipe `key` before the keyring answers.
      const copy = Buffer.from(key);
      this.renewing = this.renewOsSlot(copy).finally(() => wipe(copy));
    }
  }

  /** Wraps `key` with the keyring again, unless the vault was locked or its key changed meanwhile. */
  private async renewOsSlot(key: Buffer): Promise<void> {
    let os: Slots['os'];
    try {
      os = await makeOsSlot(key, this.options.secretBox);
    } catch {
      return; // The old slot still opens; the keyring is asked again at the next start.
    }
    if (this.key === null || !this.key.equals(key)) return;
    await this.changeSlots({ ...this.memory.slots, os }).catch((error: unknown) => this.notice(saveError(this.files, error).message));
  }

  /** The rotation of setPassphrase, run under the write lock after the merge. */
  private rotate(oldKey: Buffer, newKey: Buffer, slots: Slots): () => void {
    const forged = new Set(forgedAccounts(oldKey, this.memory.entries.values()));
    const undoMemory = rotateMemory(this.memory, oldKey, newKey, slots, forged);
    const previousKey = this.key;
    this.key = newKey;
    for (const id of forged) this.integrity.damaged.set(id, 'changed');
    return () => {
      undoMemory();
      this.key = previousKey;
    };
  }

  private async write(): Promise<void> {
    if (!this.initialized) return;
    const bytes = await this.sync.save();
    this.options.onWrite?.(bytes);
  }

  /** A vault another process created while this one had none: taken as it is (locked unless the keyring opens it). */
  private async adopt(doc: VaultDocument): Promise<void> {
    Object.assign(this.memory, memoryFromDocument(doc, this.memory.settings, this.pending));
    this.initialized = true;
    this.lock();
    const locks = this.locks;
    const key = await keyFromOsSlot(doc.slots, this.options.secretBox, doc.check);
    this.osUsable = key !== null;
    // A lock, or an unlock by passphrase, while the keyring answered wins: this key is not kept.
    if (key && this.key === null && this.locks === locks) this.startWithKeyringKey(key);
    else wipe(key);
  }

  /** The vault on disk is under another data key now: taken as it is, locked (see SyncHost.replaced). */
  private replaced(doc: VaultDocument): void {
    this.lock();
    this.pending.take();
    Object.assign(this.memory, memoryFromDocument(doc));
    this.notice(`The vault in ${this.files.dir} was changed by another TokenDesk process (its passphrase was changed, or another vault was put in its place), so it was locked. Unlock it with its current passphrase.`);
    // Whether the keyring opens the new vault is learnt in the background (the OS call is async).
    void this.slotsMerged().catch(() => {
      this.osUsable = false;
    });
  }

  /** Another process changed the key slots: the keyring slot may be new, or gone. */
  private async slotsMerged(): Promise<void> {
    const key = await keyFromOsSlot(this.memory.slots, this.options.secretBox, this.memory.check);
    this.osUsable = key !== null;
    wipe(key);
  }

  private notice(message: string): void {
    if (!this.notices.includes(message)) this.notices.push(message);
  }

  private keyFromPassphrase(passphrase: string): Promise<Buffer> {
    return keyFromPassphraseSlot(this.memory.slots.passphrase, passphrase);
  }

  /** Adds (or replaces an unusable) OS slot after a passphrase unlock, so the app opens silently next time. */
  private async resealOsSlot(key: Buffer): Promise<void> {
    try {
      await this.changeSlots({ ...this.memory.slots, os: await makeOsSlot(key, this.options.secretBox) });
    } catch (error) {
      // The unlock itself succeeded; the keyring slot is a convenience, so report it instead of failing.
      const why = error instanceof TokenDeskError ? error.message : 'the keyring refused';
      this.notices.push(`The vault is unlocked, but the system keyring slot could not be saved: ${why}`);
      return;
    }
    this.osUsable = true;
  }

  /** Replaces the key slots; if the write fails, the old slots stay in force (in memory as on disk). */
  private async changeSlots(next: Slots): Promise<void> {
    const previous = this.memory.slots;
    this.memory.slots = next;
    for (const kind of changedSlotKinds(previous, next)) this.pending.slots.add(kind);
    try {
      await this.commits.commit();
    } catch (error) {
      this.memory.slots = undoSlotChange(this.memory.slots, previous, next, this.pending);
      throw error;
    }
  }

  private scryptParams() {
    return this.options.scrypt ?? defaultScrypt();
  }

  private requireNoVault(): void {
    if (this.initialized) {
      throw new TokenDeskError('invalid_input', `A vault already exists in ${this.files.dir}. Unlock it instead of creating a new one.`);
    }
  }

  private noVault(): TokenDeskError {
    return new TokenDeskError('locked', `There is no vault in ${this.files.dir} yet. Create one first (tokendesk init, or set a passphrase in the app).`);
  }

  private requireKey(): Buffer {
    if (this.key) return this.key;
    if (!this.initialized) throw this.noVault();
    throw new TokenDeskError('locked', 'The vault is locked. Unlock it with your passphrase to use secrets.');
  }

  private requireEntry(id: string): Entry {
    const entry = this.memory.entries.get(id);
    if (!entry) throw new TokenDeskError('not_found', `There is no account with id ${id}. List the accounts to find the right id.`);
    return entry;
  }
}
