import { randomUUID } from 'node:crypto';
import type { AccountView, HistoryEntry, RefreshResult } from '../../../shared/account';
import type { AccountRowsPreview } from '../../../shared/account-rows';
import type { ErrorInfo } from '../../../shared/errors';
import type { VaultStatus } from '../../../shared/ipc-contract';
import type { QrLoginProgress } from '../../../shared/qr-login';
import type { ProviderInfo, TokenFormat } from '../../../shared/providers';
import type { Settings, SettingsPatch } from '../../../shared/settings';
import { toErrorInfo, TokenDeskError } from '../errors';
import { HistoryLog } from '../history';
import { QrLogins, type QrLoginOptions, type StartedQrLogin } from '../login/qr-login';
import { createHttpClient } from '../http/client';
import type { HttpClient } from '../http/types';
import { systemClock, type Clock } from '../platform';
import type { ImportChoice, ImportItem, ImportOutcome } from '../../../shared/import-plan';
import { BundleImports } from '../transfer/bundle-imports';
import { exportAccounts } from '../transfer/transfer';
import { openVault } from '../vault';
import { DEFAULT_LEASE_TIMINGS, RefreshLeases } from '../vault/refresh-lease';
import type { StoredAccount, Vault } from '../vault/types';
import type { SaveNowOutcome } from '../vault/disk-sync';
import { checkAccountName, newStoredAccount, prepareCreate, prepareUpdate } from './account-input';
import { acceptedRows, createAll, previewRows } from './account-rows';
import { mapWithConcurrency, settleWithin } from './concurrency';
import { TypedEmitter } from './emitter';
import { tokenAfterEdit } from './edit-origins';
import { formatToken } from './format-token';
import { isDue, requireUnlocked } from './guards';
import { accountsUsing, defineProvider, removeProvider } from './provider-admin';
import { ProviderCatalog } from './provider-catalog';
import { tryDefinition } from './provider-try';
import type { Provider } from '../providers/types';
import { parseCreate, parseUpdate, type CreateInput, type UpdateInput } from './inputs';
import { maskSecrets } from './mask';
import { LockHooks } from './lock-hooks';
import { MemoryCache } from './memory-cache';
import { qrLoginHistoryEntry, saveQrLogin } from './qr-login-save';
import { DiagnosticStore } from './diagnostics';
import { exchangeInput, runRefresh, type RefreshDeps } from './refresh';
import { secretUseEntry } from './secret-use';
import { refreshAcrossProcesses } from './refresh-across-processes';
import { vaultStatus } from './status';
import type { AutoRefreshState, CoreEvents, CoreOptions, MaskedSecrets, OpenedCore, RefreshTrigger } from './types';
import type { ProviderTryResult } from '../../../shared/ipc-contract';
import { toAccountView } from './views';

/** How long close() waits for refreshes in flight before it closes the vault anyway. */
const CLOSE_WAIT_MS = 10_000;

/** The error for an id no account has (one wording for every command). */
function noAccount(id: string): TokenDeskError {
  return new TokenDeskError('not_found', `No account with id "${id}". List the accounts to see their ids.`);
}

/** Opens the vault in `options.dataDir` and returns the engine facade. */
export async function openCore(options: CoreOptions): Promise<OpenedCore> {
  const clock = options.clock ?? systemClock;
  const vault = await openVault({
    dir: options.dataDir,
    ...(options.secretBox ? { secretBox: options.secretBox } : {}),
    clock,
    ...(options.scrypt ? { scrypt: options.scrypt } : {}),
  });
  return new Core(options, vault, clock);
}

