import type { AccountView, HistoryEntry, RefreshResult } from '../../../shared/account';
import type { AccountRowsPreview } from '../../../shared/account-rows';
import type { ErrorInfo } from '../../../shared/errors';
import type { ImportChoice, ImportItem, ImportOutcome } from '../../../shared/import-plan';
import type { ProviderTryResult, VaultStatus } from '../../../shared/ipc-contract';
import type { QrLoginProgress } from '../../../shared/qr-login';
import type { ProviderInfo, TokenFormat } from '../../../shared/providers';
import type { Settings, SettingsPatch } from '../../../shared/settings';
import { toErrorInfo, TokenDeskError } from '../errors';
import { HistoryLog } from '../history/history-log';
import type { HttpClient } from '../http/types';
import type { QrLogins, QrLoginOptions, StartedQrLogin } from '../login/qr-login';
import { systemClock, type Clock } from '../platform';
import type { Provider } from '../providers/types';
import { openVault } from '../vault';
import type { SaveNowOutcome } from '../vault/disk-sync';
import { DEFAULT_LEASE_TIMINGS, RefreshLeases } from '../vault/refresh-lease';
import type { StoredAccount, Vault } from '../vault/types';
import { previewRows } from './account-rows';
import type { CreateInput, UpdateInput } from './account-input';
import { AccountWrites } from './account-writes';
import { BundleTransfer } from './bundle-transfer';
import { CoreNews } from './core-news';
import { DiagnosticStore } from './diagnostics';
import { TypedEmitter } from './emitter';
import { formatToken } from './format-token';
import { historyEntry } from './history-entry';
import { requireUnlocked, storedAccount } from './guards';
import { maskSecrets } from './mask';
import { MemoryCache } from './memory-cache';
import { ProviderAdmin } from './provider-admin';
import { ProviderCatalog } from './provider-catalog';
import { coreQrLogins } from './qr-login-save';
import { exchangeInput } from './refresh';
import { Refreshes } from './refreshes';
import { SingleFlight } from './single-flight';
import type { AutoRefreshState, CoreEvents, CoreOptions, MaskedSecrets, OpenedCore, RefreshTrigger } from './types';

/** Opens the vault in `options.dataDir` and returns the engine facade. */
export async function openCore(options: CoreOptions): Promise<OpenedCore> {
  const clock = options.clock ?? systemClock;
  const vault = await openVault({ dir: options.dataDir, secretBox: options.secretBox, clock, scrypt: options.scrypt });
  return new Core(options, vault, clock);
}

class Core implements OpenedCore {
  readonly dataDir: string;
  private readonly news: CoreNews;
  private readonly historyLog: HistoryLog;
  /** The one single-flight map of this core: account refreshes and providers' shared credential fetches. */
  private readonly flights = new SingleFlight();
  private readonly refreshes: Refreshes;
  /** Provider credentials derived from vault secrets (OneAccess access tokens, OpenIM admin tokens). */
  private readonly cache: MemoryCache;
  /** The onLock hooks (TokenDeskCore.onLock); one that throws does not keep the others, or the lock itself, from happening. */
  private readonly lockHooks = new TypedEmitter<{ lock: undefined }>(() =>
    this.news.notice('A cache could not be cleared when the vault locked; restart TokenDesk to be sure it is empty.'),
  );
  private readonly qrLogins: QrLogins;
  private readonly diagnostics = new DiagnosticStore();
  private readonly bundles: BundleTransfer;
  private readonly catalog: ProviderCatalog;
  private readonly providerAdmin: ProviderAdmin;
  private readonly accounts: AccountWrites;
  private http: HttpClient;
  /** The client behind `http`, loaded at its first request (or `prepareHttp`). */
  private loadingHttp: Promise<HttpClient> | undefined;
  private closed = false;
  /** guards.ts requireUnlocked for this vault; the parts that write or decrypt are handed it. */
  private readonly requireUnlocked = (): void => requireUnlocked(this.vault, this.dataDir);

