import type { Settings, SettingsPatch } from '../../../shared/settings';
import { SettingsPatchSchema } from '../../../shared/settings';
import { zodProblems } from '../../../shared/zod-problems';
import { TokenDeskError } from '../errors';
import { jsonCopy } from '../json';
import { systemClock, type Clock } from '../platform';
import { changedParts, WHOLE, type Entry } from './account-changes';
import { openReadable, openSecrets, sealSecrets, sealToken } from './account-secrets';
import { DiskSync, type ExternalChangeListener, type SaveNowOutcome } from './disk-sync';
import { deepFreeze, mergeSettings, normalizeAccount } from './document';
import { DEFAULT_LOCK_TIMINGS, VaultLock } from './file-lock';
import { ensureDir, removeStaleTemps, saveError, vaultFiles, type VaultFiles } from './file-store';
import { GroupCommit } from './group-commit';
import { Integrity } from './integrity';
import { definitionAuthentic, forgedError, signed, signedDefinition } from './key-use';
import { loadVault, type Loaded } from './loader';
import { memoryFromDocument, Pending, type Memory } from './merge';
import { PROTECTED_SETTINGS } from './record-mac';
import { VaultKeys } from './vault-keys';
import type { AccountDamage, AccountSecrets, SecretPresence, StoredAccount, StoredDefinition, TokenChange, Vault, VaultInfo, VaultOptions } from './types';

/** Opens (or prepares to create) the vault in `options.dir`. See docs/architecture.md, "The vault". */
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