class Core implements OpenedCore {
  readonly dataDir: string;
  private readonly events: TypedEmitter<CoreEvents>;
  private readonly historyLog: HistoryLog;
  private readonly inflight = new Map<string, Promise<RefreshResult>>();
  /** Bulk refreshes running, until their leases are handed back (close waits for them too). */
  private readonly bulk = new Set<Promise<unknown>>();
  private readonly autoStates = new Map<string, AutoRefreshState>();
  private readonly notices: string[] = [];
  private readonly refreshDeps: RefreshDeps;
  /** Provider credentials derived from vault secrets (OneAccess access tokens, OpenIM admin tokens). */
  private readonly cache: MemoryCache;
  private readonly lockHooks = new LockHooks();
  /** One refresher per account across processes (the app, tokendesk watch, the CLI). */
  private readonly leases: RefreshLeases;
  private readonly qrLogins: QrLogins;
  private readonly diagnostics = new DiagnosticStore();
  private readonly bundleImports: BundleImports;
  /** The built-in providers and this vault's custom ones. */
  private readonly catalog: ProviderCatalog;
  private http: HttpClient;
  private closed = false;

  constructor(
    private readonly options: CoreOptions,
    private readonly vault: Vault,
    private readonly clock: Clock,
  ) {
    this.dataDir = options.dataDir;
    this.events = new TypedEmitter<CoreEvents>(() => this.notice('A TokenDesk event listener failed; the view may be stale until the next change.'));
    this.historyLog = new HistoryLog(options.dataDir);
    // Wall-clock time, not the injected clock: leases are compared across processes.
    this.leases = new RefreshLeases(options.dataDir, Date.now, { ...DEFAULT_LEASE_TIMINGS, ...options.leases });
    this.http = this.buildHttp();
    this.catalog = new ProviderCatalog(vault);
    this.cache = new MemoryCache(() => clock.now());
    this.onLock(() => this.cache.clear());
    this.onLock(() => this.diagnostics.clear());
    this.bundleImports = new BundleImports(vault, () => clock.now());
    this.onLock(() => this.bundleImports.clear());
    this.refreshDeps = {
      vault,
      clock,
      http: () => this.http,
      cache: this.cache,
      history: this.historyLog,
      provider: (account) => this.catalog.runnable(account.provider),
      onHistoryError: (error) => this.notice(toErrorInfo(error).message),
      diagnostics: this.diagnostics,
    };
    this.qrLogins = new QrLogins({
      clock,
      http: () => this.http,
      cache: this.cache,
      input: (id) => {
        this.requireUnlocked();
        const account = this.stored(id);
        const provider = this.catalog.runnable(account.provider);
        return { provider, input: exchangeInput(provider, account, this.vault.secrets(id)) };
      },
      save: async (id, lgToken, result, saveOptions) => {
        await saveQrLogin(this.vault, this.stored(id), lgToken, result, { now: clock.now(), ...saveOptions });
        return this.changed(id);
      },
      record: (entry) => this.historyLog.append(qrLoginHistoryEntry(entry, this.vault.get(entry.accountId), clock.now())),
    });
    if (options.watchExternalChanges) vault.onExternalChange((changed, removed) => this.externalChange(changed, removed));
  }

  status(): VaultStatus {
    return vaultStatus(this.vault.info(), this.options.secretBox, this.dataDir, this.notices);
  }

  async initialize(passphrase?: string): Promise<VaultStatus> {
    await this.vault.create(passphrase === undefined ? {} : { passphrase });
    return this.vaultChanged();
  }

  async unlock(passphrase: string, options?: { endLock?: boolean }): Promise<VaultStatus> {
    await this.vault.unlock(passphrase, options);
    this.allChanged();
    // Whether each definition is genuine is known only with the key.
    this.providersChanged();
    return this.vaultChanged();
  }

  lock(): VaultStatus {
    this.qrLogins.cancelAll();
    // A lock by the person (or idle, screen lock) holds across restarts until the passphrase is given.
    this.vault.lock({ persist: true });
    // Admin and access tokens came from the vault's secrets: locked means they are gone from memory too
    // (the cache registered itself as a lock hook; other caches can do the same).
    this.runLockHooks();
    return this.vaultChanged();
  }

  onLock(hook: () => void): () => void {
    return this.lockHooks.add(hook);
  }