  constructor(
    private readonly options: CoreOptions,
    private readonly vault: Vault,
    private readonly clock: Clock,
  ) {
    this.dataDir = options.dataDir;
    this.historyLog = new HistoryLog(options.dataDir);
    this.http = this.buildHttp();
    this.catalog = new ProviderCatalog(vault);
    this.news = new CoreNews(vault, clock, this.catalog, { dataDir: this.dataDir, secretBox: options.secretBox }, (id) => this.refreshes.isRunning(id));
    this.cache = new MemoryCache(() => clock.now(), this.flights);
    this.onLock(() => this.cache.clear());
    this.onLock(() => this.diagnostics.clear());
    this.bundles = new BundleTransfer(vault, clock, this.news, { scrypt: options.scrypt, requireUnlocked: this.requireUnlocked });
    this.onLock(() => this.bundles.clear());
    this.accounts = new AccountWrites(vault, this.catalog, this.news, () => clock.now(), this.requireUnlocked);
    this.providerAdmin = new ProviderAdmin(vault, this.catalog, this.news, { clock, http: () => this.http, requireUnlocked: this.requireUnlocked });
    const refreshDeps = {
      vault,
      clock,
      http: () => this.http,
      cache: this.cache,
      history: this.historyLog,
      provider: (account: StoredAccount) => this.catalog.runnable(account.provider),
      onHistoryError: (error: unknown) => this.news.notice(toErrorInfo(error).message),
      diagnostics: this.diagnostics,
    };
    // Wall-clock time, not the injected clock: leases are compared across processes.
    const leases = new RefreshLeases(options.dataDir, Date.now, { ...DEFAULT_LEASE_TIMINGS, ...options.leases });
    this.refreshes = new Refreshes(refreshDeps, leases, this.flights, this.news, { concurrency: options.concurrency ?? 8, requireUnlocked: this.requireUnlocked });
    this.qrLogins = coreQrLogins({ ...refreshDeps, news: this.news, requireUnlocked: this.requireUnlocked });
    if (options.watchExternalChanges) vault.onExternalChange((changed, removed) => this.news.externalChange(changed, removed));
  }

  status(): VaultStatus {
    return this.news.status();
  }

  async initialize(passphrase?: string): Promise<VaultStatus> {
    await this.vault.create(passphrase === undefined ? {} : { passphrase });
    return this.news.vaultChanged();
  }

  async unlock(passphrase: string, options?: { endLock?: boolean }): Promise<VaultStatus> {
    await this.vault.unlock(passphrase, options);
    this.news.allChanged();
    // Whether each definition is genuine is known only with the key.
    this.news.providersChanged();
    return this.news.vaultChanged();
  }

  lock(): VaultStatus {
    this.qrLogins.cancelAll();
    // A lock by the person (or idle, screen lock) holds across restarts until the passphrase is given.
    this.vault.lock({ persist: true });
    // Admin and access tokens came from the vault's secrets: locked means they are gone from memory too
    // (the cache registered itself as a lock hook; other caches can do the same).
    this.lockHooks.emit('lock', undefined);
    return this.news.vaultChanged();
  }

  onLock(hook: () => void): () => void {
    return this.lockHooks.on('lock', hook);
  }

  async setPassphrase(next: string, current?: string): Promise<VaultStatus> {
    if (this.vault.info().state === 'uninitialized') await this.vault.create({ passphrase: next });
    else await this.vault.setPassphrase(next, current);
    return this.news.vaultChanged();
  }

  async removePassphrase(current: string): Promise<VaultStatus> {
    await this.vault.removePassphrase(current);
    return this.news.vaultChanged();
  }

  providers(): ProviderInfo[] {
    return this.catalog.infos();
  }

  provider(id: string): Provider {
    return this.catalog.find(id);
  }

  providerDefinition(id: string): { definition: unknown; accounts: number } {
    return this.providerAdmin.definition(id);
  }

  defineProvider(definition: unknown, options: { replace?: boolean } = {}): Promise<ProviderInfo> {
    return this.providerAdmin.define(definition, options);
  }

  removeProvider(id: string, options: { force?: boolean } = {}): Promise<{ orphaned: number }> {
    return this.providerAdmin.remove(id, options);
  }

  tryProvider(input: { definition: unknown; accountId?: string | undefined; values?: Record<string, string> | undefined }): Promise<ProviderTryResult> {
    return this.providerAdmin.try(input);
  }

  list(): AccountView[] {
    return this.news.list();
  }

  get(id: string): AccountView {
    return this.news.view(storedAccount(this.vault, id));
  }

  create(raw: CreateInput): Promise<AccountView> {
    return this.accounts.create(raw);
  }

  previewAccounts(input: { provider: string; text: string }): AccountRowsPreview {
    return previewRows(this.catalog.forNewAccount(input.provider), input.text);
  }

  createAccounts(input: { provider: string; text: string; autoRefresh?: boolean | undefined }): Promise<AccountView[]> {
    return this.accounts.createAll(input);
  }

  update(raw: UpdateInput): Promise<AccountView> {
    return this.accounts.update(raw);
  }

  confirm(id: string): Promise<AccountView> {
    return this.accounts.confirm(id);
  }

  async remove(id: string): Promise<void> {
    await this.accounts.remove(id);
    this.diagnostics.delete(id);
  }

  refresh(id: string, trigger: RefreshTrigger = 'manual'): Promise<RefreshResult> {
    return this.refreshes.refresh(id, trigger);
  }