/** The vault's records (accounts, definitions, settings) and their reads and writes; the data key is VaultKeys'. */
class EncryptedVault implements Vault {
  private readonly memory: Memory;
  /** Changes not saved yet: they win over another process's save when the two are merged. */
  private readonly pending = new Pending();
  private readonly sync: DiskSync;
  private readonly commits: GroupCommit;
  private readonly notices: string[];
  private readonly keys: VaultKeys;
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
    this.memory = loaded.doc ? memoryFromDocument(loaded.doc) : { entries: new Map(), slots: {}, check: '', settings: {}, guard: null, providers: new Map() };
    this.sync = new DiskSync(files, lock, {
      memory: this.memory,
      pending: this.pending,
      initialized: () => this.keys.initialized,
      adopt: (doc) => this.keys.adopt(doc),
      slotsMerged: () => this.keys.slotsMerged(),
      replaced: (doc) => this.keys.replaced(doc),
      notice: (message) => this.notice(message),
      now: () => this.clock.now(),
      settle: (mixed, theirs, fileProviders) => this.integrity.settle(mixed, theirs, fileProviders),
      merged: (before, result) => this.integrity.merged(before, result),
      beforeSave: (batch) => this.integrity.beforeSave(batch),
    }, loaded.stamp);
    this.commits = new GroupCommit(() => this.write(), (error) => saveError(this.files, error));
    const report = (error: unknown): void => this.notice(saveError(this.files, error).message);
    this.integrity = new Integrity({
      memory: this.memory,
      pending: this.pending,
      key: () => this.keys.key,
      notice: (message) => this.notice(message),
      commitSoon: () => void this.commits.commit().catch(report),
      saveSoon: (options) => void this.sync.save(options).catch(report),
    });
    const { memory, pending, integrity, commits, sync, notices } = this;
    this.keys = new VaultKeys(
      { options, files, memory, pending, integrity, commits, sync, notices, notice: (message) => this.notice(message) },
      loaded.doc !== null,
      loaded.key !== null,
    );
    if (loaded.key) this.keys.startWithKeyringKey(loaded.key);
  }

  info(): VaultInfo {
    const { initialized, key, osUsable } = this.keys;
    const state = !initialized ? 'uninitialized' : key ? 'unlocked' : 'locked';
    return { state, passphraseSet: this.memory.slots.passphrase !== undefined, osSlot: osUsable, notices: [...this.notices] };
  }

  create(options: { passphrase?: string }): Promise<void> {
    return this.keys.create(options);
  }

  unlock(passphrase: string, options?: { endLock?: boolean }): Promise<void> {
    return this.keys.unlock(passphrase, options);
  }

  lock(options?: { persist?: boolean }): void {
    this.keys.lock(options);
  }

  setPassphrase(next: string, current?: string): Promise<void> {
    return this.keys.setPassphrase(next, current);
  }

  removePassphrase(current: string): Promise<void> {
    return this.keys.removePassphrase(current);
  }

  list(): StoredAccount[] {
    return [...this.memory.entries.values()].map((entry) => jsonCopy(entry.account));
  }

  *peek(): Iterable<Readonly<StoredAccount>> {
    for (const entry of this.memory.entries.values()) yield entry.account;
  }

  peekAccount(id: string): Readonly<StoredAccount> | undefined {
    return this.memory.entries.get(id)?.account;
  }

  get(id: string): StoredAccount | undefined {
    const entry = this.memory.entries.get(id);
    return entry ? jsonCopy(entry.account) : undefined;
  }

  secrets(id: string): AccountSecrets {
    const key = this.keys.requireKey();
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
    const key = this.keys.requireKey();
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
    const key = this.keys.requireKey();
    const entry = this.requireEntry(id);
    this.memory.entries.set(id, signed(key, this.memory.providers, entry));
    if (this.integrity.damaged.get(id) === 'changed') this.integrity.damaged.delete(id);
    this.pending.markAccount(id, [WHOLE]);
    await this.commits.commit();
  }

  async put(account: StoredAccount, secrets?: AccountSecrets | TokenChange): Promise<void> {
    if (!this.keys.initialized) throw this.keys.noVault();
    const clean = normalizeAccount(account);
    const previous = this.memory.entries.get(clean.id);
    let sealed: Entry;
    if (!secrets) sealed = { account: clean, secrets: previous?.secrets ?? {}, token: previous?.token ?? null, mac: null };
    else if ('fields' in secrets) sealed = { account: clean, ...sealSecrets(this.keys.requireKey(), clean.id, secrets), mac: null };
    else sealed = { account: clean, secrets: previous?.secrets ?? {}, token: sealToken(this.keys.requireKey(), clean.id, secrets.token), mac: null };
    const parts = changedParts(previous, clean, secrets, this.keys.key);
    const entry = this.integrity.signPut(sealed, previous, parts);
    this.memory.entries.set(clean.id, entry);
    if (secrets && 'fields' in secrets && this.integrity.damaged.get(clean.id) === 'unreadable') this.integrity.damaged.delete(clean.id);
    this.pending.markAccount(clean.id, parts);
    await this.commits.commit();
  }

  async remove(id: string): Promise<void> {
    this.requireEntry(id);
    this.memory.entries.delete(id);
    this.integrity.damaged.delete(id);
    this.pending.markAccount(id, [WHOLE]);
    await this.commits.commit();
  }

  definitions(): StoredDefinition[] {
    return [...this.memory.providers.keys()].flatMap((id) => this.definition(id) ?? []);
  }

  definition(id: string): StoredDefinition | undefined {
    const record = this.memory.providers.get(id);
    // Frozen, not copied: a record is replaced, never changed in place, and a refresh looks its provider up.
    return record ? { id, definition: deepFreeze(record.definition), updatedAt: record.updatedAt } : undefined;
  }

  definitionAuthentic(id: string): boolean | null {
    const record = this.memory.providers.get(id);
    const { key } = this.keys;
    if (!record || !key) return null;
    const known = this.authenticity.get(record);
    if (known?.key === key) return known.authentic;
    const authentic = definitionAuthentic(key, id, record);
    this.authenticity.set(record, { key, authentic });
    return authentic;
  }

  async putDefinition(id: string, definition: unknown, updatedAt = this.clock.now()): Promise<void> {
    if (!this.keys.initialized) throw this.keys.noVault();
    const key = this.keys.requireKey();
    this.memory.providers.set(id, signedDefinition(key, id, { definition: jsonCopy(definition), updatedAt }));
    this.pending.providers.add(id);
    await this.commits.commit();
  }

  async removeDefinition(id: string): Promise<void> {
    if (!this.memory.providers.has(id)) throw new TokenDeskError('not_found', `There is no custom provider "${id}". List the providers to see their ids.`);
    // Its accounts' MACs cover the definition: they are signed again without it, which needs the key.
    if ([...this.memory.entries.values()].some((entry) => entry.account.provider === id)) this.keys.requireKey();
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
    if (guarded && this.keys.initialized && !this.keys.key) {
      throw new TokenDeskError('locked', 'Unlock the vault to change the clipboard, idle lock or keyring settings.');
    }
    this.memory.settings = { ...this.memory.settings, ...parsed.data };
    for (const key of Object.keys(parsed.data)) this.pending.settings.add(key);
    if (guarded) this.pending.guard = true;
    // Without a vault there is no file yet: the settings are kept in memory and written by create().
    if (this.keys.initialized) await this.commits.commit();
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
    await this.keys.renewing;
    this.sync.stop();
    await this.flush();
    this.lock();
  }

  private async write(): Promise<void> {
    if (!this.keys.initialized) return;
    const bytes = await this.sync.save();
    this.options.onWrite?.(bytes);
  }

  private notice(message: string): void {
    if (!this.notices.includes(message)) this.notices.push(message);
  }

  private requireEntry(id: string): Entry {
    const entry = this.memory.entries.get(id);
    if (!entry) throw new TokenDeskError('not_found', `There is no account with id ${id}. List the accounts to find the right id.`);
    return entry;
  }
}