  async setPassphrase(next: string, current?: string): Promise<VaultStatus> {
    if (this.vault.info().state === 'uninitialized') await this.vault.create({ passphrase: next });
    else await this.vault.setPassphrase(next, current);
    return this.vaultChanged();
  }

  async removePassphrase(current: string): Promise<VaultStatus> {
    await this.vault.removePassphrase(current);
    return this.vaultChanged();
  }

  providers(): ProviderInfo[] {
    return this.catalog.infos();
  }

  provider(id: string): Provider {
    return this.catalog.find(id);
  }

  providerDefinition(id: string): { definition: unknown; accounts: number } {
    return { definition: this.catalog.definition(id), accounts: accountsUsing(this.vault, id) };
  }

  async defineProvider(definition: unknown, options: { replace?: boolean } = {}): Promise<ProviderInfo> {
    const info = await defineProvider(this.vault, this.catalog, this.dataDir, definition, options.replace ?? false);
    this.providersChanged();
    return info;
  }

  async removeProvider(id: string, options: { force?: boolean } = {}): Promise<{ orphaned: number }> {
    const removed = await removeProvider(this.vault, this.catalog, id, options.force ?? false);
    this.providersChanged();
    return removed;
  }

  async tryProvider(input: { definition: unknown; accountId?: string | undefined; values?: Record<string, string> | undefined }): Promise<ProviderTryResult> {
    let target = null;
    if (input.accountId !== undefined) {
      this.requireUnlocked();
      const account = this.stored(input.accountId);
      target = { account, secrets: this.vault.secrets(account.id), own: this.catalog.runnableDefinition(account.provider) };
    }
    return tryDefinition(input.definition, target, input.values ?? {}, { http: this.http, now: () => this.clock.now() });
  }

  list(): AccountView[] {
    // Straight from the vault's memory, decrypting nothing.
    const now = this.clock.now();
    const views: AccountView[] = [];
    for (const account of this.vault.peek()) views.push(this.view(account, now));
    return views;
  }

  get(id: string): AccountView {
    return this.view(this.stored(id));
  }

  async create(raw: CreateInput): Promise<AccountView> {
    const input = parseCreate(raw);
    checkAccountName(input.name);
    this.requireUnlocked();
    const provider = this.catalog.forNewAccount(input.provider);
    const values = prepareCreate(provider, input.values);
    const account = newStoredAccount(input, provider, values.fields, randomUUID(), this.clock.now());
    await this.vault.put(account, { fields: values.secrets, token: null });
    return this.changed(account.id);
  }

  previewAccounts(input: { provider: string; text: string }): AccountRowsPreview {
    return previewRows(this.catalog.forNewAccount(input.provider), input.text);
  }

  async createAccounts(input: { provider: string; text: string; autoRefresh?: boolean | undefined }): Promise<AccountView[]> {
    this.requireUnlocked();
    const rows = acceptedRows(this.catalog.forNewAccount(input.provider), input.text, input.autoRefresh);
    return createAll(rows, (row) => this.create(row), (id) => this.remove(id));
  }

  async update(raw: UpdateInput): Promise<AccountView> {
    const input = parseUpdate(raw);
    this.requireUnlocked();
    const current = this.stored(input.id);
    if (input.name !== undefined && input.name !== current.name) checkAccountName(input.name);
    const named = { name: input.name ?? current.name, env: input.env ?? current.env, autoRefresh: input.autoRefresh ?? current.autoRefresh };
    // Without its provider (a custom one removed with --force) only the name, environment and
    // auto-refresh can change: the field values stay as they are until the definition is back.
    if (Object.keys(input.values ?? {}).length === 0 && !this.catalog.info(current.provider)) {
      await this.vault.put({ ...current, ...named, updatedAt: this.clock.now() });
      return this.changed(input.id);
    }
    const provider = this.catalog.find(current.provider);
    // A secret that fails its integrity check counts as not set: the person enters it again here.
    const { secrets } = this.vault.readableSecrets(input.id);
    const values = prepareUpdate(provider, { fields: current.fields, secrets: secrets.fields }, input.values ?? {});
    await this.vault.put(
      { ...current, ...named, fields: values.fields, updatedAt: this.clock.now() },
      { fields: values.secrets, token: tokenAfterEdit(provider, { account: current, secrets }, values, input.values ?? {}) },
    );
    return this.changed(input.id);
  }