  refreshAll(options: { ids?: string[]; ifExpiringWithinMs?: number; trigger?: RefreshTrigger } = {}): Promise<RefreshResult[]> {
    return this.refreshes.refreshAll(options);
  }

  token(id: string): string {
    this.requireUnlocked();
    const account = storedAccount(this.vault, id);
    const token = this.vault.secrets(id).token;
    if (token === null) {
      throw new TokenDeskError('not_found', `"${account.name}" has no token yet; refresh it first.`, { next: { kind: 'refresh' }, account: id });
    }
    return token;
  }

  formatToken(id: string, format: TokenFormat): string {
    const token = this.token(id);
    const account = storedAccount(this.vault, id);
    // Without its provider (a custom one removed with --force) the token itself is still the person's.
    if (format === 'raw' && !this.catalog.info(account.provider)) return token;
    const provider = this.catalog.find(account.provider);
    const input = exchangeInput(provider, account, this.vault.secrets(id));
    return formatToken(provider, account, token, format, input);
  }

  async recordSecretUse(id: string, operation: string, error?: ErrorInfo): Promise<void> {
    const entry = historyEntry(this.vault.peekAccount(id), { at: this.clock.now(), accountId: id, operation, trigger: 'manual', httpStatus: null, durationMs: 0, outcome: error ? 'error' : 'ok', error });
    await this.historyLog.append(entry).catch((failure: unknown) => this.news.notice(toErrorInfo(failure).message));
  }

  diagnostic(id: string): string {
    const account = storedAccount(this.vault, id);
    return this.diagnostics.text(id, account.name);
  }

  maskedSecrets(id: string): MaskedSecrets {
    this.requireUnlocked();
    storedAccount(this.vault, id);
    return maskSecrets(this.vault.secrets(id));
  }

  exportBundle(options: { ids?: string[]; passphrase: string }): Promise<{ text: string; count: number }> {
    return this.bundles.export(options);
  }

  async importBundle(options: { text: string; passphrase: string; replace?: ImportChoice[] }): Promise<ImportOutcome[]> {
    const { ticket } = await this.bundles.open(options);
    return this.bundles.importOpened({ ticket, replace: options.replace ?? [] });
  }

  openBundle(options: { text: string; passphrase: string }): Promise<{ ticket: string; items: ImportItem[] }> {
    return this.bundles.open(options);
  }

  importOpened(options: { ticket: string; replace: ImportChoice[] }): Promise<ImportOutcome[]> {
    return this.bundles.importOpened(options);
  }

  discardBundle(ticket: string): void {
    this.bundles.discard(ticket);
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
    this.news.events.emit('settings:changed', next);
    return next;
  }

  startQrLogin(id: string, options: QrLoginOptions = {}): Promise<StartedQrLogin> {
    return this.qrLogins.start(id, { ...options, timeoutMs: options.timeoutMs ?? this.options.qrLoginTimeoutMs });
  }

  waitQrLogin(loginId: string, afterAttempt?: number): Promise<QrLoginProgress> {
    return this.qrLogins.wait(loginId, afterAttempt);
  }

  cancelQrLogin(loginId: string): void {
    this.qrLogins.cancel(loginId);
  }

  setAutoRefreshState(id: string, state: AutoRefreshState | null): void {
    this.news.setAutoRefreshState(id, state);
  }

  on<E extends keyof CoreEvents>(event: E, listener: (payload: CoreEvents[E]) => void): () => void {
    return this.news.events.on(event, listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.qrLogins.cancelAll();
    this.bundles.clear();
    await this.refreshes.settle();
    await this.historyLog.flush();
    await this.vault.close();
    this.lockHooks.emit('lock', undefined);
    this.news.events.clear();
  }

  saveNowSync(): SaveNowOutcome {
    return this.vault.saveNowSync();
  }

  /**
   * The HTTP client, built at its first request: a command that sends none (list, show, token) loads
   * no TLS, proxy or certificate code and reads no CA file.
   */
  private buildHttp(): HttpClient {
    if (this.options.httpClient) return this.options.httpClient;
    this.loadingHttp = undefined;
    return { request: async (request) => (await this.loadHttp()).request(request) };
  }

  private loadHttp(): Promise<HttpClient> {
    const options = { ...this.options.http, timeoutMs: this.options.http?.timeoutMs ?? this.vault.settings().httpTimeoutSec * 1000 };
    return (this.loadingHttp ??= import('../http/client').then((http) => http.createHttpClient(options)));
  }

  /**
   * Loads the HTTP client now, without sending: a command about to send calls it before the
   * passphrase's key derivation, which runs off the main thread, so the two overlap.
   */
  prepareHttp(): void {
    if (!this.options.httpClient) void this.loadHttp().catch(() => undefined);
  }
}
