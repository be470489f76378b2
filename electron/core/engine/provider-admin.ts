import type { ProviderTryResult } from '../../../shared/ipc-contract';
import { isBuiltinProviderId, type ProviderInfo } from '../../../shared/providers';
import { TokenDeskError } from '../errors';
import type { HttpClient } from '../http/types';
import type { Clock } from '../platform';
import type { Vault } from '../vault/types';
import type { CoreNews } from './core-news';
import { storedAccount } from './guards';
import type { ProviderCatalog } from './provider-catalog';
import { definitionOrThrow, tryDefinition } from './provider-try';
import { forgetMovedSecrets } from './edit-origins';

/** How many accounts of the vault use the provider `id`. */
export function accountsUsing(vault: Vault, id: string): number {
  let count = 0;
  for (const account of vault.peek()) if (account.provider === id) count += 1;
  return count;
}

/** A definition is a page of JSON; anything larger is not one (and would be rewritten with every save of the vault). */
export const MAX_DEFINITION_CHARS = 64 * 1024;

const accountsWord = (n: number): string => (n === 1 ? '1 account uses' : `${n} accounts use`);

/** Custom providers as the core offers them: read, define, remove and try a definition. */
export class ProviderAdmin {
  constructor(
    private readonly vault: Vault,
    private readonly catalog: ProviderCatalog,
    private readonly news: CoreNews,
    private readonly deps: { clock: Clock; http(): HttpClient; requireUnlocked(): void },
  ) {}

  definition(id: string): { definition: unknown; accounts: number } {
    return { definition: this.catalog.definition(id), accounts: accountsUsing(this.vault, id) };
  }

  /**
   * Validates and stores a custom provider's definition as the person wrote it (the stored JSON is what
   * `provider show` gives back), signed under the data key.
   */
  async define(raw: unknown, options: { replace?: boolean }): Promise<ProviderInfo> {
    const size = JSON.stringify(raw)?.length ?? 0;
    if (size > MAX_DEFINITION_CHARS) {
      throw new TokenDeskError('invalid_input', `definition: is ${Math.ceil(size / 1024)} KB as JSON; a definition may be at most ${MAX_DEFINITION_CHARS / 1024} KB.`, { needsUser: true });
    }
    const definition = definitionOrThrow(raw);
    this.deps.requireUnlocked();
    if (!options.replace && this.catalog.isDefined(definition.id)) {
      throw new TokenDeskError(
        'invalid_input',
        `A custom provider "${definition.id}" already exists. Replace it on purpose (tokendesk provider add --file DEF.json --replace, or replace in the editor), or choose another id.`,
        { needsUser: true },
      );
    }
    const before = options.replace ? this.catalog.runnableDefinition(definition.id) : null;
    await this.vault.putDefinition(definition.id, raw);
    await forgetMovedSecrets(this.vault, before, definition, this.deps.clock.now());
    const info = this.catalog.info(definition.id);
    if (!info) throw new TokenDeskError('internal', `The definition of ${definition.id} was not stored; try again.`);
    this.news.providersChanged();
    return info;
  }

  /** Removes a custom provider; accounts that use it stay (shown as "provider missing") only with `force`. */
  async remove(id: string, options: { force?: boolean }): Promise<{ orphaned: number }> {
    if (isBuiltinProviderId(id)) throw new TokenDeskError('invalid_input', `${id} is a built-in provider; only custom providers can be removed.`, { needsUser: true });
    if (!this.catalog.isDefined(id)) this.catalog.definition(id); // throws not_found with what to do
    const orphaned = accountsUsing(this.vault, id);
    if (orphaned > 0 && !options.force) {
      throw new TokenDeskError(
        'invalid_input',
        `${accountsWord(orphaned)} the provider ${id}. Remove those accounts first, or remove the provider anyway with --force (the accounts are kept and shown as "provider missing" until the definition is added again).`,
        { needsUser: true },
      );
    }
    await this.vault.removeDefinition(id);
    this.news.providersChanged();
    return { orphaned };
  }

  async try(input: { definition: unknown; accountId?: string | undefined; values?: Record<string, string> | undefined }): Promise<ProviderTryResult> {
    let target = null;
    if (input.accountId !== undefined) {
      this.deps.requireUnlocked();
      const account = storedAccount(this.vault, input.accountId);
      target = { account, secrets: this.vault.secrets(account.id), own: this.catalog.runnableDefinition(account.provider) };
    }
    return tryDefinition(input.definition, target, input.values ?? {}, { http: this.deps.http(), now: () => this.deps.clock.now() });
  }
}