  async confirm(id: string): Promise<AccountView> {
    this.requireUnlocked();
    this.stored(id);
    await this.vault.confirm(id);
    return this.changed(id);
  }

  async remove(id: string): Promise<void> {
    this.stored(id);
    await this.vault.remove(id);
    this.autoStates.delete(id);
    this.diagnostics.delete(id);
    this.events.emit('accounts:changed', { upserted: [], removed: [id] });
  }

  refresh(id: string, trigger: RefreshTrigger = 'manual'): Promise<RefreshResult> {
    return this.startRefresh(id, trigger, () => undefined);
  }

  private startRefresh(id: string, trigger: RefreshTrigger, onExchanged: () => void): Promise<RefreshResult> {
    const running = this.inflight.get(id);
    if (running) return running;
    try {
      this.requireUnlocked();
      this.requireAccount(id);
    } catch (error) {
      return Promise.reject(error); // callers always get a promise, also for locked / not_found
    }
    const promise = this.refreshOnce(id, trigger, onExchanged).finally(() => {
      this.inflight.delete(id);
      this.announce(id);
    });
    this.inflight.set(id, promise);
    this.announce(id);
    return promise;
  }

  async refreshAll(options: { ids?: string[]; ifExpiringWithinMs?: number; trigger?: RefreshTrigger } = {}): Promise<RefreshResult[]> {
    this.requireUnlocked();
    const now = this.clock.now();
    // Read in place (no copies): a bulk refresh of 10,000 accounts starts at once.
    const accounts = new Map<string, Readonly<StoredAccount>>();
    for (const account of this.vault.peek()) accounts.set(account.id, account);
    let ids = options.ids ?? [...accounts.keys()];
    const windowMs = options.ifExpiringWithinMs;
    if (windowMs !== undefined) {
      ids = ids.filter((id) => {
        const account = accounts.get(id);
        return !account || isDue(account, now, windowMs);
      });
    }
    // The limit bounds exchanges in flight; a slot frees as soon as its exchange is over, so results
    // waiting for the disk share writes instead of holding the next exchanges back.
    // Every account's cross-process lease in one write, rather than one write per account. A failure
    // here is not the end: each refresh then takes its own lease and reports what stops it.
    await this.leases.prefetch(ids).catch(() => undefined);
    const results = new Array<Promise<RefreshResult>>(ids.length);
    await mapWithConcurrency(ids, this.options.concurrency ?? 8, (id, index) => {
      return new Promise<void>((slotFree) => {
        const result = this.startRefresh(id, options.trigger ?? 'manual', slotFree).catch(
          (error: unknown): RefreshResult => ({ id, ok: false, expiresAt: null, error: toErrorInfo(error, this.clock.now()) }),
        );
        results[index] = result;
        void result.then(() => slotFree());
      });
    });
    const settled = await Promise.all(results);
    // Leases taken ahead for accounts that did not run here (a refresh already in flight joined instead).
    // Not awaited by the caller; close() waits for it, so no lease write outlives a close.
    const released = this.leases.releaseAll(ids).catch(() => this.notice('Some accounts stay reserved for this TokenDesk for up to 2 minutes; other TokenDesk processes wait for them.'));
    this.bulk.add(released);
    void released.finally(() => this.bulk.delete(released));
    return settled;
  }

  token(id: string): string {
    this.requireUnlocked();
    const account = this.stored(id);
    const token = this.vault.secrets(id).token;
    if (token === null) {
      throw new TokenDeskError('not_found', `"${account.name}" has no token yet; refresh it first.`, { next: { kind: 'refresh' }, account: id });
    }
    return token;
  }

