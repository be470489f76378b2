import type { Settings, SettingsPatch } from '../../../shared/settings';
import { SettingsPatchSchema } from '../../../shared/settings';
import { TokenDeskError } from '../errors';
import { secretBoxIsSecure, systemClock, type Clock } from '../platform';
import { changedParts, WHOLE } from './account-changes';
import { openSecrets, sealSecrets } from './account-secrets';
import { randomKey, wipe } from './crypto';
import { DiskSync, type ExternalChangeListener } from './disk-sync';
import { cloneAccount, mergeSettings, normalizeAccount, type VaultDocument } from './document';
import { DEFAULT_LOCK_TIMINGS, VaultLock } from './file-lock';
import { ensureDir, removeStaleTemps, saveError, vaultFiles, type VaultFiles } from './file-store';
import { GroupCommit } from './group-commit';
import { defaultScrypt } from './kdf';
import { loadVault, type Loaded } from './loader';
import { changedSlotKinds, memoryFromDocument, Pending, undoSlotChange, type Entry, type Memory } from './merge';
import { keyFromOsSlot, keyFromPassphraseSlot, makeKeyCheck, makeOsSlot, makePassphraseSlot, slotsForNewVault, type Slots } from './slots';
import type { AccountSecrets, StoredAccount, TokenChange, Vault, VaultInfo, VaultOptions } from './types';

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

  constructor(
    private readonly options: VaultOptions,
    private readonly files: VaultFiles,
    private readonly clock: Clock,
    lock: VaultLock,
    loaded: Loaded,
  ) {
    this.notices = loaded.notices;
    this.initialized = loaded.doc !== null;
    this.memory = loaded.doc ? memoryFromDocument(loaded.doc) : { entries: new Map(), slots: {}, check: '', settings: {} };
    this.key = loaded.key;
    this.osUsable = loaded.key !== null;
    this.sync = new DiskSync(files, lock, {
      memory: this.memory,
      pending: this.pending,
      initialized: () => this.initialized,
      adopt: (doc) => this.adopt(doc),
      slotsMerged: () => this.slotsMerged(),
      notice: (message) => this.notice(message),
      now: () => this.clock.now(),
    }, loaded.stamp);
    this.commits = new GroupCommit(() => this.write(), (error) => saveError(this.files, error));
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
    this.key = key;
    this.osUsable = slots.os !== undefined;
    try {
      await this.commits.commit();
    } catch (error) {
      // Nothing reached the disk: go back to "no vault" rather than pretend one exists.
      this.initialized = false;
      Object.assign(this.memory, { slots: {}, check: '' });
      this.pending.slots.clear();
      this.osUsable = false;
      this.lock();
      // Another process may have created the vault meanwhile: show that one (locked) rather than none.
      await this.sync.check().catch((reload: unknown) => this.notice(reload instanceof TokenDeskError ? reload.message : 'The vault on disk could not be read.'));
      throw error;
    }
  }

  async unlock(passphrase: string): Promise<void> {
    if (!this.initialized) throw this.noVault();
    const key = await this.keyFromPassphrase(passphrase);
    if (this.key) wipe(this.key);
    this.key = key;
    if (!this.osUsable && secretBoxIsSecure(this.options.secretBox)) await this.resealOsSlot(key);
  }

  lock(): void {
    // The key Buffer is zeroed, not just dropped: nothing of it waits in memory for the collector.
    wipe(this.key);
    this.key = null;
    this.locks += 1;
  }

  async setPassphrase(next: string, current?: string): Promise<void> {
    if (!this.initialized) return this.create({ passphrase: next });
    if (next === '') throw new TokenDeskError('invalid_input', 'The new passphrase is empty. Choose a passphrase and try again.');
    let key: Buffer;
    if (this.memory.slots.passphrase) {
      if (current === undefined) throw new TokenDeskError('locked', 'Enter the current passphrase to change it.');
      key = await this.keyFromPassphrase(current);
    } else if (this.key) {
      key = Buffer.from(this.key);
    } else {
      throw new TokenDeskError('locked', 'The vault is locked. Unlock it before setting a passphrase.');
    }
    try {
      // Only the data key is rewrapped: the account ciphertexts stay exactly as they are.
      const slot = await makePassphraseSlot(key, next, this.scryptParams());
      await this.changeSlots({ ...this.memory.slots, passphrase: slot });
    } finally {
      wipe(key);
    }
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

  get(id: string): StoredAccount | undefined {
    const entry = this.memory.entries.get(id);
    return entry ? cloneAccount(entry.account) : undefined;
  }

  secrets(id: string): AccountSecrets {
    const key = this.requireKey();
    const entry = this.requireEntry(id);
    return openSecrets(key, entry.account, entry);
  }

  put(account: StoredAccount, secrets?: AccountSecrets | TokenChange): Promise<void> {
    if (!this.initialized) return Promise.reject(this.noVault());
    let clean: StoredAccount;
    let entry: Entry;
    let parts: string[];
    try {
      clean = normalizeAccount(account);
      const previous = this.memory.entries.get(clean.id);
      if (!secrets) entry = { account: clean, secrets: previous?.secrets ?? {}, token: previous?.token ?? null };
      else if ('fields' in secrets) entry = { account: clean, ...sealSecrets(this.requireKey(), clean.id, secrets) };
      else entry = { account: clean, secrets: previous?.secrets ?? {}, token: sealSecrets(this.requireKey(), clean.id, { fields: {}, token: secrets.token }).token };
      parts = changedParts(previous, clean, secrets, this.key);
    } catch (error) {
      return Promise.reject(error);
    }
    this.memory.entries.set(clean.id, entry);
    this.pending.markAccount(clean.id, parts);
    return this.commits.commit();
  }

  async remove(id: string): Promise<void> {
    this.requireEntry(id);
    this.memory.entries.delete(id);
    this.pending.markAccount(id, [WHOLE]);
    await this.commits.commit();
  }

  settings(): Settings {
    return mergeSettings(this.memory.settings);
  }

  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    const parsed = SettingsPatchSchema.safeParse(patch);
    if (!parsed.success) {
      const keys = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
      throw new TokenDeskError('invalid_input', `These settings have invalid values: ${keys}. Correct them and try again.`);
    }
    this.memory.settings = { ...this.memory.settings, ...parsed.data };
    for (const key of Object.keys(parsed.data)) this.pending.settings.add(key);
    // Without a vault there is no file yet: the settings are kept in memory and written by create().
    if (this.initialized) await this.commits.commit();
    return this.settings();
  }

  flush(): Promise<void> {
    return this.commits.flush();
  }

  onExternalChange(listener: ExternalChangeListener): () => void {
    return this.sync.onChange(listener);
  }

  checkExternalChanges(): Promise<void> {
    return this.sync.check();
  }

  async close(): Promise<void> {
    this.sync.stop();
    await this.flush();
    this.lock();
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
    // A lock, or an unlock by passphrase, while the keyring answered wins: this key is not kept.
    if (this.key === null && this.locks === locks) this.key = key;
    else wipe(key);
    this.osUsable = key !== null;
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
