import type { AccountView } from '../../../shared/account';
import type { VaultStatus } from '../../../shared/ipc-contract';
import type { Clock, SecretBox } from '../platform';
import type { StoredAccount, Vault } from '../vault/types';
import { TypedEmitter } from './emitter';
import { storedAccount } from './guards';
import type { ProviderCatalog } from './provider-catalog';
import { vaultStatus } from './status';
import type { AutoRefreshState, CoreEvents } from './types';
import { toAccountView } from './views';

/**
 * What the core tells its listeners, and the views it builds for them: an account's view joins the
 * vault's record with what only this process knows (a refresh in flight, the scheduler's state), and
 * notices are the few things that went wrong beside a command's own result.
 */
export class CoreNews {
  readonly events: TypedEmitter<CoreEvents>;
  private readonly autoStates = new Map<string, AutoRefreshState>();
  private readonly notices: string[] = [];

  constructor(
    private readonly vault: Vault,
    private readonly clock: Clock,
    private readonly catalog: ProviderCatalog,
    private readonly place: { dataDir: string; secretBox: SecretBox | undefined },
    private readonly refreshing: (id: string) => boolean,
  ) {
    this.events = new TypedEmitter<CoreEvents>(() => this.notice('A TokenDesk event listener failed; the view may be stale until the next change.'));
  }

  status(): VaultStatus {
    return vaultStatus(this.vault.info(), this.place.secretBox, this.place.dataDir, this.notices);
  }

  view(account: Readonly<StoredAccount>, now = this.clock.now()): AccountView {
    return toAccountView(account, {
      now,
      presence: this.vault.presence(account.id),
      damage: this.vault.damage(account.id),
      refreshing: this.refreshing(account.id),
      autoRefreshState: this.autoStates.get(account.id),
    });
  }

  list(): AccountView[] {
    // Straight from the vault's memory, decrypting nothing.
    const now = this.clock.now();
    return Array.from(this.vault.peek(), (account) => this.view(account, now));
  }

  /** Tells listeners the account `id` changed; returns its view. */
  changed(id: string): AccountView {
    const view = this.view(storedAccount(this.vault, id));
    this.events.emit('accounts:changed', { upserted: [view], removed: [] });
    return view;
  }

  /** Tells listeners the accounts `ids` changed, in one event (an import). */
  changedMany(ids: string[]): void {
    this.events.emit('accounts:changed', { upserted: ids.map((id) => this.view(storedAccount(this.vault, id))), removed: [] });
  }

  removed(id: string): void {
    this.autoStates.delete(id);
    this.events.emit('accounts:changed', { upserted: [], removed: [id] });
  }

  /** Tells listeners an account changed (refreshing, refreshed, auto-refresh state); no listener, no view built. */
  announce(id: string): void {
    if (!this.events.has('accounts:changed')) return;
    const account = this.vault.get(id);
    if (account) this.events.emit('accounts:changed', { upserted: [this.view(account)], removed: [] });
  }

  setAutoRefreshState(id: string, state: AutoRefreshState | null): void {
    if (state) this.autoStates.set(id, state);
    else this.autoStates.delete(id);
    this.announce(id);
  }

  /** Unlocking tells which accounts are damaged: every view is sent again. */
  allChanged(): void {
    this.events.emit('accounts:changed', { upserted: this.list(), removed: [] });
  }

  /** Another process saved the vault: drop what we derived from the old copy and tell the listeners. */
  externalChange(changed: string[], removed: string[]): void {
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
  providersChanged(): void {
    if (this.events.has('providers:changed')) this.events.emit('providers:changed', this.catalog.infos());
  }

  vaultChanged(): VaultStatus {
    const status = this.status();
    this.events.emit('vault:changed', status);
    return status;
  }

  /** Something went wrong beside a command's own result; the status carries the last few. */
  notice(message: string): void {
    if (!this.notices.includes(message)) this.notices.push(message);
    if (this.notices.length > 5) this.notices.shift();
  }
}
