import { randomUUID } from 'node:crypto';
import type { AccountView } from '../../../shared/account';
import type { Vault } from '../vault/types';
import { checkAccountName, newStoredAccount, parseCreate, parseUpdate, prepareCreate, prepareUpdate, type CreateInput, type UpdateInput } from './account-input';
import { tokenAfterEdit } from './edit-origins';
import { acceptedRows } from './account-rows';
import type { CoreNews } from './core-news';
import { storedAccount } from './guards';
import type { ProviderCatalog } from './provider-catalog';

/** Adding, changing and removing accounts: each input checked as the provider defines it, then stored and told. */
export class AccountWrites {
  constructor(
    private readonly vault: Vault,
    private readonly catalog: ProviderCatalog,
    private readonly news: CoreNews,
    private readonly now: () => number,
    private readonly requireUnlocked: () => void,
  ) {}

  async create(raw: CreateInput): Promise<AccountView> {
    const input = parseCreate(raw);
    checkAccountName(input.name);
    this.requireUnlocked();
    const provider = this.catalog.forNewAccount(input.provider);
    const values = prepareCreate(provider, input.values);
    const account = newStoredAccount(input, provider, values.fields, randomUUID(), this.now());
    await this.vault.put(account, { fields: values.secrets, token: null });
    return this.news.changed(account.id);
  }

  /**
   * Creates every row of a file once all of them pass; all or nothing: should a write fail after the
   * checks, the accounts already added are removed again and the failure is thrown.
   */
  async createAll(input: { provider: string; text: string; autoRefresh?: boolean | undefined }): Promise<AccountView[]> {
    this.requireUnlocked();
    const rows = acceptedRows(this.catalog.forNewAccount(input.provider), input.text, input.autoRefresh);
    const added = await Promise.allSettled(rows.map((row) => this.create(row)));
    const failed = added.find((a): a is PromiseRejectedResult => a.status === 'rejected');
    const created = added.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    if (!failed) return created;
    for (const view of created) await this.remove(view.id).catch(() => undefined);
    throw failed.reason;
  }

  async update(raw: UpdateInput): Promise<AccountView> {
    const input = parseUpdate(raw);
    this.requireUnlocked();
    const current = storedAccount(this.vault, input.id);
    if (input.name !== undefined && input.name !== current.name) checkAccountName(input.name);
    const named = { name: input.name ?? current.name, env: input.env ?? current.env, autoRefresh: input.autoRefresh ?? current.autoRefresh };
    // Without its provider (a custom one removed with --force) only the name, environment and
    // auto-refresh can change: the field values stay as they are until the definition is back.
    if (Object.keys(input.values ?? {}).length === 0 && !this.catalog.info(current.provider)) {
      await this.vault.put({ ...current, ...named, updatedAt: this.now() });
      return this.news.changed(input.id);
    }
    const provider = this.catalog.find(current.provider);
    // A secret that fails its integrity check counts as not set: the person enters it again here.
    const { secrets } = this.vault.readableSecrets(input.id);
    const values = prepareUpdate(provider, { fields: current.fields, secrets: secrets.fields }, input.values ?? {});
    await this.vault.put(
      { ...current, ...named, fields: values.fields, updatedAt: this.now() },
      { fields: values.secrets, token: tokenAfterEdit(provider, { account: current, secrets }, values, input.values ?? {}) },
    );
    return this.news.changed(input.id);
  }

  async confirm(id: string): Promise<AccountView> {
    this.requireUnlocked();
    storedAccount(this.vault, id);
    await this.vault.confirm(id);
    return this.news.changed(id);
  }

  async remove(id: string): Promise<void> {
    storedAccount(this.vault, id);
    await this.vault.remove(id);
    this.news.removed(id);
  }
}
