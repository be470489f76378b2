import type { Settings, SettingsPatch } from '../../../shared/settings';
import { SettingsPatchSchema } from '../../../shared/settings';
import { TokenDeskError } from '../errors';
import { secretBoxIsSecure, systemClock, type Clock } from '../platform';
import { openSecrets, sealSecrets, type SealedSecrets } from './account-secrets';
import { randomKey, wipe } from './crypto';
import { cloneAccount, DOCUMENT_FORMAT, DOCUMENT_VERSION, mergeSettings, normalizeAccount, type VaultDocument } from './document';
import { ensureDir, removeStaleTemps, saveError, vaultFiles, writeVaultFile, type VaultFiles } from './file-store';
import { GroupCommit } from './group-commit';
import { defaultScrypt } from './kdf';
import { loadVault, type Loaded } from './loader';
import { makeKeyCheck, makeOsSlot, makePassphraseSlot, openOsSlot, openPassphraseSlot, type Slots } from './slots';
import type { AccountSecrets, StoredAccount, Vault, VaultInfo, VaultOptions } from './types';

/** An account in memory: plain metadata, secrets still sealed (they are opened only on `secrets(id)`). */
interface Entry extends SealedSecrets {
  account: StoredAccount;
}

/** Opens (or prepares to create) the vault in `options.dir`. See architecture.md, "The vault". */
export async function openVault(options: VaultOptions): Promise<Vault> {
  const clock = options.clock ?? systemClock;
  const files = vaultFiles(options.dir);
  await ensureDir(files.dir);
  await removeStaleTemps(files.dir);
  return new EncryptedVault(options, files, clock, await loadVault(files, options.secretBox, clock.now()));
}

class EncryptedVault implements Vault {
  private readonly entries = new Map<string, Entry>();
  private readonly commits: GroupCommit;
  private readonly notices: string[];
  private initialized: boolean;
  private slots: Slots;
  private check: string;
  private storedSettings: Record<string, unknown>;
  private key: Buffer | null;
  private osUsable: boolean;

  constructor(
    private readonly options: VaultOptions,
    private readonly files: VaultFiles,
    private readonly clock: Clock,
    loaded: Loaded,
  ) {
    const doc = loaded.doc;
    this.notices = loaded.notices;
    this.initialized = doc !== null;
    this.slots = doc?.slots ?? {};
    this.check = doc?.check ?? '';
    this.storedSettings = doc?.settings ?? {};
    this.key = loaded.key;
    this.osUsable = loaded.key !== null;
    for (const { secrets, token, ...account } of Object.values(doc?.accounts ?? {})) {
      this.entries.set(account.id, { account, secrets, token });
    }
    this.commits = new GroupCommit(() => this.write(), (error) => saveError(this.files, error));
  }