  formatToken(id: string, format: TokenFormat): string {
    const token = this.token(id);
    const account = this.stored(id);
    // Without its provider (a custom one removed with --force) the token itself is still the person's.
    if (format === 'raw' && !this.catalog.info(account.provider)) return token;
    const provider = this.catalog.find(account.provider);
    const input = exchangeInput(provider, account, this.vault.secrets(id));
    return formatToken(provider, account, token, format, input);
  }

  async recordSecretUse(id: string, operation: string, error?: ErrorInfo): Promise<void> {
    const entry = secretUseEntry(this.vault.peekAccount(id), id, operation, this.clock.now(), error);
    await this.historyLog.append(entry).catch((failure: unknown) => this.notice(toErrorInfo(failure).message));
  }

  diagnostic(id: string): string {
    const account = this.stored(id);
    return this.diagnostics.text(id, account.name);
  }

  maskedSecrets(id: string): MaskedSecrets {
    this.requireUnlocked();
    this.stored(id);
    return maskSecrets(this.vault.secrets(id));
  }

  async exportBundle(options: { ids?: string[]; passphrase: string }): Promise<{ text: string; count: number }> {
    this.requireUnlocked();
    return exportAccounts(this.vault, this.clock, { ...options, ...(this.options.scrypt ? { scrypt: this.options.scrypt } : {}) });
  }

  async importBundle(options: { text: string; passphrase: string; replace?: ImportChoice[] }): Promise<ImportOutcome[]> {
    const { ticket } = await this.openBundle(options);
    return this.importOpened({ ticket, replace: options.replace ?? [] });
  }

  async openBundle(options: { text: string; passphrase: string }): Promise<{ ticket: string; items: ImportItem[] }> {
    this.requireUnlocked();
    return this.bundleImports.open(options.text, options.passphrase);
  }

  async importOpened(options: { ticket: string; replace: ImportChoice[] }): Promise<ImportOutcome[]> {
    this.requireUnlocked();
    const outcomes = await this.bundleImports.import(options.ticket, options.replace);
    const changed = (o: ImportOutcome): boolean => o.action === 'added' || o.action === 'replaced';
    if (outcomes.some((o) => o.kind === 'provider' && changed(o))) this.providersChanged();
    const written = outcomes.filter((o) => o.kind === 'account' && changed(o)).map((o) => o.id);
    if (written.length > 0) this.events.emit('accounts:changed', { upserted: written.map((id) => this.view(this.stored(id))), removed: [] });
    return outcomes;
  }

  discardBundle(ticket: string): void {
    this.bundleImports.discard(ticket);
  }

  history(options: { id?: string; limit?: number } = {}): Promise<HistoryEntry[]> {
    return this.historyLog.list(options);
  }

