import type { z } from 'zod';
import type { Settings, SettingsPatch } from '../../../shared/settings';
import type { Clock, SecretBox } from '../platform';
import type { SaveNowOutcome } from './disk-sync';
import type { StoredAccountSchema } from './document';

/** An account as the vault keeps it, without its secrets (those are encrypted; see AccountSecrets). */
export type StoredAccount = z.infer<typeof StoredAccountSchema>;

/** A custom provider's definition as the vault holds it (the JSON as written; see shared/custom-provider.ts). */
export interface StoredDefinition {
  id: string;
  definition: unknown;
  updatedAt: number;
}

/** An account's secrets: secret field values and the issued token. Encrypted at rest. */
export interface AccountSecrets {
  fields: Record<string, string>;
  token: string | null;
}

/** A new token for an account whose secret fields stay as stored. */
export type TokenChange = Pick<AccountSecrets, 'token'>;

/**
 * Why an account cannot be used: `changed`: its record does not match its MAC (changed outside
 * TokenDesk); `unreadable`: a stored secret failed its integrity check.
 */
export type AccountDamage = 'changed' | 'unreadable';

/** Which secrets an account holds, read from the sealed entries (nothing is decrypted). */
export interface SecretPresence {
  secretsSet: string[];
  hasToken: boolean;
}

/** `uninitialized`: no vault file yet; `locked`: needs a key; `unlocked`: secrets readable. */
export type VaultState = 'uninitialized' | 'locked' | 'unlocked';

/** scrypt parameters, stored beside the passphrase slot. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export interface VaultOptions {
  /** The data directory; the vault file and its backup live here (mode 0600). */
  dir: string;
  /** The OS key slot (Electron safeStorage); absent in the CLI and tests. */
  secretBox?: SecretBox;
  clock?: Clock;
  /** scrypt parameters for a new passphrase slot; default: calibrated to ~250 ms on this machine. */
  scrypt?: ScryptParams;
  /** Called after each write of the vault file with its size in bytes (tests and benchmarks count writes). */
  onWrite?: (bytes: number) => void;
  /**
   * The cross-process write lock (vault.lock): how long a save waits for it before failing with `locked`
   * (default 10 s), and after how long a lock whose holder is still alive counts as abandoned (default 30 s).
   */
  lock?: { waitMs?: number; staleMs?: number };
}

export interface VaultInfo {
  state: VaultState;
  passphraseSet: boolean;
  /** An OS slot exists and the SecretBox can open it. */
  osSlot: boolean;
  /** Human notices, e.g. "vault.json could not be read; it was moved to … and the last good copy loaded". */
  notices: string[];
}

/**
 * The encrypted vault (docs/architecture.md, "The vault"): envelope encryption, key slots, group commit.
 * Account metadata is readable while locked; secrets are not.
 */
export interface Vault {
  info(): VaultInfo;
  /** Creates a new vault file: OS slot where the SecretBox is secure, passphrase slot when given. */
  create(options: { passphrase?: string }): Promise<void>;
  /**
   * Throws TokenDeskError `locked` on a wrong passphrase. Ends a lock kept across restarts unless
   * `endLock` is false (a one-shot CLI command does not unlock the app).
   */
  unlock(passphrase: string, options?: { endLock?: boolean }): Promise<void>;
  /**
   * Drops the data key (and any decrypted secret) from memory. With `persist` (a lock by the person,
   * idle or screen lock) and a passphrase slot, the lock is saved and holds across restarts until the
   * passphrase is given.
   */
  lock(options?: { persist?: boolean }): void;
  /**
   * Sets or changes the passphrase and rotates the data key: every secret re-sealed, every record
   * re-signed, every slot re-wrapped, and vault.json.bak replaced, so the old passphrase opens nothing.
   */
  setPassphrase(next: string, current?: string): Promise<void>;
  /** Removes the passphrase slot; refuses when no OS slot would remain. */
  removePassphrase(current: string): Promise<void>;
  list(): StoredAccount[];
  /** The accounts as memory holds them, without copies (for building views); callers must not change them. */
  peek(): Iterable<Readonly<StoredAccount>>;
  /** One account as memory holds it, without a copy (a refresh reads it twice); callers must not change it. */
  peekAccount(id: string): Readonly<StoredAccount> | undefined;
  get(id: string): StoredAccount | undefined;
  /**
   * Throws `locked` or `not_found`, and `invalid_input` (needs the user) for a damaged account: a record
   * changed outside TokenDesk, or a secret that failed its integrity check.
   */
  secrets(id: string): AccountSecrets;
  /** What opens of a damaged account's secrets, and the names that do not (`token` for the token). */
  readableSecrets(id: string): { secrets: AccountSecrets; unreadable: string[] };
  /** Secret names and token presence from the sealed entries; decrypts nothing. */
  presence(id: string): SecretPresence;
  /** Whether an account is damaged; known while unlocked (null while locked). */
  damage(id: string): AccountDamage | null;
  /** A person checked an account changed outside TokenDesk and vouches for it: re-signs it. */
  confirm(id: string): Promise<void>;
  /**
   * Inserts or replaces an account; resolves once the change is on disk (group commit: puts that
   * arrive together share one write). Without `secrets` the stored secrets are kept; with
   * `{ token }` only (a refresh) the sealed secret fields are kept as they are and only the token is
   * sealed, so a refresh neither re-encrypts nor decrypts the fields.
   */
  put(account: StoredAccount, secrets?: AccountSecrets | TokenChange): Promise<void>;
  remove(id: string): Promise<void>;
  /**
   * The custom providers' definitions, readable while locked (they are metadata, like accounts). Each
   * definition is frozen: a copy is made by whoever wants to change one.
   */
  definitions(): StoredDefinition[];
  /** One custom provider's definition (frozen), or undefined. */
  definition(id: string): StoredDefinition | undefined;
  /**
   * Whether a definition is as TokenDesk stored it (its MAC matches): false when it was changed outside
   * TokenDesk; null while locked or when there is no such definition.
   */
  definitionAuthentic(id: string): boolean | null;
  /**
   * Stores (or replaces) a custom provider's definition, signed; needs the vault unlocked. `updatedAt`:
   * when it was stored (default now).
   */
  putDefinition(id: string, definition: unknown, updatedAt?: number): Promise<void>;
  /** Removes a custom provider's definition (accounts that use it are left as they are). */
  removeDefinition(id: string): Promise<void>;
  settings(): Settings;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  /** Resolves when every change so far is on disk. */
  flush(): Promise<void>;
  /**
   * Writes unsaved changes with synchronous I/O where that is safe without waiting, for a process about
   * to end with no event-loop turn left (disk-sync.ts says when it leaves them).
   */
  saveNowSync(): SaveNowOutcome;
  /**
   * Subscribes to changes another process (the CLI, another app) saved to the same vault. Memory already
   * holds them when the listener is called: accounts changed here and not saved yet keep this process's
   * version. Both lists are empty when only settings or key slots changed (or a vault appeared where
   * there was none: see info()). While anyone listens, the data folder is watched. Returns the
   * unsubscribe function.
   */
  onExternalChange(listener: (changedIds: string[], removedIds: string[]) => void): () => void;
  /** Loads another process's newer save into memory now (listeners hear of it); a no-op when there is none. */
  checkExternalChanges(): Promise<void>;
  /** Saves what is pending, stops watching the folder and drops the key. */
  close(): Promise<void>;
}
