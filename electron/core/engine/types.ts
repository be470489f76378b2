import type { ErrorInfo } from '../../../shared/errors';
import type { AccountView, AutoRefreshView, HistoryEntry, RefreshResult } from '../../../shared/account';
import type { EventPayload, ProviderTryResult, VaultStatus } from '../../../shared/ipc-contract';
import type { ProviderInfo, TokenFormat } from '../../../shared/providers';
import type { Settings, SettingsPatch } from '../../../shared/settings';
import type { AccountRowsPreview } from '../../../shared/account-rows';
import type { HttpClient, HttpClientOptions } from '../http/types';
import type { ImportChoice, ImportItem, ImportOutcome } from '../../../shared/import-plan';
import type { QrLoginProgress } from '../../../shared/qr-login';
import type { QrLoginOptions, StartedQrLogin } from '../login/qr-login';
import type { Clock, SecretBox } from '../platform';
import type { LeaseTimings } from '../vault/refresh-lease';
import type { ScryptParams } from '../vault/types';
import type { SaveNowOutcome } from '../vault/disk-sync';
import type { Provider } from '../providers/types';
import type { CreateInput, UpdateInput } from './account-input';

/** Options of openCore. */
export interface CoreOptions {
  dataDir: string;
  /** The OS key slot (Electron safeStorage in the app); absent in the CLI and tests. */
  secretBox?: SecretBox;
  clock?: Clock;
  http?: HttpClientOptions;
  /** Replaces the HTTP client (benchmarks); default: createHttpClient(http). */
  httpClient?: HttpClient;
  scrypt?: ScryptParams;
  /** How long a SaiNiu QR login waits for the scan unless the caller says; default 3 minutes. */
  qrLoginTimeoutMs?: number;
  /** Bulk refresh concurrency; default 8. */
  concurrency?: number;
  /**
   * Watch the vault file for saves by other processes (the CLI beside the app) and emit their changes as
   * events. Long-running processes (the app, `tokendesk watch`) turn it on; one-shot CLI commands need not.
   */
  watchExternalChanges?: boolean;
  /** Cross-process refresh leases (see vault/refresh-lease.ts); tests shorten them. */
  leases?: Partial<LeaseTimings>;
}

/** What triggered a refresh; recorded in the history. */
export type RefreshTrigger = 'manual' | 'auto' | 'cli';

/**
 * Events core emits; main forwards them to the renderer as the IPC event channels of the same names, so
 * their payloads are those channels' schemas (shared/ipc-contract.ts). `app:notified` is main's own.
 */
export type CoreEvents = { [C in 'accounts:changed' | 'vault:changed' | 'settings:changed' | 'providers:changed']: EventPayload<C> };

/** The scheduler's per-account state, shown in AccountView.autoRefresh. */
export type AutoRefreshState = Omit<AutoRefreshView, 'enabled'>;

/**
 * The engine: vault + providers + refresh + history, in plain Node. The desktop app, the CLI and the
 * tests all drive this one object. Methods throw TokenDeskError (`locked`, `not_found`, `invalid_input`).
 */