  info(): VaultInfo {
    const state = !this.initialized ? 'uninitialized' : this.key ? 'unlocked' : 'locked';
    return { state, passphraseSet: this.slots.passphrase !== undefined, osSlot: this.osUsable, notices: [...this.notices] };
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
    const slots: Slots = {};
    try {
      if (passphrase !== undefined) slots.passphrase = await makePassphraseSlot(key, passphrase, this.scryptParams());
      if (secure) slots.os = this.osSlotForCreate(key, passphrase !== undefined);
      this.requireNoVault(); // another create may have finished while scrypt ran
    } catch (error) {
      wipe(key);
      throw error;
    }
    this.initialized = true;
    this.slots = slots;
    this.check = makeKeyCheck(key);
    this.key = key;
    this.osUsable = slots.os !== undefined;
    try {
      await this.commits.commit();
    } catch (error) {
      // Nothing reached the disk: go back to "no vault" rather than pretend one exists.
      this.initialized = false;
      this.slots = {};
      this.osUsable = false;
      this.lock();
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
    wipe(this.key);
    this.key = null;
  }

  async setPassphrase(next: string, current?: string): Promise<void> {
    if (!this.initialized) return this.create({ passphrase: next });
    if (next === '') throw new TokenDeskError('invalid_input', 'The new passphrase is empty. Choose a passphrase and try again.');
    let key: Buffer;
    if (this.slots.passphrase) {
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
      await this.changeSlots({ ...this.slots, passphrase: slot });
    } finally {
      wipe(key);
    }
  }

  async removePassphrase(current: string): Promise<void> {
    if (!this.initialized || !this.slots.passphrase) {
      throw new TokenDeskError('invalid_input', 'No passphrase is set on this vault, so there is none to remove.');
    }
    const key = await this.keyFromPassphrase(current);
    const osKey = this.slots.os ? openOsSlot(this.slots.os, this.options.secretBox, this.check) : null;
    const usable = osKey !== null && osKey.equals(key);
    wipe(key);
    wipe(osKey);
    if (!usable) {
      throw new TokenDeskError('invalid_input', 'The passphrase cannot be removed: the system keyring cannot unlock this vault here, so you would have no way to unlock it. Keep the passphrase, or change it instead.');
    }
    await this.changeSlots({ os: this.slots.os });
  }

  list(): StoredAccount[] {
    return [...this.entries.values()].map((entry) => cloneAccount(entry.account));
  }

  get(id: string): StoredAccount | undefined {
    const entry = this.entries.get(id);
    return entry ? cloneAccount(entry.account) : undefined;
  }

  secrets(id: string): AccountSecrets {
    const key = this.requireKey();
    const entry = this.requireEntry(id);
    return openSecrets(key, entry.account, entry);
  }

  put(account: StoredAccount, secrets?: AccountSecrets): Promise<void> {
    if (!this.initialized) return Promise.reject(this.noVault());
    let clean: StoredAccount;
    let entry: Entry;
    try {
      clean = normalizeAccount(account);
      const previous = this.entries.get(clean.id);
      entry = secrets
        ? { account: clean, ...sealSecrets(this.requireKey(), clean.id, secrets) }
        : { account: clean, secrets: previous?.secrets ?? {}, token: previous?.token ?? null };
    } catch (error) {
      return Promise.reject(error);
    }
    this.entries.set(clean.id, entry);
    return this.commits.commit();
  }

  async remove(id: string): Promise<void> {
    this.requireEntry(id);
    this.entries.delete(id);
    await this.commits.commit();
  }

  settings(): Settings {
    return mergeSettings(this.storedSettings);
  }

  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    const parsed = SettingsPatchSchema.safeParse(patch);
    if (!parsed.success) {
      const keys = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
      throw new TokenDeskError('invalid_input', `These settings have invalid values: ${keys}. Correct them and try again.`);
    }
    this.storedSettings = { ...this.storedSettings, ...parsed.data };
    // Without a vault there is no file yet: the settings are kept in memory and written by create().
    if (this.initialized) await this.commits.commit();
    return this.settings();
  }

  flush(): Promise<void> {
    return this.commits.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    this.lock();
  }

  private async write(): Promise<void> {
    if (!this.initialized) return;
    const text = JSON.stringify(this.document(), undefined, '\t');
    const bytes = await writeVaultFile(this.files, text);
    this.options.onWrite?.(bytes);
  }

  private document(): VaultDocument {
    const accounts: VaultDocument['accounts'] = {};
    for (const [id, entry] of this.entries) accounts[id] = { ...entry.account, secrets: entry.secrets, token: entry.token };
    return {
      format: DOCUMENT_FORMAT,
      version: DOCUMENT_VERSION,
      savedAt: this.clock.now(),
      check: this.check,
      slots: this.slots,
      settings: { ...this.storedSettings },
      accounts,
    };
  }

  private async keyFromPassphrase(passphrase: string): Promise<Buffer> {
    const slot = this.slots.passphrase;
    if (!slot) {
      throw new TokenDeskError('locked', 'This vault has no passphrase: it opens with the system keyring only. Open it in the TokenDesk app on this computer.');
    }
    const key = await openPassphraseSlot(slot, passphrase);
    if (!key) throw new TokenDeskError('locked', 'Wrong passphrase: it does not unlock this vault. Check Caps Lock and the keyboard layout, then try again.');
    return key;
  }

  /** The OS slot of a new vault; when a passphrase protects it anyway, a refusing keyring is only a notice. */
  private osSlotForCreate(key: Buffer, hasPassphrase: boolean): Slots['os'] {
    try {
      return makeOsSlot(key, this.options.secretBox);
    } catch (error) {
      if (!hasPassphrase || !(error instanceof TokenDeskError)) throw error;
      this.notices.push('The vault is protected by your passphrase only: the system keyring refused to store its key, so TokenDesk will ask for the passphrase at each start.');
      return undefined;
    }
  }

  /** Adds (or replaces an unusable) OS slot after a passphrase unlock, so the app opens silently next time. */
  private async resealOsSlot(key: Buffer): Promise<void> {
    try {
      await this.changeSlots({ ...this.slots, os: makeOsSlot(key, this.options.secretBox) });
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
    const previous = this.slots;
    this.slots = next;
    try {
      await this.commits.commit();
    } catch (error) {
      if (this.slots === next) this.slots = previous;
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
    const entry = this.entries.get(id);
    if (!entry) throw new TokenDeskError('not_found', `There is no account with id ${id}. List the accounts to find the right id.`);
    return entry;
  }
}