  settings(): Settings {
    return this.vault.settings();
  }

  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    const next = await this.vault.updateSettings(patch);
    if (patch.httpTimeoutSec !== undefined) this.http = this.buildHttp();
    this.events.emit('settings:changed', next);
    return next;
  }

  startQrLogin(id: string, options: QrLoginOptions = {}): Promise<StartedQrLogin> {
    const timeoutMs = options.timeoutMs ?? this.options.qrLoginTimeoutMs;
    return this.qrLogins.start(id, { ...options, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  }

  waitQrLogin(loginId: string, afterAttempt?: number): Promise<QrLoginProgress> {
    return this.qrLogins.wait(loginId, afterAttempt);
  }

  cancelQrLogin(loginId: string): void {
    this.qrLogins.cancel(loginId);
  }

  setAutoRefreshState(id: string, state: AutoRefreshState | null): void {
    if (state) this.autoStates.set(id, state);
    else this.autoStates.delete(id);
    this.announce(id);
  }

  on<E extends keyof CoreEvents>(event: E, listener: (payload: CoreEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.qrLogins.cancelAll();
    this.bundleImports.clear();
    await settleWithin([...this.inflight.values()], CLOSE_WAIT_MS, this.clock);
    // A bulk refresh whose last exchange just settled hands its leases back on the next turns.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await Promise.allSettled([...this.bulk]);
    await this.historyLog.flush();
    await this.leases.flushNow().catch(() => this.notice('Refresh reservations could not be handed back; they expire on their own.'));
    await this.vault.close();
    this.runLockHooks();
    this.events.clear();
  }

  saveNowSync(): SaveNowOutcome {
    return this.vault.saveNowSync();
  }

  private async refreshOnce(id: string, trigger: RefreshTrigger, onExchanged: () => void): Promise<RefreshResult> {
    try {
      return await refreshAcrossProcesses(
        this.vault,
        this.leases,
        id,
        () => runRefresh(this.refreshDeps, id, trigger, onExchanged),
        onExchanged,
        () => this.notice('A refresh could not hand back its lock on the account; other TokenDesk processes wait for it to expire (2 minutes).'),
      );
    } catch (error) {
      if (error instanceof TokenDeskError && (error.code === 'locked' || error.code === 'not_found')) throw error;
      return { id, ok: false, expiresAt: this.vault.get(id)?.expiresAt ?? null, error: toErrorInfo(error, this.clock.now()) };
    }
  }

  private buildHttp(): HttpClient {
    if (this.options.httpClient) return this.options.httpClient;
    const timeoutMs = this.options.http?.timeoutMs ?? this.vault.settings().httpTimeoutSec * 1000;
    return createHttpClient({ ...this.options.http, timeoutMs });
  }

  private stored(id: string): StoredAccount {
    const account = this.vault.get(id);
    if (!account) throw noAccount(id);
    return account;
  }

  /** Throws `not_found` unless the account exists; copies nothing (every refresh starts here). */
  private requireAccount(id: string): void {
    if (!this.vault.peekAccount(id)) throw noAccount(id);
  }

  private requireUnlocked(): void {
    requireUnlocked(this.vault, this.dataDir);
  }

  private view(account: Readonly<StoredAccount>, now = this.clock.now()): AccountView {
    return toAccountView(account, {
      now,
      presence: this.vault.presence(account.id),
      damage: this.vault.damage(account.id),
      refreshing: this.inflight.has(account.id),
      autoRefreshState: this.autoStates.get(account.id),
    });
  }

  private changed(id: string): AccountView {
    const view = this.view(this.stored(id));
    this.events.emit('accounts:changed', { upserted: [view], removed: [] });
    return view;
  }

  /** Tells listeners an account changed (refreshing, refreshed, auto-refresh state); no listener, no view built. */
  private announce(id: string): void {
    if (!this.events.has('accounts:changed')) return;
    const account = this.vault.get(id);
    if (account) this.events.emit('accounts:changed', { upserted: [this.view(account)], removed: [] });
  }

  /** Another process saved the vault: drop what we derived from the old copy and tell the listeners. */
  private externalChange(changed: string[], removed: string[]): void {
    for (const id of removed) this.autoStates.delete(id);
    const upserted = changed.flatMap((id) => {
      const account = this.vault.get(id);
      return account ? [this.view(account)] : [];
    });
    this.events.emit('accounts:changed', { upserted, removed });
    this.events.emit('settings:changed', this.vault.settings());
    this.providersChanged();
    this.vaultChanged();
  }

  /** Custom providers were defined or removed (here or by another process): every provider, again. */
  private providersChanged(): void {
    if (this.events.has('providers:changed')) this.events.emit('providers:changed', this.catalog.infos());
  }

  /** Unlocking tells which accounts are damaged: every view is sent again. */
  private allChanged(): void {
    this.events.emit('accounts:changed', { upserted: this.list(), removed: [] });
  }

  private vaultChanged(): VaultStatus {
    const status = this.status();
    this.events.emit('vault:changed', status);
    return status;
  }

  private runLockHooks(): void {
    this.lockHooks.run(() => this.notice('A cache could not be cleared when the vault locked; restart TokenDesk to be sure it is empty.'));
  }

  private notice(message: string): void {
    if (!this.notices.includes(message)) this.notices.push(message);
    if (this.notices.length > 5) this.notices.shift();
  }
}