export interface TokenDeskCore {
  readonly dataDir: string;
  status(): VaultStatus;
  /** Creates the vault: an OS slot where the SecretBox is secure, a passphrase slot when given. */
  initialize(passphrase?: string): Promise<VaultStatus>;
  /** `endLock: false`: a one-shot use (the CLI) that leaves a lock kept across restarts in force. */
  unlock(passphrase: string, options?: { endLock?: boolean }): Promise<VaultStatus>;
  /**
   * Drops the data key from memory, and everything registered with `onLock` (cached provider credentials);
   * with a passphrase the lock holds across restarts.
   */
  lock(): VaultStatus;
  /**
   * Registers a hook run on every lock (and on close): a cache of anything derived from secrets (an
   * access token, a session) empties itself here, so a locked TokenDesk holds no usable credential.
   * Returns the unregister function.
   */
  onLock(hook: () => void): () => void;
  /**
   * Adds or changes the passphrase and rotates the data key (every secret re-sealed, vault.json.bak
   * rewritten); creates the vault when there is none yet.
   */
  setPassphrase(next: string, current?: string): Promise<VaultStatus>;
  removePassphrase(current: string): Promise<VaultStatus>;
  /** Built-in providers, then this vault's custom ones (a custom one that cannot run says why in `problem`). */
  providers(): ProviderInfo[];
  /** A custom provider's stored definition JSON and how many accounts use it; `not_found` for built-ins and unknown ids. */
  providerDefinition(id: string): { definition: unknown; accounts: number };
  /**
   * Validates and stores a custom provider's definition (vault metadata, signed); `invalid_input` naming
   * the field at fault, or when the id exists and `replace` is not set. Needs the vault unlocked.
   */
  defineProvider(definition: unknown, options?: { replace?: boolean }): Promise<ProviderInfo>;
  /**
   * Removes a custom provider; refused (`invalid_input`, saying how many) while accounts use it unless
   * `force`, which keeps them as "provider missing". Returns how many accounts were left without it.
   */
  removeProvider(id: string, options?: { force?: boolean }): Promise<{ orphaned: number }>;
  /**
   * Runs a definition once against an account's values (the vault must be unlocked) and/or `values`;
   * saves nothing. Secret field values and the token are masked in the result.
   */
  tryProvider(input: { definition: unknown; accountId?: string | undefined; values?: Record<string, string> | undefined }): Promise<ProviderTryResult>;
  list(): AccountView[];
  get(id: string): AccountView;
  create(input: CreateInput): Promise<AccountView>;
  /** A file of new accounts (CSV or a JSON array) as a table, with every problem; adds nothing. */
  previewAccounts(input: { provider: string; text: string }): AccountRowsPreview;
  /**
   * Adds every account of a file, each row checked as `create` checks one; a problem anywhere refuses the
   * whole file (`invalid_input` naming each line and column) and nothing is added. Returns the new views.
   */
  createAccounts(input: { provider: string; text: string; autoRefresh?: boolean | undefined }): Promise<AccountView[]>;
  update(input: UpdateInput): Promise<AccountView>;
  remove(id: string): Promise<void>;
  /** Re-signs an account changed outside TokenDesk after a person checked it (AccountView.damage `changed`). */
  confirm(id: string): Promise<AccountView>;
  /**
   * Refreshes one account (single-flight: a second caller joins the first). Provider failures come
   * back as `{ ok: false, error }` and leave the stored token untouched; it throws only for
   * `locked` and `not_found`.
   */
  refresh(id: string, trigger?: RefreshTrigger): Promise<RefreshResult>;
  /** Refreshes many accounts with bounded concurrency (all of them when `ids` is absent). */
  refreshAll(options?: { ids?: string[]; ifExpiringWithinMs?: number; trigger?: RefreshTrigger }): Promise<RefreshResult[]>;
  /** The current token (a secret). */
  token(id: string): string;
  /** The token rendered as a header line, Cookie header, env line, JSON or curl snippet. */
  formatToken(id: string, format: TokenFormat): string;
  /** Seals the chosen accounts (all when `ids` is empty), secrets and tokens included, under a passphrase of its own. */
  exportBundle(options: { ids?: string[]; passphrase: string }): Promise<{ text: string; count: number }>;
  /**
   * Merges a bundle in one go: adds what is new, and replaces an item already here only when `replace`
   * names it (else it keeps this vault's copy and reports what differs). Refuses a wrong passphrase, a
   * changed file or any unsafe item without touching the vault.
   */
  importBundle(options: { text: string; passphrase: string; replace?: ImportChoice[] }): Promise<ImportOutcome[]>;
  /** Opens a bundle and says what importing it would do; holds it (not the passphrase) a few minutes under `ticket`. */
  openBundle(options: { text: string; passphrase: string }): Promise<{ ticket: string; items: ImportItem[] }>;
  /** Imports a bundle opened by openBundle (once), replacing only the items in `replace`. */
  importOpened(options: { ticket: string; replace: ImportChoice[] }): Promise<ImportOutcome[]>;
  /** Drops a bundle opened by openBundle without importing it. */
  discardBundle(ticket: string): void;
  history(options?: { id?: string; limit?: number }): Promise<HistoryEntry[]>;
  /**
   * Writes to the history that the window was given (or refused, with `error`) a token of the account:
   * `operation` is `reveal` or `copy_<format>`. Never the value; a failed write becomes a notice.
   */
  recordSecretUse(id: string, operation: string, error?: ErrorInfo): Promise<void>;
  /**
   * The account's last exchange since TokenDesk started, as text with every credential and token
   * redacted (method, URL, status, headers, clipped bodies); `not_found` before any exchange.
   */
  diagnostic(id: string): string;
  settings(): Settings;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  /**
   * Starts a SaiNiu QR login: GetQRcode, the image fetched here, then polling in the background until
   * the scan (lgToken stored as logonToken, cookies as the token), the deadline, or a dead framework.
   */
  startQrLogin(id: string, options?: QrLoginOptions): Promise<StartedQrLogin>;
  /** The login's progress once it has checked more than `afterAttempt` times, or is over. */
  waitQrLogin(loginId: string, afterAttempt?: number): Promise<QrLoginProgress>;
  cancelQrLogin(loginId: string): void;
  /** Used by the scheduler to publish its per-account state into the account views. */
  setAutoRefreshState(id: string, state: AutoRefreshState | null): void;
  on<E extends keyof CoreEvents>(event: E, listener: (payload: CoreEvents[E]) => void): () => void;
  /** Flushes pending writes and stops timers. */
  close(): Promise<void>;
  /**
   * The session is ending and the process with it, now: writes the vault's unsaved changes synchronously
   * where that is safe (vault/disk-sync.ts saveNowSync), and says what it did.
   */
  saveNowSync(): SaveNowOutcome;
}

/** Masked previews of an account's secrets (`abcd…wxyz (64 chars)` or `••••`), for `tokendesk show`. */
export interface MaskedSecrets {
  /** Secret field name → masked value, for secret fields that hold a value. */
  fields: Record<string, string>;
  /** The masked token, or null before the first refresh. */
  token: string | null;
}

/** What openCore returns: the facade everyone drives plus extras only the CLI needs. */
export interface OpenedCore extends TokenDeskCore {
  /** The provider module of `id` (built-in or defined in this vault); `not_found` saying what to do otherwise. */
  provider(id: string): Provider;
  /** Masked previews of the secrets; throws `locked` / `not_found`. */
  maskedSecrets(id: string): MaskedSecrets;
  /** Loads the HTTP client ahead of a send, e.g. while the passphrase's key derivation runs. */
  prepareHttp(): void;
}
